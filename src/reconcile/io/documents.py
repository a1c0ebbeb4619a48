"""YAML and JSON documents parsed with the line of each part, for the loader's problems.

JSON is read by the standard library and YAML by a safe loader (nothing in
a file is executed); both within the limits of `reconcile.io.limits`. The
lines of a document's parts are worked out only when a problem needs one
(`_LinesOnDemand`). A YAML document of plain records is read by the fast
path of `reconcile.io.plain_yaml` while `FAST_PATHS` holds.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import yaml

from reconcile.errors import Problem
from reconcile.io.limits import (
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    MAX_WHOLE_NUMBER,
    NumberTooLong,
    Watch,
    node_graph_problem,
    too_deep,
)
from reconcile.io.plain_yaml import (
    SCALAR_KEY_TAGS,
    STR_TAG,
    NotPlainYamlError,
    block_data,
    plain_data,
)

FAST_PATHS = True
"""Whether loading takes its fast paths: plain records (`reconcile.io.plain_records`), plain YAML.

The differential tests turn them off to compare the outcome with the general path's.
"""
FieldPath = tuple[str | int, ...]
"""Where a value is in a document: the keys and list positions leading to it."""


@attrs.frozen
class _Parsed:
    """A parsed document: its data, the line of each part, and what was wrong with it."""

    data: Any
    lines: Mapping[FieldPath, int] = attrs.field(factory=dict)
    problems: tuple[Problem, ...] = ()
    readable: bool = True
    suspect: bool = True
    """Whether parsing met something that the records' checks must look at."""


def _parse_json(text: str) -> _Parsed:
    """The data of a JSON document, with the line of each part looked up only when needed."""
    duplicates: list[Problem] = []
    watch = Watch()
    try:
        data = _load_json(text, watch, whole_file=True, duplicates=duplicates)
    except json.JSONDecodeError as error:
        problem = Problem(message=_json_message(error), line=error.lineno)
        return _Parsed(data=None, problems=(problem,), readable=False)
    except RecursionError:
        return _nested_too_deeply(text)
    if too_deep(data) is not None:
        return _nested_too_deeply(text)
    return _Parsed(
        data=data,
        lines=_LinesOnDemand(functools.partial(_json_lines, text)),
        problems=tuple(duplicates),
        suspect=watch.raised,
    )


def _json_message(error: json.JSONDecodeError) -> str:
    """The parser's complaint, in JSON's terms rather than Python's."""
    reason = error.msg
    if reason.startswith("Unexpected UTF-8 BOM"):
        reason = "a byte-order mark (U+FEFF) stands where a value should"
    return f"not valid JSON: {reason} (column {error.colno})"


def _nested_too_deeply(text: str) -> _Parsed:
    problem = Problem(
        message=f"lists and mappings nest more than {MAX_DEPTH} levels deep",
        line=_json_depth_line(text),
    )
    return _Parsed(data=None, problems=(problem,), readable=False)


def _json_depth_line(text: str) -> int | None:
    """The line where JSON text opens its list or object number `MAX_DEPTH` + 1."""
    depth, in_string, escaped, line = 0, False, False, 1
    for character in text:
        if character == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif character in "]}":
            depth -= 1
    return None


def _load_json(
    text: str, watch: Watch, *, whole_file: bool = False, duplicates: list[Problem] | None = None
) -> Any:
    """Parse JSON text strictly, leaving the limits to the checks of each record.

    A repeated key is noted in `duplicates`; a number with too many digits is
    kept as `NumberTooLong`, and ``NaN`` or ``Infinity`` read as the non-finite
    floats that the checks of `reconcile.io.limits` refuse; `watch` is raised
    when any of these, or a surrogate escape or deep brackets, is met (the
    depth of a `whole_file` is checked once for the file, not per record).

    Raises `json.JSONDecodeError` for a syntax error and `RecursionError` for nesting beyond
    what the parser can follow.
    """

    def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen and duplicates is not None:
                duplicates.append(Problem(message=f"the key {key!r} appears twice in one object"))
            seen[key] = value
        return seen

    watch.scan(text, depth=not whole_file)
    return json.loads(
        text,
        object_pairs_hook=refuse_duplicates,
        parse_int=watch.read_int,
        parse_float=watch.read_float,
        parse_constant=watch.read_constant,
    )


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _LinesOnDemand(Mapping[FieldPath, int]):
    """The line of each part of a document, found (by `find`) only when a problem asks for one."""

    def __init__(self, find: Callable[[], dict[FieldPath, int]]) -> None:
        self._find = find
        self._lines: dict[FieldPath, int] | None = None

    def _found(self) -> dict[FieldPath, int]:
        if self._lines is None:
            self._lines = self._find()
        return self._lines

    def __getitem__(self, path: FieldPath) -> int:
        return self._found()[path]

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


def _json_lines(text: str) -> dict[FieldPath, int]:
    """The line of each part of a JSON document.

    JSON's parser keeps no positions, but a JSON document is also YAML, whose
    composer does. When it cannot be read as YAML (PyYAML refuses some escapes
    that JSON allows), lines stay unknown.
    """
    # PyYAML refuses surrogate escapes, which JSON allows: a space of the same width
    # keeps every position, and so every line.
    parsed = _parse_yaml(_SURROGATE_ESCAPE.sub(r"\\u0020", text))
    return dict(parsed.lines) if parsed.readable else {}


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when PyYAML has it), with numbers and dates kept in bounds."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.watch = Watch()
        self.tags: dict[tuple[Any, Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node, worked out once per kind, text and quoting in this document.

        The safe loader has no path resolvers, so the tag depends on these alone;
        a sources file repeats the same keys and kinds thousands of times.
        """
        key = (kind, value, implicit)
        tag = self.tags.get(key)
        if tag is None:
            tag = self.tags[key] = super().resolve(kind, value, implicit)
        return tag


def _construct_int(loader: _SafeLoader, node: yaml.ScalarNode) -> int | NumberTooLong:
    text = str(loader.construct_scalar(node))
    if len(text.replace("_", "").lstrip("+-")) > MAX_NUMBER_DIGITS:
        loader.watch.raised = True
        return NumberTooLong(text)
    number = yaml.SafeLoader.construct_yaml_int(loader, node)
    if abs(number) > MAX_WHOLE_NUMBER:
        loader.watch.raised = True
    return number


def _construct_float(loader: _SafeLoader, node: yaml.ScalarNode) -> float:
    return loader.watch.saw_float(yaml.SafeLoader.construct_yaml_float(loader, node))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date of the calendar", node.start_mark
        ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_SafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _parse_yaml(text: str) -> _Parsed:
    """The data of a YAML document, safely loaded, and the line where each part of it starts.

    A key given twice in one mapping is a problem: YAML loaders keep the last
    and silently drop the first. Aliases that would expand the document far
    beyond its size, recursive aliases and deep nesting are refused before the
    document is built (see `reconcile.io.limits`).
    """
    if FAST_PATHS:
        plain = _parse_plain_yaml(text)
        if plain is not None:
            return plain
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        refused = None if node is None else node_graph_problem(node)
        if refused is not None:
            message, line = refused
            return _Parsed(
                data=None, problems=(Problem(message=message, line=line),), readable=False
            )
        lines: Mapping[FieldPath, int] = {}
        duplicates: list[Problem] = []
        data = None
        if node is not None:
            data, lines, duplicates = _construct(loader, node, text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        problem = Problem(message=f"not valid YAML: {_reader_reason(error)}", line=line)
        return _Parsed(data=None, problems=(problem,), readable=False)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        problem = Problem(
            message=f"not valid YAML: {error.problem}",
            line=None if mark is None else mark.line + 1,
        )
        return _Parsed(data=None, problems=(problem,), readable=False)
    except yaml.YAMLError as error:
        return _Parsed(
            data=None, problems=(Problem(message=f"not valid YAML: {error}"),), readable=False
        )
    except RecursionError:
        problem = Problem(message=f"lists and mappings nest more than {MAX_DEPTH} levels deep")
        return _Parsed(data=None, problems=(problem,), readable=False)
    finally:
        loader.dispose()
    return _Parsed(data=data, lines=lines, problems=tuple(duplicates), suspect=loader.watch.raised)


def _parse_plain_yaml(text: str) -> _Parsed | None:
    """A plain document, read by lines (`block_data`) or by the parser's events (`plain_data`).

    None for any other document, or one that raises anything: `_parse_yaml`'s
    composing path reads it again, and words its problem.
    """
    loader = _SafeLoader(text)
    try:
        # The resolver's own rules, without `_SafeLoader.resolve`'s cache: `block_data` keeps one.
        data = block_data(text, functools.partial(_resolve_plain, loader))
        if data is None:
            data = plain_data(loader)
    except Exception:  # composed and built again, to raise its own first error, if any
        return None
    finally:
        loader.dispose()
    lines = _LinesOnDemand(functools.partial(_yaml_lines, text))
    return _Parsed(data=data, lines=lines, suspect=loader.watch.raised)


def _resolve_plain(loader: _SafeLoader, text: str) -> str:
    """The tag PyYAML gives `text` as a plain scalar."""
    tag: str = super(_SafeLoader, loader).resolve(yaml.ScalarNode, text, (True, False))
    return tag


def _construct(
    loader: _SafeLoader, root: yaml.Node, text: str
) -> tuple[Any, Mapping[FieldPath, int], list[Problem]]:
    """The data of a composed document, the line of each part, and the keys it repeats.

    PyYAML's constructor takes a third of the time of reading a large file. A
    plain document (lists, mappings and scalars, without aliases, merge keys or
    other tags) is built here instead, each scalar that is not text by PyYAML's
    own constructors, and when it repeats no key its lines are found only when
    a problem asks for one. Any other document, or one that raises anything, is
    built by PyYAML from the start, so that its problem is the one PyYAML meets
    first; then, and when a key is repeated, the lines and the repeated keys are
    found first, as the nodes are before PyYAML flattens merge keys in place.
    """
    data, plain = None, False
    if FAST_PATHS:
        repeated: list[bool] = []
        try:
            data, plain = _construct_plain(loader, root, set(), repeated), True
        except Exception:  # PyYAML builds it again and raises its own first error, if any
            loader.constructed_objects, loader.recursive_objects = {}, {}
        if plain and not repeated:
            return data, _LinesOnDemand(functools.partial(_yaml_lines, text)), []
    lines: dict[FieldPath, int] = {}
    duplicates: list[Problem] = []
    _node_lines(root, lines, duplicates, loader)
    return (data if plain else loader.construct_document(root)), lines, duplicates


def _yaml_lines(text: str) -> dict[FieldPath, int]:
    """The line of each part of a YAML document that composed before (as it will again)."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {}
    if node is not None:
        _node_lines(node, lines, [], loader)
    return lines


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _construct_plain(
    loader: _SafeLoader, node: yaml.Node, seen: set[int], repeated: list[bool]
) -> Any:
    """Build one node of a plain document (nesting was bounded before construction).

    A key that a mapping holds already is noted in `repeated`: its problem needs the lines.
    """
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == STR_TAG else loader.construct_object(node)
    if id(node) in seen:
        raise NotPlainYamlError  # an alias: PyYAML shares the one object it builds
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        return [_construct_plain(loader, child, seen, repeated) for child in node.value]
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        raise NotPlainYamlError
    mapping: dict[Any, Any] = {}
    for key, child in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag not in (STR_TAG, *SCALAR_KEY_TAGS):
            raise NotPlainYamlError  # a merge key (<<), a complex key
        built = _construct_plain(loader, key, seen, repeated)
        if built in mapping:
            repeated.append(True)
        mapping[built] = _construct_plain(loader, child, seen, repeated)
    return mapping


def _reader_reason(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = ord(character) if isinstance(character, str) else character
    return f"the character U+{code:04X} is not allowed in YAML (write it as an escape)"


def _node_lines(
    root: yaml.Node, lines: dict[FieldPath, int], duplicates: list[Problem], loader: _SafeLoader
) -> None:
    """Record the line of every part of the document under its path, and repeated keys.

    Keys repeat when they build the same key (``1`` and ``01``, not ``'null'``
    and ``null``), as the mapping would keep only the last; `loader` builds them.
    """
    stack: list[tuple[yaml.Node, FieldPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, str] = {}
            for key, child in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                built = _key_of(loader, key)
                if built in seen:
                    again = "" if seen[built] == key.value else f" (it is {seen[built]!r} again)"
                    duplicates.append(
                        Problem(
                            message=f"the key {key.value!r} appears twice in one mapping{again}; "
                            "the first would be lost",
                            line=key.start_mark.line + 1,
                        )
                    )
                seen.setdefault(built, key.value)
                lines[(*path, key.value)] = key.start_mark.line + 1
                stack.append((child, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, index)) for index, child in enumerate(node.value))


def _key_of(loader: _SafeLoader, key: yaml.ScalarNode) -> Any:
    """The key that a scalar key node builds; its text if it builds none (a bad date, say)."""
    if key.tag == STR_TAG:
        return key.value
    try:
        built = loader.construct_object(key)
        hash(built)
    except Exception:  # PyYAML meets the same problem when it builds the document, and says it
        loader.recursive_objects.pop(key, None)  # left marked by the failed build
        return key.value
    return built
