"""Peak memory of `reconcile.load` per input size and format, measured with ``/usr/bin/time -v``.

Simulated claims are saved in each of the four formats at a few sizes, plus
the worst cases that the limits allow: a YAML file whose aliases expand it to
its alias budget, and a CSV file of cells at the 1 MiB limit. Each file is
loaded in a fresh process under ``/usr/bin/time -v``, whose "Maximum
resident set size" is the peak. Writes ``benchmarks/results/load-memory.md``:

    python benchmarks/load_memory.py
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1_000, 10_000, 30_000)
"""Six times the events simulated: a size gives about 3.7 times as many claims."""
FORMATS = (".yaml", ".json", ".jsonl", ".csv")
LARGEST_DOCUMENT = 10_000
"""YAML and JSON stop here: YAML takes about 60 MB per MB, 1.5 GB at the largest size."""
RESULTS = Path(__file__).parent / "results" / "load-memory.md"
LOAD = "import sys, reconcile; reconcile.load(sys.argv[1], sources=sys.argv[2] or None)"


def write_simulated(folder: Path, claims: int) -> tuple[int, dict[str, tuple[Path, Path | None]]]:
    """Simulated claims in every format, for `claims` // 6 events (about 3.7 times `claims`).

    Returns how many claims there are, and each file with its sources file.
    """
    from reconcile.simulate import Scenario, generate

    events = max(1, claims // 6)
    dataset = generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1
    ).dataset
    files: dict[str, tuple[Path, Path | None]] = {}
    for suffix in FORMATS:
        path = folder / f"claims-{claims}{suffix}"
        if suffix in (".yaml", ".json"):
            dataset.save(path)
            files[suffix] = (path, None)
        else:
            sources = folder / f"sources-{claims}-{suffix[1:]}.yaml"
            dataset.save(path, sources=sources)
            files[suffix] = (path, sources)
    return len(dataset.claims), files


def write_alias_budget(folder: Path, claims: int = 2_000) -> Path:
    """A YAML file whose claims all share one long evidence through an alias.

    Each claim writes about 13 nodes and its alias adds the evidence's 5, well
    within the budget of ten times the nodes written plus 10,000.
    """
    quote = "a long verbatim quote " * 20
    lines = ["sources: [{id: s1}]", "events: [{id: e1, label: Attack}]", "claims:"]
    for n in range(claims):
        evidence = f"&evidence {{document: report.txt, quote: {quote}}}" if n == 0 else "*evidence"
        lines.append(
            f"  - {{id: c{n}, source: s1, event: e1, attribute: killed, value: '{n % 90}', "
            f"evidence: {evidence}}}"
        )
    path = folder / "aliases.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_big_cells(folder: Path, rows: int = 40) -> tuple[Path, Path]:
    """A CSV file of `rows` claims whose labels are just under the 1 MiB cell limit."""
    sources = folder / "cells-sources.yaml"
    sources.write_text("sources: [{id: s1}]\nevents: [{id: e1, label: Attack}]\n", "utf-8")
    path = folder / "cells.csv"
    label = "x" * (1_048_576 - 16)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,source,event,attribute,value\n")
        for n in range(rows):
            out.write(f"c{n},s1,e1,perpetrator,{label}\n")
    return path, sources


def peak_mb(path: Path, sources: Path | None) -> tuple[float, float]:
    """The peak resident memory (MB) and wall time (s) of loading `path` in a fresh process."""
    command = [
        "/usr/bin/time", "-v", sys.executable, "-c", LOAD, str(path), str(sources or ""),
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert found is not None, done.stderr[-2000:]
    return int(found.group(1)) / 1024, elapsed


def _size(path: Path, sources: Path | None) -> float:
    return (path.stat().st_size + (sources.stat().st_size if sources else 0)) / 1e6


def main() -> None:
    """Measure every file and write the table."""
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        baseline, _ = peak_mb(*_empty(folder))
        for size in SIZES:
            claims, files = write_simulated(folder, size)
            for suffix, (path, sources) in files.items():
                if sources is None and size > LARGEST_DOCUMENT:
                    continue
                peak, elapsed = peak_mb(path, sources)
                rows.append(_row(f"{claims:,} claims", suffix, path, sources, peak, elapsed))
                print(rows[-1], flush=True)
        aliases = write_alias_budget(folder)
        rows.append(_row("2,000 claims, one alias each", ".yaml", aliases, None,
                         *peak_mb(aliases, None)))  # fmt: skip
        cells, cell_sources = write_big_cells(folder)
        rows.append(_row("40 cells of 1 MiB", ".csv", cells, cell_sources,
                         *peak_mb(cells, cell_sources)))  # fmt: skip
    header = [
        "# Peak memory of loading",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"`{platform.platform()}`, Python {platform.python_version()}; produced by "
        "`python benchmarks/load_memory.py`. Each file is loaded in a fresh process under "
        "`/usr/bin/time -v`; *peak MB* is its maximum resident set size, which includes "
        f"the interpreter and `import reconcile` ({baseline:.0f} MB for an empty file). "
        "*MB per MB* is the peak above that baseline per MB of input.",
        "",
        "| input | format | file MB | peak MB | MB per MB | seconds |",
        "|---|---|---:|---:|---:|---:|",
    ]
    text = "\n".join(header + rows) + "\n"
    RESULTS.write_text(_per_mb(text, baseline), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


def _empty(folder: Path) -> tuple[Path, None]:
    path = folder / "empty.yaml"
    path.write_text("", encoding="utf-8")
    return path, None


def _row(
    label: str, suffix: str, path: Path, sources: Path | None, peak: float, elapsed: float
) -> str:
    return f"| {label} | {suffix} | {_size(path, sources):.1f} | {peak:.0f} | PER | {elapsed:.1f} |"


def _per_mb(text: str, baseline: float) -> str:
    def fill(found: re.Match[str]) -> str:
        size, peak = float(found.group(2)), float(found.group(3))
        return f"{found.group(1)}{(peak - baseline) / size:.0f} |"

    return re.sub(r"(\| [^|]+ \| \S+ \| ([\d.]+) \| (\d+) \| )PER \|", fill, text)


if __name__ == "__main__":
    main()
