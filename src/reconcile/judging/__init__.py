"""Judging: what the claims of one (event, attribute) say, as a `Finding`.

`group` gathers the claims with their weights and independence into a
`ClaimGroup`; `finding` holds the result (`Finding`, `Contradiction`,
`Status`); `strategy` is the `Strategy` protocol and its combinators;
`strategies/` holds the built-in strategies, by the kind of value they judge;
`registry` finds a strategy by name, built-ins and plug-ins alike. Judging
reads the model and values; it knows nothing of clustering or files.
"""
