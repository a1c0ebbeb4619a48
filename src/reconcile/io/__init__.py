"""Files in and out: load and save datasets in YAML, JSON, JSON Lines and CSV.

`files` reads and writes each format and gathers every problem with file,
line, record and field; `convert` turns raw records into the typed model
with cattrs; `jsonschema` describes the formats as JSON Schemas. It builds on
the model and values, and on the findings for the output schema.
"""
