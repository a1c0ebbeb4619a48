"""Hostile text in every text field of a dataset, through every report format.

The text report must neutralise control characters (ESC and OSC sequences,
C0 and C1 controls) and bidi overrides; Markdown must not let a label open
any block (code fence, heading, quote, list, table row, HTML); HTML must stay
markup-free text, also as Chromium builds it; JSON must keep the text exactly.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt

import reconcile
from reconcile import (
    AttributeSchema,
    Category,
    Claim,
    Dataset,
    Event,
    EventMention,
    Evidence,
    Hedge,
    Polarity,
    Quantity,
    Reconciliation,
    Source,
    TimeSpan,
    ValueKind,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from test_html_report import chromium, run_chromium, write_page

# Everything that can act on a terminal or open a Markdown block, in one text.
NASTY = (
    "raid\n```\n# heading\n<script>alert(1)</script>\x1b]0;owned\x07\x1b[31m red"
    "\u202eevil\u2066\u2028| a | b |\n> quote\n- [link](javascript:alert(1)) ![i](x)"
    " *em* _u_ ~~s~~ &amp; $m$ \\ ` \r\n    code\x85\x9b31m\x00\t~~~\n<!-- c -->\n==="
)
# Raw control characters (but the line feed), bidi controls and separators.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def text(tag: str) -> str:
    """NASTY, told apart by `tag`."""
    return f"{tag}: {NASTY}"


def hostile_dataset() -> Dataset:
    """Every free-text field of a dataset holds `NASTY`; two camps disagree on everything."""
    sources = [
        Source(id="s1", name=text("name"), affiliation="camp-a", description=text("about")),
        Source(id="s2", name=text("other name"), affiliation=text("camp")),
    ]
    events = [
        Event(
            id="e1",
            label=text("label"),
            kind=text("kind"),
            where=text("where"),
            aliases=(text("alias"),),
            when=TimeSpan.day(2013, 9, 1),
        )
    ]
    side = AttributeSchema(
        name="side", kind=ValueKind.CATEGORY, description=text("description"), unit=None
    )
    mention = EventMention(label=text("mention"), kind=text("mention kind"), where=text("at"))
    evidence = Evidence(document=text("document"), quote=text("quote"))

    def claim(claim_id: str, source: str, **fields: object) -> Claim:
        subject: dict[str, object] = (
            {"event": "e1"} if claim_id.endswith("e") else {"mention": mention}
        )
        return Claim(
            id=claim_id,
            source=source,
            evidence=evidence,
            published=pendulum.datetime(2013, 9, 2),
            **subject,  # type: ignore[arg-type]
            **fields,  # type: ignore[arg-type]
        )

    claims = [
        claim("k1e", "s1", attribute="killed", value=Quantity.exact(52), value_text=text("52")),
        claim("k2e", "s2", attribute="killed", value=Quantity(low=3, high=math.inf,
              hedge=Hedge.AT_LEAST, unit=text("unit")), value_text=text("at least 3")),
        claim("p1e", "s1", attribute="side", value=Category(label=text("side a"))),
        claim("p2e", "s2", attribute="side", value=Category(label=text("side b")),
              polarity=Polarity.DENIES),
        claim("k3m", "s1", attribute="killed", value=Quantity.exact(7), value_text=text("7")),
        claim("k4m", "s2", attribute="killed", value=Quantity.exact(900)),
    ]  # fmt: skip
    return Dataset(sources=sources, events=events, attributes=[side], claims=claims)


@pytest.fixture(scope="module")
def hostile() -> Reconciliation:
    return reconcile.reconcile(hostile_dataset())


def test_the_text_report_shows_controls_and_bidi_overrides_as_escapes(
    hostile: Reconciliation,
) -> None:
    report = render_text(hostile)
    assert not UNSAFE.search(report)
    for escape in ("\\x1b]0;owned\\x07", "\\u202e", "\\u2066", "\\u2028", "\\x85", "\\x9b"):
        assert escape in report, escape
    # Each line feed of the input is shown, so the input adds no line of its own.
    assert "raid\\n```\\n# heading" in report
    assert all(not line.startswith(("```", "# heading", "> quote")) for line in report.split("\n"))


def test_markdown_from_the_input_opens_no_block(hostile: Reconciliation) -> None:
    report = render_markdown(hostile)
    assert not UNSAFE.search(report)
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(report)
    kinds = {token.type for token in tokens}
    assert kinds.isdisjoint(
        {"fence", "code_block", "html_block", "blockquote_open", "hr", "ordered_list_open"}
    )
    inline = {child.type for token in tokens for child in token.children or []}
    # The only markup inside a line is ours: **attribute** in bold.
    assert inline.isdisjoint(
        {"html_inline", "link_open", "image", "code_inline", "s_open", "em_open"}
    )
    headings = [token for token in tokens if token.type == "heading_open"]
    assert len(headings) == 1 + len(hostile.events)
    html = MarkdownIt("commonmark").enable("table").render(report)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html


def test_markdown_escapes_keep_the_words_readable(hostile: Reconciliation) -> None:
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(hostile))
    # What a reader sees is the input's text, its controls written as escapes.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "label: raid\\n```\\n# heading" in html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.handlers.extend(name for name, _ in attrs if name.startswith("on"))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_html_keeps_every_field_as_text(hostile: Reconciliation) -> None:
    page = render_html(hostile)
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        ordinary = _tags(render_html(reconcile.reconcile(reconcile.load(path))))
    found = _tags(page)
    assert found.tags <= ordinary.tags | {"details", "summary"}, found.tags - ordinary.tags
    assert not found.handlers
    assert not UNSAFE.search(page.replace("\t", ""))
    shown = "".join(found.text)
    for tag in ("name", "label", "where", "quote", "side a", "52"):
        assert f"{tag}: raid" in shown, tag
    assert "<script>alert(1)</script>\\x1b]0;owned" in shown


def test_json_keeps_the_text_exactly(hostile: Reconciliation) -> None:
    data = json.loads(render_json(hostile))
    dumped = json.dumps(data, ensure_ascii=False)
    assert json.dumps(text("label"), ensure_ascii=False)[1:-1] in dumped


def test_a_lone_surrogate_is_shown_not_fatal() -> None:
    dataset = Dataset(
        sources=[Source(id="s1", name="bad \udc80 name")],
        events=[Event(id="e1", label="attack \ud800")],
        claims=[
            Claim(id="c1", source="s1", event="e1", attribute="killed", value=Quantity.exact(1))
        ],
    )
    result = reconcile.reconcile(dataset)
    for report in (render_text(result), render_markdown(result), render_html(result)):
        report.encode("utf-8")  # a lone surrogate would not encode
        assert "\\ud800" in report
    as_json = render_json(result)
    as_json.encode("utf-8")
    events = json.loads(as_json)["events"]
    assert any(event["label"] == "attack \ud800" for event in events)


@pytest.mark.browser
def test_chromium_builds_no_element_from_hostile_text(
    tmp_path: Path, hostile: Reconciliation
) -> None:
    dom = run_chromium(chromium(), tmp_path, write_page(tmp_path, hostile), "--dump-dom")
    assert "<svg" in dom, "the browser built no chart"
    found = _tags(dom)
    assert "script" not in found.tags
    assert "img" not in found.tags
    assert not found.handlers
    assert "<script>alert(1)</script>" in "".join(found.text)
