"""The exception hierarchy: one root, so callers can catch everything we raise."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


class ReconcileError(Exception):
    """Root of every error that `reconcile` raises on purpose."""


class ValidationError(ReconcileError, ValueError):
    """An object was given values that cannot describe anything real.

    Raised by the constructors of the typed core (`Quantity`, `Claim`, ...),
    so that an invalid object can never exist. `field` names the field at
    fault when one is.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UsageError(ReconcileError, ValueError):
    """A function or command was called with arguments that do not fit together.

    For example, saving claims to CSV without naming a file for the sources.
    """


class ParseError(ReconcileError, ValueError):
    """A piece of text could not be read as the kind of value asked for.

    The parsers never guess: text they cannot read raises this error, which
    repeats the text in `text` and explains the problem in its message.
    """

    def __init__(self, message: str, *, text: str) -> None:
        super().__init__(message)
        self.text = text


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong in a dataset file: where it is and what is wrong.

    `record` is the position of the record in its section (0-based), `record_id`
    its id when it has one, `field` the dotted path inside the record
    (``value``, ``evidence.span``), and `line` the 1-based line in the file
    when it is known.
    """

    message: str
    file: str | None = None
    section: str | None = None
    record: int | None = None
    record_id: str | None = None
    field: str | None = None
    line: int | None = None

    def location(self) -> str:
        """Say where the problem is, as ``file:line: claims[3] (id 'c4') field 'value'``."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(f"{self.file}:{self.line}" if self.line is not None else self.file)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.section is not None:
            record = self.section if self.record is None else f"{self.section}[{self.record}]"
            if self.record_id is not None:
                record += f" (id {self.record_id!r})"
            parts.append(record)
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class DatasetError(ReconcileError, ValueError):
    """A dataset is broken; `problems` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem], *, summary: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = summary or f"{count} problem{'s' if count != 1 else ''} in the dataset"
        super().__init__("\n".join([head + ":", *(f"  {problem}" for problem in self.problems)]))
