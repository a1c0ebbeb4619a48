"""The file format takes real data: coarse publication dates, timezones, page addresses,
sub-counts with a qualifier, claims in words only, and a gazetteer; every mistake in them is
named with its file, line, record and field, in every format."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import attrs
import pendulum
import pytest

import reconcile
from reconcile import (
    Claim,
    Dataset,
    DatasetError,
    EventMention,
    Hedge,
    Precision,
    Quantity,
    Source,
    TimeSpan,
)
from reconcile.judging.group import ClaimGroup
from reconcile.model.schema import standard_attributes

HEADER = """\
timezone: Asia/Gaza
places:
  - {name: Gaza Strip}
  - {name: Gaza City, within: Gaza Strip, aliases: [Gaza, غزة]}
  - {name: al-Ahli Arab Hospital, within: Gaza City, aliases: [al-Ahli hospital, المستشفى الأهلي]}
sources:
  - {id: moh-gaza, name: Gaza Health Ministry, kind: government, affiliation: hamas-gov, url: "https://www.moh.gov.ps/"}
  - {id: idf, name: Israel Defense Forces, kind: military, affiliation: israel-gov, timezone: Asia/Jerusalem}
  - {id: afp, name: AFP, kind: news-agency, affiliation: wire, timezone: UTC}
"""
MENTION = "{label: explosion at al-Ahli hospital, where: Gaza City}"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def claims_yaml(body: str) -> str:
    return HEADER + "claims:\n" + textwrap.indent(textwrap.dedent(body), "  ")


def by_id(dataset: Dataset) -> dict[str, Claim]:
    return {claim.id: claim for claim in dataset.claims}


def test_the_new_fields_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ahli.yaml",
        claims_yaml(
            f"""\
            - id: year
              source: moh-gaza
              mention: {MENTION}
              attribute: killed
              value: "471"
              published: 2023
            - id: month
              source: moh-gaza
              mention: {MENTION}
              attribute: killed
              value: at least 471
              published: "2023-10"
              evidence:
                document: moh-2023-10.html
                url: "https://www.moh.gov.ps/portal/?p=1"
            - id: day
              source: idf
              mention: {MENTION}
              attribute: killed
              value: significantly fewer than 500
              value_text: significantly fewer than 500
              published: "2023-10-18"
            - id: clock-dataset-zone
              source: moh-gaza
              mention: {MENTION}
              attribute: killed
              value: "500"
              published: "2023-10-17T21:40"
            - id: clock-source-zone
              source: idf
              mention: {MENTION}
              attribute: killed
              value: "500"
              published: "2023-10-17T21:40"
            - id: clock-offset
              source: afp
              mention: {MENTION}
              attribute: killed
              value: "500"
              published: "2023-10-17T21:40:00+03:00"
            - id: children
              source: moh-gaza
              mention: {MENTION}
              attribute: killed
              qualifier: Children
              value: dozens
              published: "2023-10-18"
            - id: words
              source: afp
              mention: {MENTION}
              attribute: killed
              value_text: significant loss of life
              published: "2023-10-17"
            """
        ).replace("value: significantly fewer than 500\n", "value: fewer than 500\n"),
    )
    dataset = reconcile.load(path)
    claims = by_id(dataset)
    assert dataset.timezone == "Asia/Gaza"
    assert dataset.gazetteer.contains("Gaza Strip", "المستشفى الأهلي")
    assert dataset.sources_by_id["moh-gaza"].url == "https://www.moh.gov.ps/"
    assert dataset.sources_by_id["idf"].timezone == "Asia/Jerusalem"

    assert claims["year"].published_span == TimeSpan.year(2023)
    assert claims["month"].published_span == TimeSpan.month(2023, 10)
    assert claims["month"].published_precision is Precision.MONTH
    assert claims["month"].evidence is not None
    assert claims["month"].evidence.url == "https://www.moh.gov.ps/portal/?p=1"
    assert claims["day"].published_span == TimeSpan.day(2023, 10, 18)
    # 21:40 in Gaza and in Jerusalem (both UTC+3 that day) is 18:40 UTC; the AFP time says so.
    moment = pendulum.datetime(2023, 10, 17, 18, 40, tz="UTC")
    for claim_id in ("clock-dataset-zone", "clock-source-zone", "clock-offset"):
        assert claims[claim_id].published == moment
        assert claims[claim_id].published_precision is Precision.SECOND
    assert claims["clock-dataset-zone"].published.timezone_name == "Asia/Gaza"  # type: ignore[union-attr]
    assert claims["clock-source-zone"].published.timezone_name == "Asia/Jerusalem"  # type: ignore[union-attr]

    assert claims["children"].qualifier == "children"
    assert claims["children"].value == Quantity(low=24, high=99, hedge=Hedge.VAGUE)
    assert claims["words"].value is None
    assert claims["words"].is_qualitative
    assert claims["words"].value_text == "significant loss of life"


@pytest.mark.parametrize("extension", ["yaml", "json"])
def test_the_new_fields_round_trip(tmp_path: Path, extension: str) -> None:
    dataset = Dataset(
        timezone="Asia/Gaza",
        places=reconcile.Gazetteer(
            places=[reconcile.Place(name="Gaza"), reconcile.Place(name="Gaza City", within="Gaza")]
        ).places,
        sources=[Source(id="s", url="https://example.org", timezone="Europe/Kyiv")],
        claims=[
            Claim(
                id="c1",
                source="s",
                mention=EventMention(label="strike"),
                attribute="killed",
                value=Quantity.exact(5),
                qualifier="children",
                published=pendulum.datetime(2022, 4, 1),
                published_precision=Precision.MONTH,
                evidence=reconcile.Evidence(document="d", url="https://example.org/a"),
            ),
            Claim(
                id="c2",
                source="s",
                mention=EventMention(label="strike"),
                attribute="killed",
                value_text="many dead",
                published=pendulum.datetime(2022, 1, 1),
                published_precision=Precision.YEAR,
            ),
        ],
    )
    path = tmp_path / f"dataset.{extension}"
    dataset.save(path)
    assert reconcile.load(path) == dataset
    text = path.read_text(encoding="utf-8")
    assert "2022-04" in text
    assert "2022-04-01" not in text


@pytest.mark.parametrize(("extension", "sources"), [("csv", "sources.yaml"), ("jsonl", "s.json")])
def test_claims_files_hold_the_new_claim_fields(
    tmp_path: Path, extension: str, sources: str
) -> None:
    write(tmp_path, "sources.yaml", HEADER)
    (tmp_path / "s.json").write_text(
        json.dumps(
            {
                "timezone": "Asia/Gaza",
                "sources": [{"id": "moh-gaza"}, {"id": "idf"}, {"id": "afp", "timezone": "UTC"}],
            }
        ),
        encoding="utf-8",
    )
    if extension == "csv":
        text = (
            "id,source,mention_label,attribute,value,value_text,qualifier,url,document,published\n"
            "c1,moh-gaza,explosion,killed,dozens,,children,https://example.org/p,p.html,2023-10\n"
            "c2,afp,explosion,killed,,significant loss of life,,,,2023-10-17T21:40\n"
        )
    else:
        rows = [
            {
                "id": "c1",
                "source": "moh-gaza",
                "mention": {"label": "explosion"},
                "attribute": "killed",
                "value": "dozens",
                "qualifier": "children",
                "evidence": {"document": "p.html", "url": "https://example.org/p"},
                "published": "2023-10",
            },
            {
                "id": "c2",
                "source": "afp",
                "mention": {"label": "explosion"},
                "attribute": "killed",
                "value_text": "significant loss of life",
                "published": "2023-10-17T21:40",
            },
        ]
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path = write(tmp_path, f"claims.{extension}", text)
    dataset = reconcile.load(path, sources=tmp_path / sources)
    claims = by_id(dataset)
    assert claims["c1"].qualifier == "children"
    assert claims["c1"].evidence is not None
    assert claims["c1"].evidence.url == "https://example.org/p"
    assert claims["c1"].published_span == TimeSpan.month(2023, 10)
    assert claims["c2"].value is None
    # AFP names UTC, which wins over the dataset's Asia/Gaza.
    assert claims["c2"].published == pendulum.datetime(2023, 10, 17, 21, 40, tz="UTC")
    dataset.save(tmp_path / f"again.{extension}", sources=tmp_path / "again.yaml")
    assert reconcile.load(tmp_path / f"again.{extension}", sources=tmp_path / "again.yaml") == (
        dataset
    )


def test_relative_dates_against_a_month_cover_the_month(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "month.yaml",
        claims_yaml(
            """\
            - id: c1
              source: afp
              mention: {label: explosion, when: yesterday}
              attribute: date
              value: last Tuesday
              published: "2023-10"
            """
        ),
    )
    (claim,) = reconcile.load(path).claims
    assert claim.mention is not None
    # yesterday against 1 October is 30 September, against 31 October 30 October
    assert claim.mention.when == TimeSpan.of(
        pendulum.datetime(2023, 9, 30), pendulum.datetime(2023, 10, 30), precision=Precision.DAY
    )
    # 1 Oct 2023 was a Sunday (last Tuesday: 26 Sep); 31 Oct a Tuesday (last Tuesday: 24 Oct)
    assert claim.value == TimeSpan.of(
        pendulum.datetime(2023, 9, 26), pendulum.datetime(2023, 10, 24), precision=Precision.DAY
    )


def test_clock_times_in_values_take_the_source_zone(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "clock.yaml",
        claims_yaml(
            """\
            - id: c1
              source: moh-gaza
              mention: {label: explosion}
              attribute: date
              value: around 6:59 p.m.
              published: "2023-10-17"
            """
        ),
    )
    (claim,) = reconcile.load(path).claims
    moment = pendulum.datetime(2023, 10, 17, 18, 59, tz="Asia/Gaza")
    assert claim.value == TimeSpan.of(
        moment.subtract(minutes=30), moment.add(minutes=30), precision=Precision.MINUTE
    )


BROKEN = """\
timezone: Mars/Olympus
places:
  - {name: Gaza City, within: Gaza Strip}
  - {name: A, within: B}
  - {name: B, within: A}
sources:
  - {id: s, timezone: Nowhere/Else}
  - {id: t}
claims:
  - id: naive
    source: t
    mention: {label: explosion}
    attribute: killed
    value: "5"
    published: "2023-10-17T21:40"
  - id: unreadable
    source: t
    mention: {label: explosion}
    attribute: killed
    value: a great many of them
    published: "2023-10-17"
  - id: nothing
    source: t
    mention: {label: explosion}
    attribute: killed
    qualifier: children
  - id: bad-month
    source: t
    mention: {label: explosion, when: the day before yesterday}
    attribute: killed
    value: "5"
    published: "2023-13"
"""


def test_every_mistake_in_the_new_fields_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    with pytest.raises(DatasetError) as caught:
        reconcile.load(path)
    found = {
        (problem.line, problem.section, problem.record, problem.record_id, problem.field)
        for problem in caught.value.problems
    }
    assert all(problem.file == str(path) for problem in caught.value.problems)
    assert found == {
        (1, None, None, None, None),  # the dataset's timezone
        (3, "places", 0, "Gaza City", "within"),
        (4, "places", 1, "A", "within"),  # the cycle, once
        (7, "sources", 0, "s", "timezone"),
        (15, "claims", 0, "naive", "published"),
        (20, "claims", 1, "unreadable", "value"),
        (22, "claims", 2, "nothing", "value"),
        (29, "claims", 3, "bad-month", "mention.when"),  # relative, and no date to read it by
        (32, "claims", 3, "bad-month", "published"),
    }
    messages = "\n".join(str(problem) for problem in caught.value.problems)
    assert "Mars/Olympus" in messages
    assert "'a great many of them'" in messages  # the phrase itself
    assert "neither its source nor the dataset names a timezone" in messages


def test_an_unreadable_phrase_in_csv_names_the_phrase_line_and_record(tmp_path: Path) -> None:
    write(tmp_path, "sources.yaml", "sources:\n  - {id: s}\n")
    path = write(
        tmp_path,
        "claims.csv",
        "id,source,mention_label,attribute,value,published\n"
        "c1,s,strike,killed,au moins 50,2022-04-08\n"
        "c2,s,strike,killed,beaucoup de morts,2022-04-08\n",
    )
    with pytest.raises(DatasetError) as caught:
        reconcile.load(path, sources=tmp_path / "sources.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.record, problem.record_id, problem.field) == (
        str(path),
        3,
        1,
        "c2",
        "value",
    )
    assert "'beaucoup de morts'" in problem.message


# -- judging: sub-counts apart from the total, words kept beside the figures ---------------------


def strike_claim(claim_id: str, source: str, value: str | None, **fields: object) -> Claim:
    quantity = None if value is None else reconcile.parse_quantity(value)
    return Claim(
        id=claim_id,
        source=source,
        mention=EventMention(label="strike on the station"),
        attribute="killed",
        value=quantity,
        value_text=fields.pop("value_text", None),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


KRAMATORSK = Dataset(
    sources=[
        Source(id="ua", affiliation="ukraine-gov"),
        Source(id="un", affiliation="un"),
        Source(id="ru", affiliation="russia-gov"),
    ],
    claims=[
        strike_claim("total-ua", "ua", "at least 50"),
        strike_claim("total-un", "un", "52"),
        strike_claim("children-ua", "ua", "5", qualifier="children"),
        strike_claim("children-un", "un", "5", qualifier="children"),
        strike_claim("words-ru", "ru", None, value_text="a provocation with casualties"),
    ],
)


def test_a_sub_count_is_judged_apart_and_never_collides_with_the_total() -> None:
    result = reconcile.reconcile(KRAMATORSK)
    (event,) = result.events
    total = result.finding(event.id, "killed")
    children = result.finding(event.id, "killed", "children")
    assert total.qualifier is None
    assert children.qualifier == "children"
    assert set(total.claims) == {"total-ua", "total-un"}
    assert set(children.claims) == {"children-ua", "children-un"}
    assert children.best == Quantity.exact(5)
    assert children.status is reconcile.Status.AGREED
    assert total.status is reconcile.Status.AGREED  # 52 is at least 50
    assert children.to_dict()["qualifier"] == "children"
    assert "qualifier" not in total.to_dict()
    assert "killed (children)" in result.explain(event.id, "killed", "children")


def test_a_claim_in_words_is_kept_with_its_finding_and_never_weighed() -> None:
    result = reconcile.reconcile(KRAMATORSK)
    (event,) = result.events
    total = result.finding(event.id, "killed")
    assert total.qualitative == ("words-ru",)
    assert "words-ru" not in total.claims
    assert total.to_dict()["qualitative"] == ["words-ru"]
    assert "a provocation with casualties" in result.explain(event.id, "killed")
    assert "a provocation with casualties" in reconcile.render_text(result)


def test_an_attribute_said_only_in_words_gets_an_empty_finding() -> None:
    dataset = Dataset(
        sources=[Source(id="s")],
        claims=[strike_claim("w", "s", None, value_text="significant loss of life")],
    )
    (finding,) = reconcile.reconcile(dataset).findings
    assert finding.status is reconcile.Status.INSUFFICIENT
    assert finding.best is None
    assert finding.qualitative == ("w",)


def revision(claim_id: str, figure: float, published: str) -> Claim:
    moment, precision = {
        "2023-10": (pendulum.datetime(2023, 10, 1), Precision.MONTH),
        "2023-10-17": (pendulum.datetime(2023, 10, 17), Precision.DAY),
        "2023-11-02": (pendulum.datetime(2023, 11, 2), Precision.DAY),
    }[published]
    return Claim(
        id=claim_id,
        source="moh",
        event="e",
        attribute="killed",
        value=Quantity.exact(figure),
        published=moment,
        published_precision=precision,
    )


def superseded(*claims: Claim) -> dict[str, tuple[str, ...]]:
    group = ClaimGroup(
        event="e",
        attribute="killed",
        schema=standard_attributes()["killed"],
        claims=claims,
        sources={"moh": Source(id="moh")},
    )
    return {item.claims[0]: item.superseded for item in group.testimonies}


def test_a_month_precise_figure_is_not_known_to_come_before_a_day_in_that_month() -> None:
    # One origin: 471 "in October 2023", 500 on 17 October: neither is known to be later.
    assert superseded(revision("month", 471, "2023-10"), revision("day", 500, "2023-10-17")) == {
        "month": (),
        "day": (),
    }


def test_a_later_figure_revises_every_figure_published_wholly_before_it() -> None:
    found = superseded(
        revision("month", 471, "2023-10"),
        revision("day", 500, "2023-10-17"),
        revision("november", 510, "2023-11-02"),
    )
    assert found == {"november": ("day", "month")}


def toll(claim_id: str, text: str) -> Claim:
    """A claim of the dead in `text`, from a source of its own, read as the loader reads it."""
    return Claim(
        id=claim_id,
        source=f"s-{claim_id}",
        event="e",
        attribute="killed",
        value=reconcile.parse_quantity(text),
        value_text=text,
    )


def contradicted(*claims: Claim) -> dict[str, tuple[str, ...]]:
    """For each figure against the best, the other claims its contradiction names."""
    group = ClaimGroup(
        event="e", attribute="killed", schema=standard_attributes()["killed"], claims=claims
    )
    finding = reconcile.get("interval-consensus").reconcile(group)
    assert finding.best == Quantity.exact(45)
    return {c.claims[0]: c.claims[1:] for c in finding.contradictions}


def test_a_running_count_does_not_stand_against_an_earlier_lower_count() -> None:
    # 45 is best. 27 is against it, and so is "at least 40", which excludes 27; "the toll
    # has risen to 39" excludes 27 too, but a toll that has risen to 39 was lower before.
    found = contradicted(
        toll("early", "27"),
        toll("risen", "the toll has risen to 39"),
        toll("bound", "at least 40"),
        toll("best", "45"),
        toll("best-too", "45"),
    )
    assert found == {"early": ("best", "best-too", "bound")}  # by origin


def test_a_backer_that_allows_the_figure_is_not_set_against_it() -> None:
    # 42 against the best 45: "at least 40" and "risen to 39" allow 42, only 45 excludes it.
    found = contradicted(
        toll("near", "42"),
        toll("risen", "the toll has risen to 39"),
        toll("bound", "at least 40"),
        toll("best", "45"),
        toll("best-too", "45"),
    )
    assert found == {"near": ("best", "best-too")}


def test_a_claim_without_value_needs_its_words() -> None:
    with pytest.raises(reconcile.ValidationError, match="no value"):
        Claim(id="c", source="s", event="e", attribute="killed")


def test_published_precision_must_fit_the_date() -> None:
    with pytest.raises(reconcile.ValidationError, match="does not begin a month"):
        Claim(
            id="c",
            source="s",
            event="e",
            attribute="killed",
            value=Quantity.exact(1),
            published=pendulum.datetime(2023, 10, 17),
            published_precision=Precision.MONTH,
        )
    dated = Claim(id="c", source="s", event="e", attribute="killed", value=Quantity.exact(1))
    assert dated.published_precision is None
    # Dating an undated claim with attrs.evolve gives the precision a date alone would have.
    moved = attrs.evolve(dated, published=pendulum.datetime(2023, 10, 17))
    assert moved.published_precision is Precision.DAY
    timed = attrs.evolve(dated, published=pendulum.datetime(2023, 10, 17, 21, 40, tz="Asia/Gaza"))
    assert timed.published_precision is Precision.SECOND
