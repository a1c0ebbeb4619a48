"""Benchmarks of `reconcile`: quality on public truth-discovery datasets (see quality.py)."""
