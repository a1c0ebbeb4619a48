"""`Taxonomy`: how the labels of a categorical attribute relate to each other.

"Golden Division" specialises "Iraqi security forces", so a claim of the
first supports the second; "a group of Iraqi youth" and "Iraqi security
forces" exclude each other, so claims of them contradict. Aliases map other
spellings to one label.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

import attrs

from reconcile.errors import ValidationError
from reconcile.values.category import normalise_label


def _label_map(value: Any) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a mapping of label to label, got {value!r}")
    for key, item in value.items():
        if (
            not isinstance(key, str)
            or not isinstance(item, str)
            or not key.strip()
            or not item.strip()
        ):
            raise ValidationError(f"labels must be non-empty text, got {key!r}: {item!r}")
    return MappingProxyType(dict(value))


def _groups(value: Any) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, str) or not all(
        not isinstance(group, str) and all(isinstance(label, str) for label in group)
        for group in value
    ):
        raise ValidationError(f"exclusive must be a list of lists of labels, got {value!r}")
    return tuple(tuple(group) for group in value)


def _check_acyclic(instance: Taxonomy, attribute: Any, value: Mapping[str, str]) -> None:
    for label in value:
        if instance.parent_of(label) == instance.canonical(label):
            raise ValidationError(
                f"Taxonomy label {label!r} is its own parent (aliases resolved)",
                field=attribute.name,
            )
        path = [instance.canonical(label)]
        parent = instance.parent_of(label)
        while parent is not None:
            if parent in path:
                cycle = " -> ".join([*path[path.index(parent) :], parent])
                raise ValidationError(
                    f"Taxonomy parents form a cycle: {cycle}", field=attribute.name
                )
            path.append(parent)
            parent = instance.parent_of(parent)


@attrs.frozen(kw_only=True)
class Taxonomy:
    """Relations between the labels of one categorical attribute.

    `parents` maps a label to the more general label it specialises;
    `exclusive` lists groups of labels of which at most one can be true (a
    label excludes the others of its group and everything below them);
    `aliases` maps other spellings to a label. Labels are compared ignoring
    case and spacing.
    """

    parents: Mapping[str, str] = attrs.field(
        factory=dict, converter=_label_map, validator=_check_acyclic, hash=False
    )
    exclusive: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_groups)
    aliases: Mapping[str, str] = attrs.field(factory=dict, converter=_label_map, hash=False)

    @cached_property
    def _parents(self) -> dict[str, str]:
        resolve = self._canonical_alias
        return {resolve(child): resolve(parent) for child, parent in self.parents.items()}

    @cached_property
    def _alias_keys(self) -> dict[str, str]:
        return {
            normalise_label(alias): normalise_label(label) for alias, label in self.aliases.items()
        }

    def _canonical_alias(self, label: str) -> str:
        key = normalise_label(label)
        return self._alias_keys.get(key, key)

    @cached_property
    def _spellings(self) -> dict[str, str]:
        named = [
            *self.parents.keys(),
            *self.parents.values(),
            *(label for group in self.exclusive for label in group),
            *self.aliases.values(),
        ]
        spellings: dict[str, str] = {}
        for label in named:
            spellings.setdefault(normalise_label(label), label)
        return spellings

    def display(self, label: str) -> str:
        """How to write a label: as the taxonomy spells the label it stands for, else as given."""
        return self._spellings.get(self.canonical(label), label)

    def canonical(self, label: str) -> str:
        """The normalised label that `label` stands for, aliases resolved."""
        found = self._canonicals.get(label)
        if found is None:
            found = self._canonicals[label] = self._canonical_alias(label)
        return found

    @cached_property
    def _canonicals(self) -> dict[str, str]:
        # Each label as written, normalised once: the strategies ask for every testimony
        # and every pair of labels, and the taxonomy never changes.
        return {}

    def parent_of(self, label: str) -> str | None:
        """The more general label that `label` specialises, if any."""
        return self._parents.get(self.canonical(label))

    def ancestors(self, label: str) -> tuple[str, ...]:
        """Every more general label above `label`, nearest first."""
        found: list[str] = []
        parent = self.parent_of(label)
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.parent_of(parent)
        return tuple(found)

    def lineage(self, label: str) -> tuple[str, ...]:
        """The label itself, then its ancestors."""
        found = self._lineages.get(label)
        if found is None:
            found = self._lineages[label] = (self.canonical(label), *self.ancestors(label))
        return found

    @cached_property
    def _lineages(self) -> dict[str, tuple[str, ...]]:
        # Each label's lineage, once worked out: the strategies ask again for every
        # testimony and every rival, and the taxonomy never changes.
        return {}

    def specialises(self, label: str, general: str) -> bool:
        """Whether `label` is `general` or lies below it."""
        found = self._specialising.get((label, general))
        if found is None:
            found = self._specialising[label, general] = self.canonical(general) in self.lineage(
                label
            )
        return found

    @cached_property
    def _specialising(self) -> dict[tuple[str, str], bool]:
        # Each pair of labels as written, once answered: a vote asks for every pair of
        # testimonies and every candidate label, and the taxonomy never changes.
        return {}

    def compatible(self, first: str, second: str) -> bool:
        """Whether one of the labels is the other or lies below it."""
        return self.specialises(first, second) or self.specialises(second, first)

    @cached_property
    def _exclusive_keys(self) -> tuple[frozenset[str], ...]:
        return tuple(
            frozenset(self.canonical(label) for label in group) for group in self.exclusive
        )

    def excludes(self, first: str, second: str) -> bool:
        """Whether the two labels cannot both be true."""
        if not self.exclusive:
            return False  # most taxonomies (and no taxonomy at all) exclude nothing
        lineage_first, lineage_second = set(self.lineage(first)), set(self.lineage(second))
        for group in self._exclusive_keys:
            left, right = lineage_first & group, lineage_second & group
            if left and right and left != right:
                return True
        return False
