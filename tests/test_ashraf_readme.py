"""examples/ashraf/README.md says what the tool concludes: check it against the tool and the articles.

The README is written for analysts and quotes the tool in three ways, each checked here so
that it cannot silently go stale:

- its summary tables (`| event | attribute | best | range | status |`): every row must be
  what `reconcile.reconcile` finds for the bundled dataset, and the first table must cover
  every finding of the two main attacks;
- its ```text blocks that start with `$ reconcile explain demo EVENT ATTRIBUTE`: the lines
  after the command must be the first lines of `Reconciliation.explain(EVENT, ATTRIBUTE)`;
- its quotations from the articles: in a list item that starts with the document's number
  in bold (`- **003**, ...`), every "double-quoted" passage must stand verbatim in that
  document (`...` between words marks a cut; runs of white space count as one space).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

import reconcile
from reconcile import Reconciliation

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ashraf"
README = EXAMPLE / "README.md"
DATASET = REPO / "src" / "reconcile" / "data" / "ashraf.yaml"
DOCUMENTS = EXAMPLE / "documents"

TABLE_HEADER = ("event", "attribute", "best", "range", "status")
MAIN_EVENTS = ("attack-on-camp-ashraf-2013-09-01", "deadly-attack-on-camp-ashraf-2009-07-28")
EXPLAIN_PROMPT = "$ reconcile explain demo "
QUOTE_ITEM = re.compile(r"^\s*- \*\*(?P<document>\d{3})\*\*")
QUOTED = re.compile(r'"([^"]+)"')


class Row(NamedTuple):
    line: int
    event: str
    attribute: str
    best: str
    range: str
    status: str


class ExplainBlock(NamedTuple):
    line: int
    event: str
    attribute: str
    output: tuple[str, ...]


class Quote(NamedTuple):
    line: int
    document: str
    text: str


@cache
def result() -> Reconciliation:
    return reconcile.reconcile(reconcile.load(DATASET))


def readme_lines() -> list[str]:
    return README.read_text(encoding="utf-8").splitlines()


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row, without their backticks and padding."""
    return [cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")]


def summary_tables() -> list[list[Row]]:
    """Every table of the README whose header is exactly TABLE_HEADER, in page order."""
    lines = readme_lines()
    tables: list[list[Row]] = []
    index = 0
    while index < len(lines):
        if lines[index].startswith("|") and tuple(cells(lines[index])) == TABLE_HEADER:
            rows: list[Row] = []
            index += 2  # the header and the |---| line under it
            while index < len(lines) and lines[index].startswith("|"):
                event, attribute, best, range_, status = cells(lines[index])
                rows.append(Row(index + 1, event, attribute, best, range_, status))
                index += 1
            tables.append(rows)
        else:
            index += 1
    return tables


def explain_blocks() -> list[ExplainBlock]:
    """Every ```text block that shows a `reconcile explain demo` command and its output."""
    lines = readme_lines()
    blocks: list[ExplainBlock] = []
    for index, line in enumerate(lines):
        if not line.startswith(EXPLAIN_PROMPT) or index == 0 or lines[index - 1] != "```text":
            continue
        event, attribute = line.removeprefix(EXPLAIN_PROMPT).split()
        output: list[str] = []
        for after in lines[index + 1 :]:
            if after == "```":
                break
            output.append(after)
        blocks.append(ExplainBlock(index + 1, event, attribute, tuple(output)))
    return blocks


def quotes() -> list[Quote]:
    """Every double-quoted passage in a list item that names its document in bold."""
    found: list[Quote] = []
    for index, line in enumerate(readme_lines()):
        item = QUOTE_ITEM.match(line)
        if item is None:
            continue
        for text in QUOTED.findall(line):
            found.append(Quote(index + 1, item["document"], text))
    return found


def normalised(text: str) -> str:
    return " ".join(text.split())


@cache
def document_text(number: str) -> str:
    (path,) = DOCUMENTS.glob(f"{number}_*.txt")
    return normalised(path.read_text(encoding="utf-8"))


def test_the_readme_has_a_summary_table_of_the_main_attacks() -> None:
    tables = summary_tables()
    assert tables, f"no table with the header {' | '.join(TABLE_HEADER)} in {README}"
    assert all(tables), "a summary table without rows"
    summary = {(row.event, row.attribute) for row in tables[0]}
    expected = {
        (finding.event, finding.attribute)
        for finding in result().findings
        if finding.event in MAIN_EVENTS
    }
    assert summary == expected


def test_table_rows_name_each_finding_once() -> None:
    keys = [(row.event, row.attribute) for table in summary_tables() for row in table]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "row",
    [row for table in summary_tables() for row in table],
    ids=lambda row: f"{row.event}/{row.attribute}",
)
def test_table_row_is_what_the_tool_finds(row: Row) -> None:
    finding = result().finding(row.event, row.attribute)
    printed = (finding.best_text(), finding.range_text() or "-", finding.status.value)
    assert (row.best, row.range, row.status) == printed, f"README.md line {row.line}"


def test_the_readme_shows_explain_output() -> None:
    blocks = explain_blocks()
    assert len(blocks) >= len([f for f in result().findings if f.event in MAIN_EVENTS])


@pytest.mark.parametrize(
    "block", explain_blocks(), ids=lambda block: f"{block.event}/{block.attribute}"
)
def test_explain_output_is_current(block: ExplainBlock) -> None:
    assert block.output, f"README.md line {block.line}: no output under the command"
    explanation = result().explain(block.event, block.attribute).splitlines()
    assert block.output == tuple(explanation[: len(block.output)]), f"README.md line {block.line}"


def test_the_readme_quotes_the_articles() -> None:
    found = quotes()
    assert len(found) >= 50
    assert {quote.document for quote in found} == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize(
    "quote", quotes(), ids=lambda quote: f"line{quote.line}-{quote.document}-{quote.text[:30]}"
)
def test_quote_is_verbatim(quote: Quote) -> None:
    text = document_text(quote.document)
    for fragment in quote.text.split(" ... "):
        assert normalised(fragment) in text, (
            f"README.md line {quote.line}: {fragment!r} is not in document {quote.document}"
        )
