"""The hand-annotated Camp Ashraf example in examples/ashraf/ loads and stands on its documents.

Every claim's quote must stand verbatim in its document at exactly its span, its value
text must be cut from that quote and read back to the claim's value, and the gold events
must place every claim exactly once. The documents must be the seed articles, byte for byte.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import reconcile
from reconcile import (
    Category,
    Claim,
    Dataset,
    Polarity,
    Quantity,
    TimeSpan,
    parse_quantity,
    parse_timespan,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ashraf"
DATASET = EXAMPLE / "ashraf.yaml"
GOLD = EXAMPLE / "gold-events.yaml"
DOCUMENTS = EXAMPLE / "documents"

DOCUMENT_NAMES = (
    "000_73bf61bb1431f11c.txt",
    "001_0fcd3516d7bc6745.txt",
    "002_646e0b3b5a65eb9d.txt",
    "003_9403b03b043c46ed.txt",
    "004_feb292ecab5413f3.txt",
)
GOLD_EVENTS = {
    "ashraf-2009",
    "ashraf-2011",
    "liberty-2013-02",
    "ashraf-2013",
    "attacks-2009-2016",
}


@cache
def dataset() -> Dataset:
    return reconcile.load(DATASET)


@cache
def raw_claims() -> dict[str, dict[str, Any]]:
    """The claim records as written in the file, by id (the value still as its text)."""
    data = yaml.safe_load(DATASET.read_text(encoding="utf-8"))
    return {record["id"]: record for record in data["claims"]}


@cache
def document(name: str) -> str:
    # Read as the spans were computed: Python text, UTF-8, universal newlines.
    with (DOCUMENTS / name).open(encoding="utf-8") as file:
        return file.read()


def claims() -> list[Claim]:
    return list(dataset().claims)


@cache
def claims_by_id() -> dict[str, Claim]:
    return {claim.id: claim for claim in claims()}


def dataset_claim(claim_id: str) -> Claim:
    return claims_by_id()[claim_id]


# Parametrized by the ids as written, so that a file that does not load fails its tests
# instead of breaking the collection.
CLAIM_IDS = list(raw_claims())


def value_text(claim: Claim) -> str:
    """The words the value was written as in the file."""
    raw = raw_claims()[claim.id]["value"]
    assert isinstance(raw, str), f"{claim.id}: the value must be written as text, got {raw!r}"
    return raw


# -- (a) the dataset loads ---------------------------------------------------------------


def test_the_dataset_loads() -> None:
    data = dataset()
    assert len(data.sources) >= 30
    assert len(data.claims) >= 100
    assert not data.events, "claims describe their events by mention; gold-events.yaml groups them"


def test_every_claim_is_complete() -> None:
    for claim in claims():
        assert claim.event is None, claim.id
        assert claim.mention is not None, claim.id
        assert claim.published is not None, claim.id
        assert claim.evidence is not None, claim.id
        assert claim.evidence.document in DOCUMENT_NAMES, claim.id
        assert claim.evidence.quote is not None, claim.id
        assert claim.evidence.span is not None, claim.id


def test_every_source_is_used_or_described() -> None:
    used = {link for claim in claims() for link in claim.chain}
    for source in dataset().sources:
        assert source.description, source.id
        assert source.affiliation, source.id
        if source.id not in used:
            # A source without claims must say why it is listed.
            assert "no figure" in source.description or "jointly" in source.description, source.id


def test_the_raw_records_match_the_loaded_claims() -> None:
    assert [claim.id for claim in claims()] == CLAIM_IDS


# -- (b) quotes stand verbatim at their spans ---------------------------------------------


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_quote_stands_at_its_span(claim_id: str) -> None:
    claim = dataset_claim(claim_id)
    assert claim.evidence is not None
    assert claim.evidence.quote is not None
    assert claim.evidence.span is not None
    start, end = claim.evidence.span
    text = document(claim.evidence.document)
    assert text[start:end] == claim.evidence.quote


# -- (c) and (d) value texts are cut from the quote and read back to the value -------------


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_value_text_is_cut_from_the_quote(claim_id: str) -> None:
    claim = dataset_claim(claim_id)
    assert claim.evidence is not None
    assert claim.evidence.quote is not None
    words = value_text(claim)
    assert words in claim.evidence.quote
    if claim.value_text is not None:
        assert claim.value_text == words
    if isinstance(claim.value, Category):
        assert claim.value.label in claim.evidence.quote


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_value_text_reads_back_to_the_value(claim_id: str) -> None:
    claim = dataset_claim(claim_id)
    words = value_text(claim)
    expected: Quantity | Category | TimeSpan
    if isinstance(claim.value, Quantity):
        expected = parse_quantity(words)
    elif isinstance(claim.value, TimeSpan):
        expected = parse_timespan(words, reference=claim.published)
    else:
        expected = Category(label=words)
    assert expected == claim.value


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_mention_when_reads_back(claim_id: str) -> None:
    claim = dataset_claim(claim_id)
    assert claim.mention is not None
    raw_when = raw_claims()[claim_id]["mention"].get("when")
    if raw_when is None:
        assert claim.mention.when is None
    else:
        assert parse_timespan(raw_when, reference=claim.published) == claim.mention.when


def test_denials_are_marked() -> None:
    denied = {claim.id for claim in claims() if claim.polarity is Polarity.DENIES}
    assert "d003-perpetrator-2013-afp-ap-iraqi-officials-denied" in denied
    assert "d004-captured-2013-ap-sudani-bakoos-denied" in denied
    assert all(claim_id.endswith("-denied") for claim_id in denied)


@pytest.mark.parametrize(
    ("attribute", "text", "at_least"),
    [
        ("killed", "52", 10),
        ("killed", "50", 1),
        ("killed", "seventy", 1),
        ("killed", "no less than nine", 1),
        ("killed", "11", 1),
        ("hostages", "7", 4),
        ("missing", "7", 4),
        ("survivors", "42", 3),
    ],
)
def test_the_disputed_figures_are_there(attribute: str, text: str, at_least: int) -> None:
    value = parse_quantity(text)
    found = [c for c in claims() if c.attribute == attribute and c.value == value]
    assert len(found) >= at_least


# -- (e) the gold events place every claim exactly once -----------------------------------


def gold_events() -> list[dict[str, Any]]:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    events = data["events"]
    assert isinstance(events, list)
    return events


def test_gold_events_cover_every_claim_exactly_once() -> None:
    placed = Counter(claim_id for event in gold_events() for claim_id in event["claims"])
    twice = sorted(claim_id for claim_id, count in placed.items() if count > 1)
    assert not twice, f"claims placed more than once: {twice}"
    unknown = sorted(set(placed) - set(CLAIM_IDS))
    assert not unknown, f"gold events name unknown claims: {unknown}"
    missing = sorted(set(CLAIM_IDS) - set(placed))
    assert not missing, f"claims in no gold event: {missing}"


def test_gold_events_are_well_formed() -> None:
    events = gold_events()
    ids = [event["id"] for event in events]
    assert len(ids) == len(set(ids))
    assert set(ids) >= GOLD_EVENTS
    for event in events:
        assert {"id", "label", "when", "claims"} <= set(event), event.get("id")
        assert event["claims"], event["id"]
        parse_timespan(event["when"])


# -- (f) the documents are the seed articles ------------------------------------------------


def test_documents_are_the_seed_articles(seed_articles: Path) -> None:
    copies = sorted(path.name for path in DOCUMENTS.glob("*.txt"))
    seeds = sorted(path.name for path in seed_articles.glob("*.txt"))
    assert copies == seeds == sorted(DOCUMENT_NAMES)
    for name in DOCUMENT_NAMES:
        assert (DOCUMENTS / name).read_bytes() == (seed_articles / name).read_bytes(), name


def test_sources_md_describes_every_document() -> None:
    notes = (DOCUMENTS / "SOURCES.md").read_text(encoding="utf-8")
    for name in DOCUMENT_NAMES:
        assert name in notes, name
