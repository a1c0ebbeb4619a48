"""Every ```python block of README.md and docs/*.md runs, page by page.

The blocks of one page run in order in one fresh namespace, so a later
block may use the names of an earlier one; the working directory is a
temporary folder. Each block checks its own results with ``assert``.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYTHON_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """The ```python blocks of `page`, each with the line of the page its code starts on."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start(1)) + 1, match.group(1))
        for match in PYTHON_BLOCK.finditer(text)
    ]


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=[page_id(page) for page in PAGES])
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": f"docs.{page.stem}"}
    for number, (line, code) in enumerate(python_blocks(page), start=1):
        # Padding with blank lines makes tracebacks name the line of the page itself.
        compiled = compile("\n" * (line - 1) + code, str(page), "exec")
        failure: str | None = None
        try:
            exec(compiled, namespace)
        except Exception:
            failure = traceback.format_exc()
        if failure is not None:
            pytest.fail(
                f"{page_id(page)}: python block {number} (starting at line {line}) raised:\n"
                f"{failure}",
                pytrace=False,
            )


def test_the_pages_have_python_blocks() -> None:
    # Guards against a broken pattern making every page pass with nothing run.
    counts = {page_id(page): len(python_blocks(page)) for page in PAGES}
    assert counts["README.md"] >= 1
    assert counts["docs/values.md"] >= 1


# -- docs/benchmarks.md quotes benchmarks/results/ -------------------------------------------

BENCHMARK_ROWS = {
    # docs/benchmarks.md's row label -> the dataset in the results' "Against the targets"
    "flights (departure and arrival times)": "flights",
    "books (author lists)": "books",
    "population (city-years)": "population_gtm",
    "birthplaces, with the hierarchy": "birthplaces",
}


def table_rows(text: str, header_start: str) -> list[list[str]]:
    """The cells of the Markdown table whose header row starts with `header_start`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def short(figure: str) -> str:
    """0.819 as the docs write it: .819."""
    return figure[1:] if figure.startswith("0.") else figure


def test_the_benchmark_page_quotes_the_latest_results() -> None:
    docs = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    results = (ROOT / "benchmarks" / "results" / "quality-public.md").read_text(encoding="utf-8")
    measured = {
        dataset: (short(default), short(target), pick, short(majority))
        for dataset, default, target, _, pick, majority, *_ in table_rows(
            results, "| dataset | default"
        )
    }
    quoted = table_rows(docs, "| dataset | default")
    assert {row[0] for row in quoted if row[1] != "-"} == set(BENCHMARK_ROWS)
    for label, default, target, pick, majority, _ in quoted:
        if default == "-":
            continue  # a variant with no default of its own (flat birthplaces)
        expected_default, expected_target, expected_pick, expected_majority = measured[
            BENCHMARK_ROWS[label]
        ]
        assert (default, target, majority) == (
            expected_default,
            expected_target,
            expected_majority,
        ), label
        # ".940 `intersection` + copies" quotes "0.940 intersection + copies (time span)"
        figure, _, method = pick.replace("`", "").partition(" ")
        assert expected_pick.startswith(f"0{figure} {method}"), label
    # Every three-digit figure the section quotes is one the results file holds.
    section = docs[docs.index("## Public datasets") : docs.index("## Simulated claims")]
    for figure in set(re.findall(r"(?<!\d)\.\d{3}(?!\d)", section)):
        assert f"0{figure}" in results or f" {figure}" in results, figure


# -- docs/benchmarks.md quotes benchmarks/results/linkage.md ----------------------------------


def test_the_splink_comparison_quotes_the_latest_results() -> None:
    docs = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    results = (ROOT / "benchmarks" / "results" / "linkage.md").read_text(encoding="utf-8")
    # The results' columns: claims, true events, run, engine, events, seconds, precision,
    # recall, F1, added MB, peak MB, splink's F1 at other thresholds.
    measured = {
        (claims, run, engine): (seconds, f1, added)
        for claims, _, run, engine, _, seconds, _, _, f1, added, *_ in table_rows(
            results, "| claims | true events | run | engine"
        )
    }
    quoted = table_rows(docs, "| claims | run | engine | seconds")
    assert {(claims, run, engine) for claims, run, engine, *_ in quoted} == set(measured)
    for claims, run, engine, seconds, f1, added in quoted:
        assert (seconds, f1, added) == measured[(claims, run, engine)], (claims, run, engine)
    # The ratios the text quotes are the results' own.
    section = docs[docs.index("### Clustering against splink") : docs.index("## What the default")]
    ratios = {ratio for _, _, ratio, _ in table_rows(results, "| claims | run | splink s")}
    for ratio in re.findall(r"(\d+\.\d\d)×", section):
        assert ratio in ratios, ratio
