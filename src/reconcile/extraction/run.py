"""Documents to a dataset of candidate claims: `extract` for a text, `extract_files` for files.

Across documents, a sentence that one outlet repeats word for word from
another (after the first document that has it) is attributed to the outlet
it was first seen in: the repeat is the same piece of evidence, never a
second origin that corroborates it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs
import pendulum

from reconcile.errors import ParseError, UsageError
from reconcile.extraction.document import Passage, passages_of_file, passages_of_text
from reconcile.extraction.extractor import Document, Extraction, Extractor
from reconcile.extraction.rules import RuleExtractor
from reconcile.model.claim import Claim
from reconcile.model.dataset import Dataset
from reconcile.model.source import Source
from reconcile.values.parse_timespan import parse_timespan
from reconcile.values.timespan import Precision, aware

T = TypeVar("T")


def extract(
    text: str,
    *,
    source: str | Source,
    published: pendulum.DateTime | str | None = None,
    document: str = "document.txt",
    extractor: Extractor | None = None,
    known: Iterable[Source] = (),
) -> Dataset:
    """The candidate claims of one text, as a dataset for a person to review.

    `source` is the outlet that published the text (an id, or a `Source`),
    `published` its date (relative dates such as "last week" are read against
    it), `document` the name the evidence gives it. `known` holds sources a
    quoted speaker may be: a speaker whose name matches one gets its id.
    Raises `DocumentError` when the text is empty or binary.
    """
    passages = passages_of_text(text, document=document)
    return _dataset([_document(document, passages, source, published, known)], extractor)


def extract_files(
    paths: Sequence[str | Path],
    *,
    source: str | Source,
    published: pendulum.DateTime | str | None = None,
    extractor: Extractor | None = None,
    known: Iterable[Source] = (),
) -> Dataset:
    """The candidate claims of several documents by one publisher, as one dataset.

    Each file is read in bounded passages; the evidence names it by its file
    name. Raises `DocumentError`, naming the file, for an empty, binary or
    non-UTF-8 file.
    """
    documents = [
        _document(Path(path).name, passages_of_file(Path(path)), source, published, known)
        for path in paths
    ]
    return _dataset(documents, extractor)


def _document(
    name: str,
    passages: Iterable[Passage],
    source: str | Source,
    published: pendulum.DateTime | str | None,
    known: Iterable[Source],
) -> Document:
    known = tuple(known)
    publisher = source if isinstance(source, Source) else _known_or_new(source, known)
    return Document(
        name=name,
        passages=passages,
        source=publisher,
        published=_published(published),
        known=known,
    )


def _published(value: pendulum.DateTime | str | None) -> pendulum.DateTime | None:
    """The publication date: a datetime, or the text of one day ("2013-09-09")."""
    if value is None or not isinstance(value, str):
        return None if value is None else aware(value)
    try:
        day = parse_timespan(value)
    except ParseError as error:
        raise UsageError(f"published: {error}") from None
    if day.precision in {Precision.YEAR, Precision.MONTH}:
        raise UsageError(
            f"published: {value!r} is a {day.precision.value}, not a day; relative dates "
            "such as 'last week' need the day the document was published"
        )
    return day.start


def _known_or_new(source_id: str, known: Sequence[Source]) -> Source:
    return next((source for source in known if source.id == source_id), Source(id=source_id))


def _dataset(documents: Sequence[Document], extractor: Extractor | None) -> Dataset:
    chosen: Extractor = extractor or RuleExtractor()
    extractions = [_checked(chosen, chosen.extract(document)) for document in documents]
    return merge_extractions(
        [
            (document.source, extraction)
            for document, extraction in zip(documents, extractions, strict=True)
        ]
    )


def _checked(extractor: Extractor, extraction: Extraction) -> Extraction:
    """Refuse claims an extractor returns without the candidate flag: none skips review."""
    unflagged = [claim.id for claim in extraction.claims if claim.candidate is None]
    if unflagged:
        raise UsageError(
            f"the extractor {extractor.name!r} returned {len(unflagged)} claim(s) without a "
            f"candidate flag ({', '.join(unflagged[:3])}); every extracted claim must carry "
            "Candidate(extractor=..., confidence=...) so that a person reviews it"
        )
    return extraction


def merge_extractions(extractions: Sequence[tuple[Source, Extraction]]) -> Dataset:
    """One dataset from the extractions of several documents, repeats tied to their first outlet.

    A claim whose quote (white space and case aside) an earlier claim of
    another publisher already has takes that claim's chain as its attribution,
    so that its origin is the first outlet's origin.
    """
    sources = [
        source
        for publisher, extraction in extractions
        for source in (publisher, *extraction.sources)
    ]
    return _merged(sources, [claim for _, extraction in extractions for claim in extraction.claims])


def merge_datasets(datasets: Sequence[Dataset]) -> Dataset:
    """One dataset from several (candidates of several publishers, say), in the order given.

    Sources with the same id are taken from the first dataset that has them;
    events and attribute schemas likewise. A candidate that repeats the quote
    of an earlier candidate of another publisher is attributed to it, as in
    `merge_extractions`.
    """
    merged = _merged(
        [source for dataset in datasets for source in dataset.sources],
        [claim for dataset in datasets for claim in dataset.claims],
    )
    return attrs.evolve(
        merged,
        events=_first_by(lambda event: event.id, [e for d in datasets for e in d.events]),
        attributes=_first_by(
            lambda schema: schema.name, [a for d in datasets for a in d.attributes]
        ),
    )


def _first_by(key: Callable[[T], str], records: Iterable[T]) -> list[T]:
    kept: dict[str, T] = {}
    for record in records:
        kept.setdefault(key(record), record)
    return list(kept.values())


def _merged(sources: Iterable[Source], claims: Iterable[Claim]) -> Dataset:
    first_chain: dict[tuple[str, str, str], tuple[str, ...]] = {}
    kept: list[Claim] = []
    for claim in claims:
        if claim.candidate is not None:
            key = (_normalised(claim), claim.attribute, claim.value_text or "")
            earlier = first_chain.setdefault(key, claim.chain)
            if earlier[0] != claim.source:
                claim = attrs.evolve(claim, attribution=_copied_from(claim.source, earlier))
        kept.append(claim)
    return Dataset(sources=_first_by(lambda source: source.id, sources), claims=kept)


def _copied_from(publisher: str, earlier: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(link for link in earlier if link != publisher)


def _normalised(claim: Claim) -> str:
    quote = claim.evidence.quote if claim.evidence is not None else None
    return " ".join(re.findall(r"\w+", (quote or "").lower()))
