"""Extracting candidate claims from text: documents, sentences, figures, dates, speakers, flags.

Every expected value below was read off the sentence by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pendulum
import pytest

import reconcile
from reconcile import (
    Candidate,
    Claim,
    Dataset,
    DocumentError,
    Hedge,
    Lexicon,
    Polarity,
    Quantity,
    RuleExtractor,
    Source,
    TimeSpan,
    UsageError,
    ValidationError,
    extract,
)
from reconcile.extraction.document import MAX_PASSAGE, Passage, passages_of_file
from reconcile.extraction.sentences import split_sentences

PUBLISHED = pendulum.datetime(2013, 9, 9)


def claims_of(text: str, **options: object) -> list[Claim]:
    dataset = extract(text, source="outlet", published=PUBLISHED, **options)  # type: ignore[arg-type]
    return list(dataset.claims)


def found(text: str) -> set[tuple[str, str]]:
    """(attribute, value text) of every candidate of the text."""
    return {(claim.attribute, claim.value_text or "") for claim in claims_of(text)}


# -- documents -----------------------------------------------------------------------------


def test_an_empty_document_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n \t\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"empty.txt: is empty") as error:
        reconcile.extract_files([path], source="outlet")
    assert error.value.document == str(path)


def test_a_binary_document_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    with pytest.raises(DocumentError, match=r"photo.jpg: is a binary file, not text"):
        reconcile.extract_files([path], source="outlet")


def test_a_document_that_is_not_utf8_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le bilan: 52 tués à Achraf.".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"latin1.txt: is not UTF-8 text: byte 15 \(0xe9\)"):
        reconcile.extract_files([path], source="outlet")


def test_a_missing_document_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nowhere.txt: cannot be read"):
        reconcile.extract_files([tmp_path / "nowhere.txt"], source="outlet")


def test_a_long_document_is_read_in_bounded_passages_whose_offsets_hold(tmp_path: Path) -> None:
    # Two megabytes with no blank line at all: one paragraph, cut at line breaks or spaces.
    sentence = "Officials said 12 people were killed in the attack on Camp Ashraf. "
    text = sentence * 32_000 + "\n\nA last paragraph where 3 were wounded.\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    passages = list(passages_of_file(path))
    assert max(len(passage.text) for passage in passages) <= MAX_PASSAGE
    assert len(passages) > len(text) // MAX_PASSAGE
    for passage in passages:
        assert text[passage.start : passage.start + len(passage.text)] == passage.text
    assert passages[-1].text == "A last paragraph where 3 were wounded."


def test_offsets_count_characters_as_python_reads_the_file(tmp_path: Path) -> None:
    # Windows line ends are read as one character, and "é" is one character of two bytes.
    path = tmp_path / "crlf.txt"
    path.write_bytes("Café news\r\n\r\nThe raid killed 52 residents.\r\n".encode())
    (claim,) = reconcile.extract_files([path], source="outlet").claims
    assert claim.evidence is not None
    assert claim.evidence.span == (11, 40)
    with path.open(encoding="utf-8") as file:
        assert file.read()[11:40] == "The raid killed 52 residents."


# -- sentences -----------------------------------------------------------------------------


def test_sentences_end_at_stops_but_not_after_abbreviations_or_initials() -> None:
    text = (
        "Mr. Kobler spoke. A. Minoo Sepehr wrote to the U.S. Dept. of State. "
        "“Nobody could enter.” Then 52 were killed!\nA headline"
    )
    sentences = [s.text for s in split_sentences(Passage(text=text, start=100))]
    assert sentences == [
        "Mr. Kobler spoke.",
        "A. Minoo Sepehr wrote to the U.S. Dept. of State.",
        "“Nobody could enter.”",
        "Then 52 were killed!",
        "A headline",
    ]
    first = next(split_sentences(Passage(text=text, start=100)))
    assert (first.start, first.end) == (100, 117)


# -- figures and their attributes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The hedge is kept with the figure, and the trigger may stand before or after it.
        ("It ended in the deaths of no less than nine camp residents.", {("killed", "no less than nine")}),
        ("Forces attacked the camp, killing 11 people and capturing 36 members.", {("killed", "11"), ("captured", "36")}),
        # A comma ends the clause before a figure: 7 goes with "hostages", not with "killed".
        ("This brutal attack left 52 killed, 7 hostages and damage.", {("killed", "52"), ("hostages", "7")}),
        # "and" puts "victims" further from "thousands" than "injures" is.
        ("It led to more than 140 victims and thousands of injures.", {("killed", "more than 140"), ("wounded", "thousands")}),
        # A tie goes to the trigger after the figure; parentheses are skipped.
        ("Of the 42 remaining residents over twenty were injured while seven people (his guards) are still missing.",
         {("survivors", "42"), ("wounded", "over twenty"), ("missing", "seven")}),
        # A people noun yields to any other trigger in the clause.
        ("Reports say 52 residents were killed.", {("killed", "52")}),
        ("Some 100 people stayed on at the camp.", {("residents", "Some 100")}),
        # Units of time near an event word make a duration; number words are read.
        ("During their six-hour invasion, forty- two could survive.", {("duration", "six-hour"), ("survivors", "forty- two")}),
    ],
)  # fmt: skip
def test_figures_take_the_attribute_of_the_nearest_trigger(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The assault force abducted residents, including six women.",  # a part, not a total
        "[3] The killed residents had been deprived of a normal life.",  # a footnote mark
        "The attack left millions of dollars of damage, worth of damage and killed nobody we know.",
        "Less than a few hours after the event, press releases were sent.",  # an offset
        "Ashraf was the base for 26 years.",  # a duration with no event near it
        "One of the residents was killed.",  # "one" as a pronoun
    ],
)
def test_figures_that_count_no_people_of_an_event_are_left_out(text: str) -> None:
    assert {claim.attribute for claim in claims_of(text)} <= {"date"}


def test_the_day_of_a_date_that_cannot_be_read_is_no_figure() -> None:
    # With no publication date, "March 14" has no year and is not read; its 14 is still a day.
    text = "The shelling in the early hours of March 14 killed 12 people."
    claims = reconcile.extract(text, source="outlet").claims
    assert [(claim.attribute, claim.value_text) for claim in claims] == [("killed", "12")]


def test_a_number_glued_to_letters_is_a_name_not_a_figure() -> None:
    assert found("An F-16 struck the village, killing 9.") == {("killed", "9")}


def test_a_figure_ends_at_the_first_word_that_is_not_part_of_it() -> None:
    # "at least" belongs to 37: read after "30 and injured", it would make 30 "at least 30".
    claims = claims_of("The attack killed 30 and injured at least 37 at the clinic.")
    assert [(c.attribute, c.value_text, c.value) for c in claims] == [
        ("killed", "30", Quantity.exact(30)),
        ("wounded", "at least 37", Quantity(low=37, high=math.inf, hedge=Hedge.AT_LEAST)),
    ]


def test_a_figure_is_read_by_parse_quantity_with_its_hedge() -> None:
    (claim,) = claims_of("The attack killed more than 140 people.")
    assert claim.value == Quantity(low=141, high=math.inf, hedge=Hedge.MORE_THAN)
    assert claim.value_text == "more than 140"


def test_a_denial_before_the_figure_makes_the_claim_a_denial() -> None:
    (claim,) = claims_of("Two ministers both denied Friday that the seven are in custody.")
    assert (claim.attribute, claim.value_text, claim.polarity) == (
        "captured",
        "seven",
        Polarity.DENIES,
    )


def test_the_lexicon_is_extended_with_a_users_attribute() -> None:
    text = "Hospital officials say 2 Iraqi soldiers were shot."
    assert found(text) == set()
    lexicon = Lexicon.default().extended(triggers={"soldiers_killed": ["soldier"]})
    (claim,) = claims_of(text, extractor=RuleExtractor(lexicon=lexicon))
    assert (claim.attribute, claim.value_text) == ("soldiers_killed", "2")


def test_a_lexicon_from_a_file_must_have_the_known_keys() -> None:
    with pytest.raises(ValidationError, match="a lexicon file is a mapping"):
        Lexicon.from_mapping({"attributes": {"killed": ["slain"]}})
    with pytest.raises(ValidationError, match="lower-case identifiers"):
        Lexicon.from_mapping({"triggers": {"Killed": ["slain"]}})
    assert (
        Lexicon.from_mapping({"triggers": {"killed": ["slain"]}}).attribute_of("slain") == "killed"
    )


# -- perpetrators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The raid was carried out by a group of armed men who fled.", ["a group of armed men"]),
        # Acronyms in parentheses are dropped; "and" names two perpetrators.
        ("An attack by the Sun Brigade (SB) and the Moon Front (MF) on the town killed 4.",
         ["the Sun Brigade", "the Moon Front"]),
        ("Militias under the command of General Smith shelled the market.", ["General Smith"]),
        ("The group has accused border guards of carrying out the assault.", ["border guards"]),
        # The subject of an attack verb is not read: too many subjects are not perpetrators.
        ("Border guards attacked the camp.", []),
    ],
)  # fmt: skip
def test_perpetrators_come_from_three_sure_shapes(text: str, expected: list[str]) -> None:
    claims = [claim for claim in claims_of(text) if claim.attribute == "perpetrator"]
    assert [claim.value_text for claim in claims] == expected
    for claim in claims:
        assert claim.value == reconcile.Category(label=claim.value_text or "")
        assert claim.candidate is not None
        assert claim.candidate.confidence == 0.6


def test_perpetrators_can_be_left_out() -> None:
    text = "The raid was carried out by a group of armed men."
    assert claims_of(text, extractor=RuleExtractor(perpetrator=None)) == []


# -- dates ------------------------------------------------------------------------------------


def test_the_date_of_the_event_is_a_date_claim_and_the_date_of_a_report_is_not() -> None:
    text = (
        "The New York Times on September 3, 2013, wrote about the raid. "
        "An attack on the camp on September 1 left fewer than 50 residents."
    )
    dates = [claim for claim in claims_of(text) if claim.attribute == "date"]
    assert [(claim.value_text, claim.value) for claim in dates] == [
        ("September 1", TimeSpan.day(2013, 9, 1))
    ]


def test_a_coarser_date_beside_a_finer_one_is_left_out() -> None:
    (claim,) = [
        claim
        for claim in claims_of(
            "In 2009, between July 28th and 29th, 2009 forces attacked the camp."
        )
        if claim.attribute == "date"
    ]
    assert claim.value_text == "between July 28th and 29th, 2009"
    assert str(claim.value) == "2009-07-28/2009-07-29"


def test_relative_dates_are_read_against_the_publication_date() -> None:
    claims = claims_of("A camp where 52 residents were killed last week.")
    assert [(claim.attribute, claim.value_text) for claim in claims] == [
        ("killed", "52"),
        ("date", "last week"),
    ]
    claim = claims[0]
    assert claim.mention is not None
    # Monday 9 September 2013: last week is 2 to 8 September.
    assert claim.mention.when == TimeSpan.of(
        pendulum.datetime(2013, 9, 2),
        pendulum.datetime(2013, 9, 8),
        precision=reconcile.Precision.DAY,
    )


# -- mentions -------------------------------------------------------------------------------


def test_a_referring_phrase_takes_the_date_and_place_of_its_antecedent() -> None:
    text = (
        "Between July 28th and 29th, 2009 forces attacked Camp Ashraf, killing 11 people.\n\n"
        "Amnesty International has published a report on this atrocity. The killings ended "
        "in the deaths of no less than nine camp residents."
    )
    by_value = {claim.value_text: claim for claim in claims_of(text)}
    first, second = by_value["11"].mention, by_value["no less than nine"].mention
    assert first is not None
    assert second is not None
    assert first.label == "attacked Camp Ashraf"
    assert (second.label, second.when, second.where) == (first.label, first.when, first.where)
    assert second.where == "Camp Ashraf"


def test_an_antecedent_is_looked_for_no_more_than_three_paragraphs_back() -> None:
    dated = "The raid on Camp Ashraf on September 1 killed 52."
    near = f"{dated}\n\nOther news.\n\nWhich saw 34 killed."
    far = f"{dated}\n\nOther news.\n\nMore news.\n\nEven more.\n\nWhich saw 34 killed."
    mentions = [
        next(claim for claim in claims_of(text) if claim.value_text == "34").mention
        for text in (near, far)
    ]
    assert mentions[0] is not None
    assert mentions[1] is not None
    assert (mentions[0].when, mentions[0].where) == (TimeSpan.day(2013, 9, 1), "Camp Ashraf")
    assert (mentions[1].when, mentions[1].where) == (None, None)


# -- attribution -------------------------------------------------------------------------------


def test_speakers_make_the_chain_and_according_to_comes_innermost() -> None:
    text = (
        "The US State Department wrote:\n\n"
        "“The QF also abducted seven members, according to the press. "
        "The missing seven members have not been seen.”"
    )
    chains = [(claim.attribute, claim.chain) for claim in claims_of(text)]
    assert chains == [
        ("hostages", ("outlet", "us-state-department", "press")),
        ("missing", ("outlet", "us-state-department")),
    ]


def test_a_subject_before_a_reporting_verb_is_the_speaker_past_a_date_and_an_aside() -> None:
    text = (
        "United Nations officials, after visiting the camp on Monday, said they had seen 52 bodies."
    )
    (claim,) = [claim for claim in claims_of(text) if claim.attribute == "killed"]
    assert claim.chain == ("outlet", "united-nations-officials")


def test_a_speaker_is_the_name_before_an_appositive() -> None:
    text = "Retired Col. Jane Doe, a former commander of the base wrote that 12 were killed."
    (claim,) = claims_of(text)
    assert claim.chain == ("outlet", "jane-doe")


def test_a_speaker_matches_a_known_source_spelt_another_way() -> None:
    known = [Source(id="khodabande", name="Massoud Khodabande")]
    text = "Khodabandeh said that the seven missing people were guards."
    (claim,) = extract(text, source="outlet", known=known).claims
    assert claim.origin == "khodabande"
    # A generic word alone is not a name: "officials" does not make any officials a match.
    other = extract(
        "Officials said 3 were killed.",
        source="outlet",
        known=[Source(id="un", name="UN officials")],
    )
    assert other.claims[0].origin == "officials"


def test_reported_speech_runs_on_to_the_end_of_the_paragraph() -> None:
    text = (
        "Amnesty International has published a report on this atrocity. "
        "The killings ended in the deaths of no less than nine camp residents.\n\n"
        "Our own count is 11 killed."
    )
    chains = {claim.value_text: claim.chain for claim in claims_of(text)}
    assert chains["no less than nine"] == ("outlet", "amnesty-international")
    assert chains["11"] == ("outlet",)


def test_speakers_take_the_ids_of_known_sources_that_match_their_names() -> None:
    known = [
        Source(id="amnesty", name="Amnesty International", affiliation="human-rights"),
        Source(id="nyt", name="The New York Times", affiliation="press"),
    ]
    text = "Amnesty International said 9 were killed. The New York Times reported 52 dead."
    dataset = extract(text, source="outlet", known=known)
    assert {claim.value_text: claim.origin for claim in dataset.claims} == {
        "9": "amnesty",
        "52": "nyt",
    }
    assert dataset.sources_by_id["amnesty"].affiliation == "human-rights"


# -- candidates in the model, the files and the pipeline ----------------------------------------


def test_every_extracted_claim_is_a_candidate_with_its_quote_and_span() -> None:
    text = "Headline\n\nIraqi officials said 52 were killed on September 1."
    dataset = extract(text, source="outlet", published=PUBLISHED, document="page.txt")
    assert dataset.claims
    assert dataset.candidates == dataset.claims
    for claim in dataset.claims:
        assert claim.candidate is not None
        assert claim.candidate.extractor == "rules"
        assert 0 < claim.candidate.confidence <= 1
        assert claim.evidence is not None
        assert claim.evidence.span is not None
        start, end = claim.evidence.span
        assert (
            text[start:end]
            == claim.evidence.quote
            == "Iraqi officials said 52 were killed on September 1."
        )
        assert claim.evidence.document == "page.txt"


@pytest.mark.parametrize("confidence", [-0.1, 1.5, math.nan, True, "high"])
def test_a_candidate_confidence_lies_in_zero_one(confidence: object) -> None:
    with pytest.raises(ValidationError, match="confidence must be a number in"):
        Candidate(extractor="rules", confidence=confidence)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "sources"),
    [("c.yaml", None), ("c.json", None), ("c.csv", "s.yaml"), ("c.jsonl", "s.json")],
)
def test_candidates_round_trip_through_every_format(
    tmp_path: Path, name: str, sources: str | None
) -> None:
    dataset = extract(
        "The raid killed 52 residents on September 1.", source="outlet", published=PUBLISHED
    )
    other = None if sources is None else tmp_path / sources
    dataset.save(tmp_path / name, sources=other)
    assert reconcile.load(tmp_path / name, sources=other) == dataset


def test_a_csv_candidate_confidence_must_be_a_number(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("sources: [{id: outlet}]\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text(
        "id,source,mention_label,attribute,value,candidate_extractor,candidate_confidence\n"
        "c1,outlet,the raid,killed,52,rules,high\n",
        encoding="utf-8",
    )
    with pytest.raises(reconcile.DatasetError, match="candidate_confidence must be a number"):
        reconcile.load(tmp_path / "c.csv", sources=tmp_path / "s.yaml")


def test_the_json_schema_describes_the_candidate_flag() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = reconcile.dataset_schema()
    record = {
        "id": "c1", "source": "s", "event": "e", "attribute": "killed", "value": 52,
        "candidate": {"extractor": "rules", "confidence": 0.8},
    }  # fmt: skip
    jsonschema.validate({"claims": [record]}, schema)
    record["candidate"] = {"extractor": "rules", "confidence": 2}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"claims": [record]}, schema)


def test_reconcile_refuses_candidates_until_they_are_accepted() -> None:
    dataset = extract("The raid killed 52 residents.", source="outlet")
    with pytest.raises(UsageError, match=r"1 candidate claim.*no one has reviewed"):
        reconcile.reconcile(dataset)
    accepted = reconcile.reconcile(dataset, accept_candidates=True)
    (finding,) = accepted.findings
    assert finding.best == Quantity.exact(52)
    # Accepting by removing the flag gives the same finding, and no candidate is left.
    reviewed = dataset.accept_candidates()
    assert reviewed.candidates == ()
    assert reconcile.reconcile(reviewed).findings[0].best == Quantity.exact(52)


def test_update_refuses_new_candidates_as_a_full_run_does() -> None:
    """`update` looks for candidates among the new claims only: a previous run refused its own."""
    text = "The raid killed 52 residents.\n\nOfficials said the raid killed 40 residents."
    dataset = extract(text, source="outlet")
    first, second = dataset.claims
    reviewed = attrs.evolve(dataset, claims=[first]).accept_candidates()
    previous = reconcile.reconcile(reviewed)
    with pytest.raises(UsageError, match=rf"1 candidate claim.*reviewed \({second.id}\)"):
        reconcile.update(previous, [second])
    accepting = reconcile.reconcile(attrs.evolve(dataset, claims=[first]), accept_candidates=True)
    updated = reconcile.update(accepting, [second], require_incremental=True)
    assert updated.to_dict() == reconcile.reconcile(dataset, accept_candidates=True).to_dict()


def test_extraction_confidence_never_weighs_in_the_finding() -> None:
    text = "The raid killed 52 residents.\n\nOfficials said the raid killed 40 residents."
    dataset = extract(text, source="outlet")
    findings = []
    for confidences in [(0.1, 0.9), (0.9, 0.1)]:
        claims = [
            attrs.evolve(claim, candidate=Candidate(extractor="x", confidence=confidence))
            for claim, confidence in zip(dataset.claims, confidences, strict=True)
        ]
        result = reconcile.reconcile(attrs.evolve(dataset, claims=claims), accept_candidates=True)
        findings.append([(f.best, f.low, f.high, f.status, f.confidence) for f in result.findings])
    assert findings[0] == findings[1]
    assert findings[0][0][1:3] == (40, 52)


def test_the_same_sentence_from_another_outlet_is_one_origin_not_corroboration() -> None:
    sentence = "Iraqi officials said the raid on Camp Ashraf killed 52 residents."
    first = extract(sentence, source="outlet-a", document="a.txt")
    second = extract(sentence, source="outlet-b", document="b.txt")
    merged = reconcile.merge_datasets([first, second])
    chains = sorted(claim.chain for claim in merged.claims)
    # Outlet B printed outlet A's sentence: it repeats A, who quotes the officials.
    assert chains == [("outlet-a", "iraqi-officials"), ("outlet-b", "outlet-a", "iraqi-officials")]
    # Copied word for word with no speaker: the copy is attributed to the first outlet.
    plain = "The raid on Camp Ashraf killed 52 residents."
    merged = reconcile.merge_datasets(
        [
            extract(plain, source="outlet-a", document="a.txt"),
            extract(plain, source="outlet-b", document="b.txt"),
        ]
    )
    assert sorted(claim.chain for claim in merged.claims) == [
        ("outlet-a",),
        ("outlet-b", "outlet-a"),
    ]
    assert {claim.origin for claim in merged.claims} == {"outlet-a"}
    finding = reconcile.reconcile(merged, accept_candidates=True).findings[0]
    assert finding.status is reconcile.Status.SINGLE_SOURCE


# -- the extractor protocol and registry --------------------------------------------------------


def test_the_rule_extractor_is_registered_and_an_unknown_name_is_refused() -> None:
    assert isinstance(reconcile.get_extractor("rules"), RuleExtractor)
    assert isinstance(reconcile.get_extractor("rules"), reconcile.Extractor)
    assert "rules" in reconcile.available_extractors()
    with pytest.raises(UsageError, match=r"no extractor named 'llm'; available: .*rules"):
        reconcile.get_extractor("llm")


def test_a_users_extractor_plugs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    class EveryFigure:
        """Proposes 'killed = 1' for every paragraph: a stand-in for a model."""

        name = "every-figure"

        def extract(self, document: reconcile.Document) -> reconcile.Extraction:
            claims = [
                Claim(
                    id=f"p{passage.start}",
                    source=document.source.id,
                    mention=reconcile.EventMention(label="the event"),
                    attribute="killed",
                    value=Quantity.exact(1),
                    evidence=reconcile.Evidence(
                        document=document.name,
                        quote=passage.text,
                        span=(passage.start, passage.start + len(passage.text)),
                    ),
                    candidate=Candidate(extractor=self.name, confidence=0.5),
                )
                for passage in document.passages
            ]
            return reconcile.Extraction(claims=tuple(claims))

    from reconcile.extraction import extractor as module

    monkeypatch.setattr(module, "_REGISTRY", dict(module._REGISTRY))  # leave no trace
    reconcile.register_extractor("every-figure", EveryFigure)
    dataset = extract(
        "One.\n\nTwo.", source="outlet", extractor=reconcile.get_extractor("every-figure")
    )
    assert [claim.id for claim in dataset.claims] == ["p0", "p6"]
    assert isinstance(EveryFigure(), reconcile.Extractor)


def test_an_entry_point_adds_an_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    from reconcile.extraction import extractor as module

    point = EntryPoint(
        name="plugged",
        value="reconcile.extraction.rules:RuleExtractor",
        group=module.ENTRY_POINT_GROUP,
    )
    monkeypatch.setattr(
        module, "entry_points", lambda group: [point] if group == module.ENTRY_POINT_GROUP else []
    )
    assert "plugged" in reconcile.available_extractors()
    assert isinstance(reconcile.get_extractor("plugged"), RuleExtractor)


def test_a_dataset_of_candidates_is_a_dataset() -> None:
    dataset = extract("The raid killed 52 residents.", source="outlet")
    assert isinstance(dataset, Dataset)
    assert [source.id for source in dataset.sources] == ["outlet"]


def test_ids_are_made_of_id_characters_whatever_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Le Monde, 2 sept. 2013.txt"
    path.write_text("The raid killed 52 residents.", encoding="utf-8")
    (claim,) = reconcile.extract_files([path], source="le-monde").claims
    assert claim.id == "Le-Monde-2-sept.-2013-killed-16"
    assert claim.evidence is not None
    assert claim.evidence.document == "Le Monde, 2 sept. 2013.txt"


def test_an_extractor_that_forgets_the_candidate_flag_is_refused() -> None:
    class Careless:
        name = "careless"

        def extract(self, document: reconcile.Document) -> reconcile.Extraction:
            claim = Claim(
                id="c1",
                source=document.source.id,
                mention=reconcile.EventMention(label="x"),
                attribute="killed",
                value=Quantity.exact(1),
            )
            return reconcile.Extraction(claims=(claim,))

    with pytest.raises(
        UsageError, match=r"'careless' returned 1 claim\(s\) without a candidate flag \(c1\)"
    ):
        extract("Anything.", source="outlet", extractor=Careless())
