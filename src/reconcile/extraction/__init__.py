"""From articles to candidate claims: the first step of the flow, before a person reviews.

`document` reads text in bounded pieces and refuses what is not text;
`sentences` splits a passage into sentences with their offsets; `lexicon`
says which words name which attribute; `figures` and `dates` find the hedged
figures and the dates; `attribution` finds who is quoted; `mentions` describes
the event from the sentence and its neighbours; `rules` puts them together as
the default `Extractor`; `extractor` holds the protocol, the registry and the
entry-point group; `run` turns documents into a dataset of candidates.
It builds on `reconcile.values` and `reconcile.model` only.
"""
