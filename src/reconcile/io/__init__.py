"""Files in and out: load and save datasets in YAML, JSON, JSON Lines, CSV, Parquet and Arrow.

`files` reads and writes each format and gathers every problem with file,
line, record and field; `arrow_claims` opens Parquet and Arrow IPC files and
DataFrames as rows of plain cells; `result_tables` writes findings and
contradictions as Arrow tables, DataFrames and Parquet files; `convert`
turns raw records into the typed model with cattrs; `jsonschema` describes
the formats as JSON Schemas. It builds on the model and values, and on the
findings for the output schema.
"""
