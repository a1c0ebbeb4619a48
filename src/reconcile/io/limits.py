r"""The limits and text rules that keep a hostile file from crashing `load` or filling memory.

Every format follows the same rules: one UTF-8 byte-order mark at the very
start is ignored, lines end with ``\n`` or ``\r\n`` (and nothing else: a
form feed or U+2028 inside a line is text), and an empty file holds nothing.
Within the data, nesting is capped at `MAX_DEPTH` levels, whole numbers at
`MAX_WHOLE_NUMBER`, CSV cells at `MAX_CELL_CHARS` characters, and YAML
aliases may not expand a document beyond `alias_budget` nodes. Text must be
real Unicode: a lone surrogate (which JSON's ``\udc80`` escape can write) is
refused, as no UTF-8 file or terminal can hold it.

The checks are iterative, never recursive, so that a deep or wide input is
refused before anything else walks it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import yaml

from reconcile.values.numbers import MAX_FIGURE

MAX_DEPTH = 64
"""How deeply lists and mappings may nest; a dataset needs fewer than ten levels."""

MAX_WHOLE_NUMBER = MAX_FIGURE
"""The largest whole number a file may hold: the largest that a float keeps exactly."""

MAX_NUMBER_DIGITS = 24
"""Numbers written with more digits than this are not even converted (Python refuses 4,300)."""

MAX_CELL_CHARS = 1_048_576
"""The longest CSV cell, in characters (Python's csv module stops at 131,072 by default)."""

ALIAS_FACTOR = 10
ALIAS_ALLOWANCE = 10_000

BYTE_ORDER_MARK = "\ufeff"

_SURROGATE = re.compile("[\ud800-\udfff]")

FieldPath = tuple[str | int, ...]


def alias_budget(written: int) -> int:
    """How many nodes a YAML document of `written` nodes may expand to through its aliases.

    Ten times what is written plus 10,000: aliases can share a few mappings
    across many records, but a kilobyte cannot become gigabytes (a "billion
    laughs" file), and memory stays proportional to the file's size.
    """
    return ALIAS_FACTOR * written + ALIAS_ALLOWANCE


@attrs.frozen
class NumberTooLong:
    """A number written with more than `MAX_NUMBER_DIGITS` digits, kept as its text."""

    text: str

    def __str__(self) -> str:
        return f"{self.text[:12]}... ({len(self.text)} characters)"


_SAFE_DIGITS = len(str(MAX_WHOLE_NUMBER)) - 1
"""A whole number of this many digits or fewer is within the limit, whatever its digits."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@attrs.define
class Watch:
    """Whether parsing met anything that `value_problems` must look at: the parsers' hooks.

    Walking every record of a large file costs a fifth of loading it, and
    nearly every file holds nothing beyond the limits. So the parsers report
    what might be (long or non-finite numbers, surrogate escapes, deep
    brackets) here, and only then are the records walked.
    """

    raised: bool = False

    def read_int(self, text: str) -> int | NumberTooLong:
        """Convert the digits of a whole number, unless there are too many to be a real figure."""
        digits = len(text.lstrip("+-").replace("_", ""))
        if digits > _SAFE_DIGITS:
            self.raised = True
            if digits > MAX_NUMBER_DIGITS:
                return NumberTooLong(text)
        return int(text)

    def read_float(self, text: str) -> float:
        """Convert a decimal number; one that overflows to infinity raises the watch."""
        return self.saw_float(float(text))

    def saw_float(self, number: float) -> float:
        """Note a float that is infinite or not a number (``NaN``, ``.inf``, ``1e400``)."""
        if not math.isfinite(number):
            self.raised = True
        return number

    def read_constant(self, name: str) -> float:
        """JSON's non-standard ``NaN``, ``Infinity`` and ``-Infinity``, which the checks refuse."""
        self.raised = True
        return float(name)

    def scan(self, text: str, *, depth: bool) -> None:
        """Look at raw JSON text for surrogate escapes and, if asked, for deep brackets."""
        if json_needs_a_look(text, depth=depth):
            self.raised = True


def json_needs_a_look(text: str, *, depth: bool) -> bool:
    """Whether raw JSON text holds a surrogate escape or (if asked) brackets enough to nest deep.

    What `Watch.scan` looks for, for a reader that needs no watch when there is none.
    """
    return _SURROGATE_ESCAPE.search(text) is not None or (
        depth and text.count("[") + text.count("{") > MAX_DEPTH
    )


def without_bom(text: str) -> str:
    """The text without the one UTF-8 byte-order mark that may open a file."""
    return text[1:] if text.startswith(BYTE_ORDER_MARK) else text


def numbered_lines(pieces: Iterable[str], before: int = 0) -> Iterator[tuple[int, str]]:
    r"""The lines of a text given in `pieces`, with their 1-based numbers, split at ``\n`` only.

    With `before`, the first line is numbered ``before + 1``: the pieces go on
    from that many lines of the same text.

    The text is the pieces joined (a line may run on from one piece into the
    next), so a text of one piece, ``[text]``, is read whole. A ``\r`` before
    the ``\n`` is part of the line ending; every other character, U+2028 and
    form feeds included, is part of the line (unlike `str.splitlines`, which
    would split legal JSON strings and CSV cells). As ``text.split("\n")``
    does, it ends with the (maybe empty) line after the last ``\n``.
    """
    number, rest = before, ""
    for piece in pieces:
        lines = piece.split("\n")
        lines[0] = rest + lines[0]
        rest = lines.pop()  # the line the next piece may go on with
        for line in lines:
            number += 1
            yield number, line.removesuffix("\r")
    yield number + 1, rest.removesuffix("\r")


def is_blank(text: str) -> bool:
    """Whether a file holds nothing but white space (after its byte-order mark)."""
    return not without_bom(text).strip()


def value_problems(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """The parts of parsed data beyond the limits, each with its path and what is wrong.

    Nesting deeper than `MAX_DEPTH` is reported once, at the top field of
    `data` that holds it, and not walked further.
    """
    stack: list[tuple[Any, FieldPath, int]] = [(data, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, Mapping | list | tuple):
            if depth >= MAX_DEPTH:
                yield (
                    where[: len(path) + 1],
                    f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                )
                continue
            children = item.items() if isinstance(item, Mapping) else enumerate(item)
            for key, child in reversed(list(children)):
                if isinstance(key, str) and _SURROGATE.search(key):
                    yield (*where, key), _surrogate_message(key)
                    continue
                stack.append(
                    (child, (*where, key if isinstance(key, str | int) else str(key)), depth + 1)
                )
        else:
            message = leaf_problem(item)
            if message is not None:
                yield where, message


def too_deep(data: Any) -> FieldPath | None:
    """The path to the first list or mapping nested more than `MAX_DEPTH` levels deep, if any."""
    stack: list[tuple[Any, FieldPath]] = [(data, ())]
    while stack:
        item, where = stack.pop()
        if not isinstance(item, Mapping | list):
            continue
        if len(where) >= MAX_DEPTH:
            return where
        children = item.items() if isinstance(item, Mapping) else enumerate(item)
        stack.extend((child, (*where, key)) for key, child in children)
    return None


def leaf_problem(item: Any) -> str | None:
    """What is wrong with one number or text of a file, or None when nothing is."""
    if isinstance(item, NumberTooLong):
        return f"the number {item} is far too large; whole numbers may be at most 2^53"
    if isinstance(item, bool):
        return None
    if isinstance(item, int) and abs(item) > MAX_WHOLE_NUMBER:
        return (
            f"the number {item} is too large; whole numbers may be at most 2^53 "
            f"({MAX_WHOLE_NUMBER}), the largest kept exactly"
        )
    if isinstance(item, float) and not math.isfinite(item):
        return (
            f"the number {item!r} is not finite; write a finite figure "
            "(or null for a quantity's missing upper bound)"
        )
    if isinstance(item, str) and _SURROGATE.search(item):
        return _surrogate_message(item)
    return None


def _surrogate_message(text: str) -> str:
    found = _SURROGATE.search(text)
    assert found is not None
    return (
        f"the text holds a lone surrogate \\u{ord(found.group()):04x} at character "
        f"{found.start()}, which is not a Unicode character"
    )


# -- YAML node graphs ------------------------------------------------------------------


def node_graph_problem(root: yaml.Node) -> tuple[str, int] | None:
    """Why a composed YAML document is refused, with the line, or None when it is fine.

    A document is refused when an alias refers to a node that contains it (the
    data would be infinite), when its aliases would expand it beyond
    `alias_budget`, or when it nests deeper than `MAX_DEPTH`. Shared nodes are
    measured once, so this takes time in proportion to the file, not to what
    its aliases would expand to.
    """
    # (expanded size, height) of each list and mapping, by id; a scalar is (1, 1) and is not
    # stored, which keeps this table to a third of the nodes.
    sizes: dict[int, tuple[int, int]] = {}
    scalars = 0
    open_nodes: set[int] = set()
    # A node with its children once they are measured, or with None when first met.
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, measured_children = stack.pop()
        key = id(node)
        if measured_children is not None:
            measured = [sizes.get(id(child), _SCALAR) for child in measured_children]
            sizes[key] = (
                1 + sum(size for size, _ in measured),
                1 + max((height for _, height in measured), default=0),
            )
            open_nodes.discard(key)
            continue
        if key in sizes:
            continue
        children = _children(node)
        open_nodes.add(key)
        stack.append((node, children))
        for child in children:
            if id(child) in open_nodes:
                return "an alias refers to a node that contains it, so the data never ends", (
                    child.start_mark.line + 1
                )
            if isinstance(child, yaml.ScalarNode):
                scalars += 1
            elif id(child) not in sizes:
                stack.append((child, None))
    size, height = sizes.get(id(root), _SCALAR)
    written = len(sizes) + scalars
    budget = alias_budget(written)
    if size > budget:
        return (
            f"its aliases expand {written} written nodes to {_rough(size)}; at most {budget} "
            f"({ALIAS_FACTOR} times the nodes written plus {ALIAS_ALLOWANCE}) are allowed",
            root.start_mark.line + 1,
        )
    if height > MAX_DEPTH:
        return (
            f"lists and mappings nest more than {MAX_DEPTH} levels deep",
            _line_at_depth(root, sizes, MAX_DEPTH),
        )
    return None


_SCALAR = (1, 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _line_at_depth(root: yaml.Node, sizes: Mapping[int, tuple[int, int]], depth: int) -> int:
    """The line of the node at `depth` on the deepest path from `root`."""
    node = root
    for _ in range(depth):
        children = _children(node)
        if not children:
            break
        node = max(children, key=lambda child: sizes.get(id(child), _SCALAR)[1])
    return node.start_mark.line + 1


def _rough(size: int) -> str:
    return f"{size}" if size < 10**9 else f"about 10^{len(str(size)) - 1}"
