"""A plain YAML document built straight from the parser's events, never composed whole.

PyYAML composes a whole document into nodes before it builds any data, and
a node holds two marks: a sources file of a million claims' sources (13 MB)
composes into about 700 MB of nodes. A plain document (lists, mappings and
scalars, without anchors, aliases, tags, merge keys, complex or repeated keys,
and nested well within the limit) is built here from the parser's events one
at a time instead, each scalar by the loader's own resolver and constructors,
so that only the data is held. Anything else is refused, and the loader of
`reconcile.io.files` composes the document as it always has and words its
problems; the differential tests in ``tests/test_plain_records.py`` and
``tests/hostile/`` hold the two to the same data.
"""

from __future__ import annotations

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
