"""Reliability: how much each source's word should count, learned from the data.

`models` holds CRH, CATD and OneCoin; `copying` detects sources that copy
each other (with `accucopy`, its NumPy core); `observations` is what all of
them learn from; `columnar` is the label path for millions of claims. It
builds on linking (events) and judging (the figures' distances).
"""
