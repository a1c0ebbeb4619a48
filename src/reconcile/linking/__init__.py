"""Linking: which event mentions describe the same event.

`MentionClusterer` groups the mentions of a dataset into event clusters,
each link explained. It reads the model and values only.
"""
