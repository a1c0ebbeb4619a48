"""The `Extractor` protocol, what it reads and returns, and the registry of extractors by name.

An extractor reads one `Document` (its passages, who published it and when)
and returns an `Extraction`: candidate claims and the sources it found
quoted. The built-in rule-based extractor is registered as ``rules``; a
third-party package adds its own (a fine-tuned tagger, a language model
behind the user's own API key) under the entry-point group
``reconcile.extractors``, naming a class or factory that takes no arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

import attrs
import pendulum

from reconcile.errors import UsageError
from reconcile.extraction.document import Passage
from reconcile.model.claim import Claim
from reconcile.model.source import Source

ENTRY_POINT_GROUP = "reconcile.extractors"
"""The entry-point group under which other packages register extractors."""


@attrs.frozen(kw_only=True)
class Document:
    """One document to extract from: its name, its passages, who published it and when.

    `passages` is read once, in order; `known` holds sources a speaker may be
    (from a sources file), so that quoted speakers get their ids.
    """

    name: str
    passages: Iterable[Passage]
    source: Source
    published: pendulum.DateTime | None = None
    known: tuple[Source, ...] = ()


@attrs.frozen(kw_only=True)
class Extraction:
    """What an extractor found in a document: candidate claims and the sources they quote."""

    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()


@runtime_checkable
class Extractor(Protocol):
    """Anything that proposes candidate claims from a document.

    Every claim it returns must carry a `Candidate` (its name and its
    confidence) and evidence whose span stands in the document's text.
    """

    @property
    def name(self) -> str:
        """The name the candidates carry in their `Candidate.extractor`."""
        ...

    def extract(self, document: Document) -> Extraction:
        """The candidate claims of one document."""
        ...


_REGISTRY: dict[str, Callable[[], Extractor]] = {}


def register_extractor(name: str, factory: Callable[[], Extractor]) -> None:
    """Make an extractor available by name (`factory` builds it with its default settings)."""
    _REGISTRY[name] = factory


def get_extractor(name: str) -> Extractor:
    """The extractor registered under `name`, here or by an installed package's entry point."""
    if name not in _REGISTRY:
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            if entry.name == name:
                _REGISTRY[name] = entry.load()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise UsageError(
            f"no extractor named {name!r}; available: {', '.join(available_extractors())}"
        ) from None


def available_extractors() -> list[str]:
    """The names of the registered extractors and of those installed by entry point."""
    names = set(_REGISTRY) | {entry.name for entry in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(names)
