"""A plain YAML document built straight from the parser's events, never composed whole.

PyYAML composes a whole document into nodes before it builds any data, and
a node holds two marks: a sources file of a million claims' sources (13 MB)
composes into about 700 MB of nodes. A plain document (lists, mappings and
scalars, without anchors, aliases, tags, merge keys, complex or repeated keys,
and nested well within the limit) is built here from the parser's events one
at a time instead, each scalar by the loader's own resolver and constructors,
so that only the data is held. Anything else is refused, and the loader of
`reconcile.io.documents` composes the document as it always has and words its
problems; the differential tests in ``tests/test_plain_records.py`` and
``tests/hostile/`` hold the two to the same data.

A sources file is mostly of one shape: top-level keys, each over a block
list of flat mappings of one-word-or-so texts (``- id: outlet-1`` then
``  kind: outlet``). `block_data` reads that shape line by line, with no
parser at all, in well under half the time the events take (docs/scale-measurements.md);
at a line of any other shape, or a scalar that would not be text, it gives
up, and the events are read as above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from reconcile.io.limits import MAX_DEPTH

STR_TAG = "tag:yaml.org,2002:str"
SCALAR_KEY_TAGS = (
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
)
"""Tags of keys that PyYAML builds as they are (a merge or value key it rewrites first)."""
_KEY_TAGS = frozenset((STR_TAG, *SCALAR_KEY_TAGS))
_COLLECTION_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class NotPlainYamlError(Exception):
    """What PyYAML's composer and constructor must read: an alias, a merge key, another tag."""


class _NoKey:
    """Stands where a mapping waits for its next key."""


_NO_KEY = _NoKey()


def plain_data(loader: Any) -> Any:
    """The data of the one plain document that `loader` (a PyYAML loader) parses; None if none.

    Raises `NotPlainYamlError` for a document that is not plain (or a second
    document), and whatever the parser raises for text that is not YAML.
    """
    get = loader.get_event
    if not isinstance(get(), yaml.StreamStartEvent):
        raise NotPlainYamlError
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    if not isinstance(event, yaml.DocumentStartEvent):
        raise NotPlainYamlError
    root = _document(loader)
    if not isinstance(get(), yaml.StreamEndEvent):
        raise NotPlainYamlError  # the composer refuses a second document in its own words
    return root


def _document(loader: Any) -> Any:
    """The data of the events up to the end of the document, built as they come."""
    get = loader.get_event
    building: list[Any] = []  # the lists and mappings opened and not yet closed, outermost first
    keys: list[Any] = []  # for each of them, the key whose value comes next (or `_NO_KEY`)
    root: Any = None
    while True:
        event = get()
        tag = None
        if isinstance(event, yaml.ScalarEvent) and event.anchor is None and event.tag is None:
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            item = event.value if tag == STR_TAG else _scalar(loader, tag, event)
        elif isinstance(event, _COLLECTION_STARTS) and event.anchor is None and event.tag is None:
            at_key = bool(building) and type(building[-1]) is dict and keys[-1] is _NO_KEY
            if at_key or len(building) >= MAX_DEPTH - 1:
                raise NotPlainYamlError  # nesting near the limit, or a list or mapping as a key
            building.append({} if isinstance(event, yaml.MappingStartEvent) else [])
            keys.append(_NO_KEY)
            continue
        elif isinstance(event, _COLLECTION_ENDS) and building:
            item = building.pop()
            keys.pop()
        elif isinstance(event, yaml.DocumentEndEvent) and not building:
            return root
        else:
            raise NotPlainYamlError  # an alias, an anchor, a tag
        if not building:
            root = item
        elif type(building[-1]) is list:
            building[-1].append(item)
        elif keys[-1] is _NO_KEY:
            if tag not in _KEY_TAGS or item in building[-1]:
                raise NotPlainYamlError  # a merge key, or a repeated key and its lines
            keys[-1] = item
        else:
            building[-1][keys[-1]] = item
            keys[-1] = _NO_KEY


def _scalar(loader: Any, tag: str, event: Any) -> Any:
    """A scalar that is not text, built by the loader's constructor for its tag."""
    if tag not in SCALAR_KEY_TAGS:
        raise NotPlainYamlError  # a merge or value key, which PyYAML rewrites in place
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return loader.yaml_constructors[tag](loader, node)


_BLOCK_LINE = re.compile(r"(- |  |)([A-Za-z_][A-Za-z0-9_]*):(?: (\w[\w .,/()+:#@%&?'=~*-]*))?")
"""A line that `block_data` reads: its lead (the first line of an item, one of its next lines,
or none for a top-level key), a key, and a text that starts with a letter, digit or underscore
(or no text, after a top-level key that a list comes under)."""


def block_data(text: str, resolve: Callable[[str], str]) -> dict[str, Any] | None:
    """The data of a document of top-level keys over block lists of flat text mappings, or None.

    The shape of a sources file: each line is ``key: text`` or ``key:`` at the
    top level, ``- key: text`` to open an item of the list under the last
    top-level key, or ``  key: text`` to go on with that item (`_BLOCK_LINE`).
    `resolve` gives the tag that PyYAML gives a plain scalar: every key and
    text must be one that PyYAML reads as text (``yes``, ``null``,
    ``2013-09-01`` and ``12`` are not). None for anything else (a comment, a
    blank line, a quote, a tab, a repeated key, an empty list...): the caller
    then reads the document by its events, which read all of YAML.
    """
    lines = text.split("\n")
    if len(lines) < 2 or lines[-1] != "":
        return None  # empty, or the last line is not ended
    read = _LineReader(resolve)
    root: dict[str, Any] = {}
    items: list[dict[str, str]] | None = None  # the list under the last top-level key, if any
    item: dict[str, str] | None = None  # the last item of that list, if any
    for line in lines[:-1]:
        parts = read(line)
        if parts is None:
            return None
        lead, key, value = parts
        if lead == "":
            if items == [] or key in root:
                return None  # a list of nothing before it (null in YAML), or a repeated key
            items, item = (None, None) if value is not None else ([], None)
            root[key] = value if items is None else items
        elif value is None or items is None:
            return None
        elif lead == "- ":
            item = {key: value}
            items.append(item)
        elif item is None or key in item:
            return None
        else:
            item[key] = value
    return None if items == [] else root


class _LineReader:
    """The lead, key and text of a line of `block_data`'s shape, or None; once per distinct line.

    A sources file repeats most of its lines (``  kind: outlet``), and its
    keys and many of its texts, so each is read and resolved once.
    """

    def __init__(self, resolve: Callable[[str], str]) -> None:
        self.resolve = resolve
        self.lines: dict[str, tuple[str, str, str | None] | None] = {}
        self.texts: dict[str, bool] = {}

    def __call__(self, line: str) -> tuple[str, str, str | None] | None:
        try:
            return self.lines[line]
        except KeyError:
            parts = self.lines[line] = self._read(line)
            return parts

    def _read(self, line: str) -> tuple[str, str, str | None] | None:
        matched = _BLOCK_LINE.fullmatch(line)
        if matched is None:
            return None
        lead, key, value = matched.groups()
        if not self._text(key) or (value is not None and not self._text(value)):
            return None
        return lead, key, value

    def _text(self, value: str) -> bool:
        """Whether PyYAML reads `value`, after ``key: `` in a block mapping, as that very text."""
        known = self.texts.get(value)
        if known is None:
            # Trailing spaces are dropped; ": " starts another key and " #" a comment.
            unread = value.endswith((" ", ":")) or ": " in value or " #" in value
            known = self.texts[value] = not unread and self.resolve(value) == STR_TAG
        return known
