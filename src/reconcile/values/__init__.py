"""Values: what a claim can state, and how to read one from text.

Figures (`Quantity`, with their hedges and the `HedgePolicy` for vague
words), dates (`TimeSpan`), labels (`Category`), and the parsers that read
them from a report's own words. This is the lowest stage: it imports only
`reconcile.errors` and `reconcile.validators`.
"""
