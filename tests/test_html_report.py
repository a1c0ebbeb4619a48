"""The HTML report: its content, its escaping, and how a real browser shows it.

The unit tests read the page as text and through the standard library's HTML
parser. The browser tests run Debian's headless Chromium (``/usr/bin/chromium``,
``apt-get install chromium``) on the page written to a file: a screenshot that
must not be blank, and the DOM as the browser built it, which must hold the
hostile source name as text and no ``<script>`` element. They fail, not skip,
when Chromium is missing.
"""

from __future__ import annotations

import math
import re
import struct
import subprocess
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pendulum
import pytest

import reconcile
from reconcile import (
    Claim,
    Dataset,
    EventMention,
    Evidence,
    Finding,
    Hedge,
    Quantity,
    Reconciliation,
    Source,
    Status,
    TimeSpan,
)
from reconcile.report.html import render_html

ROOT = Path(__file__).parents[1]

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TIMEOUT = 60
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_NAME_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE_QUOTE = 'The camp said <b>&" and nothing more.'
HOSTILE_LABEL = "raid on <img src=x onerror=alert(2)>"
HOSTILE_AFFILIATION = '<i>"wire"</i>'
HOSTILE_VALUE_TEXT = "fifty-two <u>dead</u>"

# Every element the report may contain; anything else came from the input.
REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav",
    "section", "article", "div", "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "small",
    "span", "strong", "code", "q", "blockquote", "table", "thead", "tbody", "tr", "th",
    "td", "details", "summary", "figure", "figcaption", "svg", "g", "line", "rect",
    "circle", "polygon", "text",
}  # fmt: skip


# --- data ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ashraf() -> Reconciliation:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        dataset = reconcile.load(path)
    return reconcile.reconcile(dataset)


def hostile_dataset() -> Dataset:
    """Names, labels, quotes, figures and affiliations that are markup, from three camps."""
    mention = EventMention(
        label=HOSTILE_LABEL, where="Camp <i>Ashraf</i>", when=TimeSpan.day(2013, 9, 1)
    )
    sources = [
        Source(id="evil", name=HOSTILE_NAME, affiliation="mek"),
        Source(id="wire-co", name='Wire & "Co"', affiliation=HOSTILE_AFFILIATION),
        Source(id="gov", name="Government", affiliation="iraq-gov"),
        Source(id="anon", name="Anonymous <em>"),
    ]

    def claim(claim_id: str, source: str, value: Quantity, text: str, day: int | None) -> Claim:
        return Claim(
            id=claim_id,
            source=source,
            mention=mention,
            attribute="killed",
            value=value,
            value_text=text,
            evidence=Evidence(document=f"<{source}>.txt", quote=HOSTILE_QUOTE),
            published=None if day is None else pendulum.datetime(2013, 9, day),
        )

    claims = [
        claim("c-evil", "evil", Quantity.exact(52), HOSTILE_VALUE_TEXT, 2),
        claim("c-wire", "wire-co", Quantity(low=30, high=math.inf, hedge=Hedge.AT_LEAST),
              "at least 30", 3),
        claim("c-gov", "gov", Quantity(low=0, high=49, hedge=Hedge.FEWER_THAN),
              "fewer than 50", 5),
        claim("c-anon", "anon", Quantity.exact(70), "seventy", None),
    ]  # fmt: skip
    return Dataset(sources=sources, claims=claims)


@pytest.fixture(scope="module")
def hostile() -> Reconciliation:
    return reconcile.reconcile(hostile_dataset())


def ashraf_2013_killed(result: Reconciliation) -> tuple[int, Finding]:
    """The death toll of the attack on Camp Ashraf on 1 September 2013, with its event's place."""
    for index, cluster in enumerate(result.events):
        when = cluster.event.when
        if when is not None and when.isoformat() == "2013-09-01":
            finding = next(
                (f for f in result.findings if f.event == cluster.id and f.attribute == "killed"),
                None,
            )
            if finding is not None:
                return index, finding
    raise AssertionError("no 'killed' finding for an event on 2013-09-01")


def article(page: str, anchor: str) -> str:
    start = page.index(f'<article class="finding" id="{anchor}">')
    return page[start : page.index("</article>", start)]


class _Elements(HTMLParser):
    """The tag names and the text of a page, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


# --- unit tests ---------------------------------------------------------------------------------


def test_the_ashraf_report_charts_the_2013_death_toll(ashraf: Reconciliation) -> None:
    page = render_html(ashraf)
    index, finding = ashraf_2013_killed(ashraf)
    assert finding.best_text() == "52"
    block = article(page, f"finding-{index}-killed")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in block
    assert 'class="interval-chart"' in block
    assert 'class="timeline"' in block
    assert "best 52" in block
    assert "<blockquote>" in block
    for claim_id in finding.support:
        assert f'data-claim="{claim_id}"' in block, claim_id
        assert f"<code>{claim_id}</code>" in block, claim_id
    for claim_id in finding.dissent:
        assert f'data-claim="{claim_id}"' in block, claim_id


def test_agreed_figures_get_charts_too_as_the_docs_say(ashraf: Reconciliation) -> None:
    page = render_html(ashraf)
    index, killed = ashraf_2013_killed(ashraf)
    hostages = ashraf.finding(killed.event, "hostages")
    # Seven hostages, from four origins in two camps (checked in test_cli against the articles).
    assert hostages.status is Status.AGREED
    assert 'class="interval-chart"' in article(page, f"finding-{index}-hostages")
    docs = " ".join((ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split())
    assert "or that at least two origins give (agreed figures included), a chart" in docs
    assert "for each disputed quantity" not in docs


def test_the_ashraf_report_is_one_self_contained_page(ashraf: Reconciliation) -> None:
    page = render_html(ashraf, title="Camp Ashraf")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "@import" not in page
    assert "url(" not in page
    elements = parsed(page)
    assert elements.tags <= REPORT_TAGS
    assert "Camp Ashraf" in elements.text
    counts = f"{len(ashraf.events)} events, {len(ashraf.dataset.claims)} claims, "
    assert counts + f"{len(ashraf.dataset.sources)} sources" in page
    for cluster in ashraf.events:
        assert f"<code>{cluster.id}</code>" in page


def test_the_legend_colours_camps_in_sorted_order(ashraf: Reconciliation) -> None:
    page = render_html(ashraf)
    legend = page[page.index('<ul class="legend"') : page.index("</ul>")]
    names = re.findall(r'<span class="chip" style="--c: (#[0-9a-f]{6})">([^<]*)</span>', legend)
    affiliations = sorted({s.affiliation for s in ashraf.dataset.sources if s.affiliation})
    assert [name for _, name in names] == affiliations
    assert len({colour for colour, _ in names}) == len(names)
    assert render_html(ashraf) == page


def test_text_from_the_input_is_escaped_never_markup(hostile: Reconciliation) -> None:
    page = render_html(hostile, title="<title>report</title>")
    assert "<script" not in page.lower()
    assert HOSTILE_NAME_ESCAPED in page
    assert "&lt;b&gt;&amp;&quot;" in page
    for raw in ('<b>&"', "<img", "<i>", "<u>", "<em>", "<title>report"):
        assert raw not in page, raw
    elements = parsed(page)
    assert elements.tags <= REPORT_TAGS, elements.tags - REPORT_TAGS
    text = "".join(elements.text)
    for shown in (
        HOSTILE_NAME,
        HOSTILE_QUOTE,
        HOSTILE_LABEL,
        HOSTILE_AFFILIATION,
        HOSTILE_VALUE_TEXT,
        "<title>report</title>",
    ):
        assert shown in text, shown
    attributes = re.findall(r'="([^"]*)"', page)
    assert all("<" not in value for value in attributes)


def test_the_hostile_report_charts_every_claim(hostile: Reconciliation) -> None:
    page = render_html(hostile)
    assert page.count('<g class="claim-bar"') == 4
    assert "<polygon" in page  # "at least 30" has no upper bound: an arrow
    assert page.count('<g class="timeline-claim"') == 3
    assert '<p class="undated">' in page
    assert "seventy" in page


# --- the browser --------------------------------------------------------------------------------


def chromium() -> Path:
    """Debian's Chromium; a failure (not a skip) that says how to install it when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get update && apt-get install -y chromium)",
            pytrace=False,
        )
    return CHROMIUM


def run_chromium(chromium: Path, tmp_path: Path, page: Path, *options: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *options,
        page.as_uri(),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium took more than {BROWSER_TIMEOUT} s: {' '.join(command)}")
    assert done.returncode == 0, f"chromium exited {done.returncode}:\n{done.stderr[-2000:]}"
    return done.stdout


def write_page(tmp_path: Path, result: Reconciliation) -> Path:
    page = tmp_path / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    return page


def screenshot(chromium: Path, tmp_path: Path, page: Path) -> Path:
    png = tmp_path / "report.png"
    run_chromium(chromium, tmp_path, page, f"--screenshot={png}", "--window-size=1200,2000")
    assert png.exists(), "chromium wrote no screenshot"
    return png


def png_pixels(data: bytes) -> Iterator[bytes]:
    """The RGB of every pixel of an 8-bit, non-interlaced RGB or RGBA PNG (as Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, compressed, header = 8, bytearray(), b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8, f"bit depth {depth}"
    assert colour in (2, 6), f"colour type {colour}"
    assert interlace == 0, "interlaced"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(compressed))
    stride = width * channels
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        line = unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        for x in range(0, stride, channels):
            yield bytes(line[x : x + 3])
        previous = line


def unfilter(kind: int, line: bytearray, previous: bytearray, channels: int) -> bytearray:
    """Undo one PNG row filter (None, Sub, Up, Average or Paeth)."""
    if kind == 2:
        return bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
    for x in range(len(line) if kind in (1, 3, 4) else 0):
        left = line[x - channels] if x >= channels else 0
        if kind == 1:
            line[x] = (line[x] + left) & 255
        elif kind == 3:
            line[x] = (line[x] + ((left + previous[x]) >> 1)) & 255
        else:
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            guess = left + up - corner
            near = min(
                (abs(guess - left), 0, left),
                (abs(guess - up), 1, up),
                (abs(guess - corner), 2, corner),
            )
            line[x] = (line[x] + near[2]) & 255
    return line


def assert_not_blank(png: Path) -> tuple[int, float]:
    colours: set[bytes] = set()
    total = non_white = 0
    for pixel in png_pixels(png.read_bytes()):
        total += 1
        if pixel != b"\xff\xff\xff":
            non_white += 1
            colours.add(pixel)
    share = non_white / total
    assert len(colours) + 1 > 3, f"the screenshot has only {len(colours) + 1} colours"
    assert share > 0.02, f"the screenshot is {share:.2%} non-white: blank"
    return len(colours) + 1, share


def test_png_reading_undoes_every_filter() -> None:
    width, rows = 3, [(0, b"\x01\x02\x03" * 3), (1, b"\x05\x05\x05" * 3), (2, b"\x01\x00\x00" * 3),
                      (3, b"\x10\x10\x10" * 3), (4, b"\x07\x08\x09" * 3)]  # fmt: skip
    raw = b"".join(bytes([kind]) + body for kind, body in rows)
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
    pixels = list(png_pixels(png + chunk(b"IEND", b"")))
    # Row 1 (Sub): each pixel adds the one to its left; row 2 (Up) adds row 1; row 3
    # (Average) adds the mean of left and up; row 4 (Paeth) adds the nearest guess.
    assert pixels[:3] == [b"\x01\x02\x03"] * 3
    assert pixels[3:6] == [b"\x05\x05\x05", b"\x0a\x0a\x0a", b"\x0f\x0f\x0f"]
    assert pixels[6:9] == [b"\x06\x05\x05", b"\x0b\x0a\x0a", b"\x10\x0f\x0f"]
    assert pixels[9:12] == [b"\x13\x12\x12", b"\x1f\x1e\x1e", b"\x27\x26\x26"]
    assert pixels[12:15] == [b"\x1a\x1a\x1b", b"\x26\x26\x27", b"\x2e\x2e\x30"]


@pytest.mark.browser
def test_chromium_draws_the_hostile_report(tmp_path: Path, hostile: Reconciliation) -> None:
    png = screenshot(chromium(), tmp_path, write_page(tmp_path, hostile))
    assert_not_blank(png)


@pytest.mark.browser
def test_chromium_keeps_the_hostile_name_as_text(tmp_path: Path, hostile: Reconciliation) -> None:
    dom = run_chromium(chromium(), tmp_path, write_page(tmp_path, hostile), "--dump-dom")
    assert "<svg" in dom, "the browser built no chart"
    assert HOSTILE_NAME_ESCAPED in dom
    assert '&lt;b&gt;&amp;"' in dom or "&lt;b&gt;&amp;&quot;" in dom
    assert not re.search(r"<script\b", dom, re.IGNORECASE)
    elements = parsed(dom)
    assert "script" not in elements.tags
    assert "img" not in elements.tags
    assert HOSTILE_NAME in "".join(elements.text)


@pytest.mark.browser
def test_chromium_draws_the_ashraf_report(tmp_path: Path, ashraf: Reconciliation) -> None:
    png = screenshot(chromium(), tmp_path, write_page(tmp_path, ashraf))
    assert_not_blank(png)


# --- the overview, the blame chart, stable colours, phone width, notebooks (issue 11) ----------

AL_AHLI = Path(__file__).parent / "al_ahli.yaml"


@pytest.fixture(scope="module")
def al_ahli() -> Reconciliation:
    return reconcile.reconcile(reconcile.load(AL_AHLI))


def test_the_overview_ranks_events_by_reporting_and_by_dispute(ashraf: Reconciliation) -> None:
    page = render_html(ashraf)
    overview = page[page.index('<section class="overview"') : page.index("</section>")]
    by_reporting, by_dispute = overview.split("<h3>Most disputed</h3>")
    # The 2013 attack is reported by far the most origins; its findings lead its verdict
    # with the disputed ones.
    index, _ = ashraf_2013_killed(ashraf)
    first_row = by_reporting[by_reporting.index("<tbody>") :].split("</tr>")[0]
    assert f'href="#event-{index}"' in first_row
    assert "killed 52 [50-52] (disputed)" in first_row
    # Every event with a disputed finding is in the second table, and only those.
    disputed = {
        i
        for i, cluster in enumerate(ashraf.events)
        if any(
            f.event == cluster.id and f.status in (Status.DISPUTED, Status.CONTRADICTED)
            for f in ashraf.findings
        )
    }
    assert set(map(int, re.findall(r'href="#event-(\d+)"', by_dispute))) == disputed


def test_the_blame_chart_shows_who_names_and_who_denies(al_ahli: Reconciliation) -> None:
    page = render_html(al_ahli)
    start = page.index('<figure class="blame">')
    chart = page[start : page.index("</figure>", start)]
    # Three labels: the finding, starred, and the two it excludes.
    assert chart.count('text-anchor="end"') == 3
    assert "★ Palestinian militants" in chart
    # Two denials, outlined: the IDF's of the Israeli military, PIJ's of itself.
    assert chart.count('stroke-dasharray="4 2"') == 2
    assert "idf (israel) denies Israeli military, weight 0.05" in chart
    assert "pij (pij) denies Palestinian Islamic Jihad, weight 0.1" in chart


def test_sources_are_named_not_numbered(al_ahli: Reconciliation) -> None:
    page = render_html(al_ahli)
    assert "a wire agency → Ashraf al-Qudra, ministry spokesman" in page
    assert "wire → moh-spokesman" not in page


def test_camp_colours_do_not_depend_on_the_other_camps(ashraf: Reconciliation) -> None:
    from reconcile.report.colours import PALETTE, affiliation_colours, preferred_slot

    alone = Dataset(sources=[Source(id="s", affiliation="mek")], claims=[])
    assert affiliation_colours(alone)["mek"] == PALETTE[preferred_slot("mek")]
    # In the Camp Ashraf sample no other camp prefers mek's colour, so it keeps it.
    assert affiliation_colours(ashraf.dataset)["mek"] == PALETTE[preferred_slot("mek")]


def test_the_page_narrows_to_a_phone() -> None:
    page = render_html(reconcile.reconcile(reconcile.load(AL_AHLI)))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width: 600px)" in page
    # Every table can scroll sideways instead of widening the page.
    assert page.count("<table") == page.count('<div class="scroll"><table')


def test_notebooks_show_results_and_findings_escaped(hostile: Reconciliation) -> None:
    shown = hostile._repr_html_()
    assert shown.startswith("<p>Reconciliation: 1 event, 1 finding, 4 claims, 4 sources</p><table>")
    finding = hostile.findings[0]
    assert finding._repr_html_().startswith("<table><thead><tr><th>event</th>")
    assert "<i>" not in shown  # the hostile label is escaped
    assert "&lt;i&gt;" in shown or "&lt;" in finding._repr_html_()


@pytest.mark.browser
def test_chromium_shows_the_overview_and_the_blame_chart(
    tmp_path: Path, al_ahli: Reconciliation
) -> None:
    page = write_page(tmp_path, al_ahli)
    dom = run_chromium(chromium(), tmp_path, page, "--dump-dom")
    assert '<section class="overview"' in dom
    assert '<figure class="blame">' in dom
    assert_not_blank(screenshot(chromium(), tmp_path, page))
    phone = tmp_path / "phone.png"
    run_chromium(chromium(), tmp_path, page, f"--screenshot={phone}", "--window-size=390,1600")
    assert_not_blank(phone)


def test_the_page_states_its_counts_once(ashraf: Reconciliation) -> None:
    from reconcile.report.render import render_html as render_for_cli

    page = render_for_cli(ashraf, source="the Camp Ashraf example")
    header = page[page.index('<header class="page">') : page.index("</header>")]
    assert "<h1>Reconciliation of the Camp Ashraf example</h1>" in header
    assert header.count(f"{len(ashraf.dataset.claims)} claims") == 1
