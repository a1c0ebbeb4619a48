"""Linking: which event mentions describe the same event.

`MentionClusterer` groups the mentions of a dataset into event clusters,
each link explained; `DeclaredEvents` takes the events the claims name by
id, for data that already says which item each claim is about. It reads
the model and values only.
"""
