"""Reports of a `Reconciliation`: text, Markdown, JSON and HTML.

`render` writes the text, Markdown and JSON reports and dispatches to
`html`, the self-contained HTML page. Reports read the pipeline's result and
never change it.
"""
