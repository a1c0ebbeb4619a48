"""The typed core: sources, claims, events and their mentions, attributes, taxonomies, datasets.

A `Dataset` holds what was said, by whom, about which event, checked as a
whole. The model imports only `reconcile.values` below it; reading and writing
files is `reconcile.io`'s job.
"""
