"""Write every output of judging for a few datasets, to compare two versions byte for byte.

Run: ``python benchmarks/judge_outputs.py FOLDER [--data DIR]`` before and
after a change to judging, into two folders, then ``diff -r`` them: a change
that makes judging faster must not change a byte. It writes, for the Camp
Ashraf example and the field corpus, the JSON, Markdown, HTML and CSV
reports and every finding explained; and for simulated claims (``--data``, a
folder with ``claims.jsonl`` and ``sources.yaml``; by default about 10^4
simulated here) the JSON and CSV of the default run, of ``weights="auto"``,
and of the ACLED codebook with its export, and the JSON of an incremental
`update` beside that of the full run it must equal.

Nothing it writes is an expected value: it is only ever compared with what
another version of the code writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import attrs

import reconcile
from benchmarks.field import load_as_far_as_read
from reconcile.simulate import Scenario, generate

ROOT = Path(__file__).resolve().parent.parent
ASHRAF = ROOT / "examples" / "ashraf" / "ashraf.yaml"
FIELD = ROOT / "examples" / "field" / "field.yaml"


def simulated(folder: Path) -> reconcile.Dataset:
    """About 10^4 simulated claims (as `benchmarks/speed.py` makes them), saved and loaded."""
    claims, sources = folder / "claims.jsonl", folder / "sources.yaml"
    if not claims.exists():
        simulation = generate(Scenario(events=457, sources=20, days=1828), seed=1)
        simulation.dataset.save(claims, sources=sources)
    return reconcile.load(claims, sources=sources)


def rows_csv(result: reconcile.Reconciliation) -> str:
    """The findings as CSV, one row per finding (`Reconciliation.to_rows`)."""
    rows = result.to_rows()
    out = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def explained(result: reconcile.Reconciliation) -> str:
    """Every finding explained (`Reconciliation.explain`), one after the other."""
    return "\n\n".join(
        result.explain(finding.event, finding.attribute, finding.qualifier)
        for finding in result.findings
    )


def write_reports(out: Path, name: str, result: reconcile.Reconciliation) -> None:
    """The JSON and CSV of a result, named after the run."""
    (out / f"{name}.json").write_text(reconcile.render_json(result, source=name))
    (out / f"{name}.csv").write_text(rows_csv(result))


def write_examples(out: Path) -> None:
    """Every report of the two bundled examples, and every finding explained."""
    # The field corpus as its benchmark reads it: texts the library cannot read kept as words.
    examples = {"ashraf": reconcile.load(ASHRAF), "field": load_as_far_as_read(FIELD)[0]}
    for name, dataset in examples.items():
        result = reconcile.reconcile(dataset)
        write_reports(out, name, result)
        (out / f"{name}.txt").write_text(reconcile.render_text(result, source=name))
        (out / f"{name}.md").write_text(reconcile.render_markdown(result, source=name))
        (out / f"{name}.html").write_text(reconcile.render_html(result))
        (out / f"{name}.explain.txt").write_text(explained(result))
        for policy in ("ucdp", "acled", "ibc", "airwars"):
            write_reports(out, f"{name}-{policy}", reconcile.reconcile(dataset, policy=policy))


def write_simulated(out: Path, dataset: reconcile.Dataset) -> None:
    """The default run, ``weights="auto"``, the ACLED codebook, and an incremental update."""
    write_reports(out, "sim", reconcile.reconcile(dataset))
    write_reports(out, "sim-auto", reconcile.reconcile(dataset, weights="auto"))
    acled = reconcile.reconcile(dataset, policy="acled")
    write_reports(out, "sim-acled", acled)
    export = reconcile.export(acled, "acled")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "acled.csv"
        export.write_csv(path)
        (out / "sim-acled-export.csv").write_text(path.read_text())
    # An update that adds the last hundredth of the claims must equal the full run.
    claims = dataset.claims
    cut = len(claims) - max(1, len(claims) // 100)
    before = reconcile.reconcile(attrs.evolve(dataset, claims=claims[:cut]))
    updated = reconcile.update(before, claims[cut:], require_incremental=True)
    (out / "sim-update.json").write_text(reconcile.render_json(updated, source="sim"))


def main() -> None:
    """Parse the arguments and write the outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the outputs")
    parser.add_argument(
        "--data", type=Path, help="a folder with claims.jsonl and sources.yaml (made if empty)"
    )
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    write_examples(args.folder)
    with tempfile.TemporaryDirectory() as scratch:
        write_simulated(args.folder, simulated(args.data or Path(scratch)))
    print(f"wrote {len(list(args.folder.iterdir()))} files to {args.folder}")


if __name__ == "__main__":
    main()
