"""`HedgePolicy`: how approximations and vague words become intervals.

The parser knows the grammar of hedged figures; the policy holds the
judgement calls ("about" means within 10%? "dozens" means 24 to 99, or 12 as
ACLED codes it?), so a project can state its own and apply it consistently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from reconcile.errors import ValidationError


def _check_term(instance: VagueTerm, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.low < 0 or instance.high < instance.low or math.isnan(instance.high):
        raise ValidationError(
            f"VagueTerm needs 0 <= low <= high, got low={instance.low!r} high={instance.high!r}",
            field=attribute.name,
        )
    if instance.point is not None and not instance.low <= instance.point <= instance.high:
        raise ValidationError(
            f"VagueTerm point {instance.point!r} lies outside "
            f"[{instance.low!r}, {instance.high!r}]",
            field=attribute.name,
        )


@attrs.frozen(kw_only=True)
class VagueTerm:
    """What one vague word stands for: the interval ``[low, high]`` and, if any, a single figure.

    ``high`` may be infinite. With a scale ("several hundred"), the interval
    is multiplied by the scale.
    """

    low: float
    high: float
    point: float | None = attrs.field(default=None, validator=_check_term)

    @classmethod
    def coded(cls, figure: float) -> VagueTerm:
        """A word coded as one figure, as ACLED codes "dozens" as 12."""
        return cls(low=figure, high=figure, point=figure)


def _check_tolerance(
    instance: HedgePolicy, attribute: attrs.Attribute[float], value: float
) -> None:
    if not 0 <= value < 1:
        raise ValidationError(
            f"HedgePolicy approximate tolerance must lie in [0, 1), got {value!r}",
            field=attribute.name,
        )


def _freeze_terms(terms: Mapping[str, VagueTerm]) -> Mapping[str, VagueTerm]:
    frozen = {word.strip().lower(): term for word, term in dict(terms).items()}
    for word, term in frozen.items():
        if not word.isalpha():
            raise ValidationError(f"HedgePolicy vague words must be single words, got {word!r}")
        if not isinstance(term, VagueTerm):
            raise ValidationError(
                f"HedgePolicy vague word {word!r} needs a VagueTerm, got {term!r}"
            )
    return MappingProxyType(frozen)


@attrs.frozen(kw_only=True)
class HedgePolicy:
    """The replaceable judgement calls of `parse_quantity`.

    `approximate` is the relative tolerance of approximations: with 0.1,
    "about 3000" is [2700, 3300] and "nearly 50" [45, 50]. `vague` maps each
    vague word (``few``, ``several``, ``dozen``, ``dozens``, ``scores``,
    ``tens``, ``hundreds``, ``thousands``, ``millions``, ``couple``, or any
    word you add, such as ``many``) to the interval it stands for. A word
    missing from the mapping is not understood: text that uses it is an error.

    Two presets: `HedgePolicy.default()` reads words as the range they
    plausibly cover, `HedgePolicy.conservative()` codes each as one low figure
    in the manner of ACLED ("dozens" 12, "hundreds" 100).
    """

    name: str
    approximate: float = attrs.field(default=0.1, validator=_check_tolerance)
    vague: Mapping[str, VagueTerm] = attrs.field(factory=dict, converter=_freeze_terms, hash=False)

    @classmethod
    def default(cls) -> HedgePolicy:
        """Approximations within 10%; vague words as the range of figures they cover.

        couple 2-3, few 2-5, several 3-9, dozen 10-14 (point 12), dozens
        24-99, scores 40-199, tens 20-99, hundreds 200-999, thousands
        2,000-9,999, millions 2-9.99 million; "a number of" and "multiple"
        say only that there were at least two, so they are 2 or more, with
        no invented upper bound.
        """
        return cls(
            name="default",
            approximate=0.1,
            vague={
                "couple": VagueTerm(low=2, high=3),
                "few": VagueTerm(low=2, high=5),
                "several": VagueTerm(low=3, high=9),
                "dozen": VagueTerm(low=10, high=14, point=12),
                "dozens": VagueTerm(low=24, high=99),
                "scores": VagueTerm(low=40, high=199),
                "tens": VagueTerm(low=20, high=99),
                "hundreds": VagueTerm(low=200, high=999),
                "thousands": VagueTerm(low=2_000, high=9_999),
                "millions": VagueTerm(low=2_000_000, high=9_999_999),
                "number": VagueTerm(low=2, high=math.inf),
                "multiple": VagueTerm(low=2, high=math.inf),
            },
        )

    @classmethod
    def conservative(cls) -> HedgePolicy:
        """Each hedge as the lowest figure it commits to, in the manner of ACLED.

        Approximations keep the stated figure ("about 3000" is 3000); a vague
        plural is coded as one of its unit ("dozens" 12, "hundreds" 100,
        "thousands" 1,000, "scores" 20, "tens" 10), "a couple" 2, "a few" and
        "several" 3, "a dozen" 12, "a number of" and "multiple" 2.
        """
        coded = VagueTerm.coded
        return cls(
            name="conservative",
            approximate=0.0,
            vague={
                "couple": coded(2),
                "few": coded(3),
                "several": coded(3),
                "dozen": coded(12),
                "dozens": coded(12),
                "scores": coded(20),
                "tens": coded(10),
                "hundreds": coded(100),
                "thousands": coded(1_000),
                "millions": coded(1_000_000),
                "number": coded(2),
                "multiple": coded(2),
            },
        )

    @classmethod
    def preset(cls, name: str) -> HedgePolicy:
        """A preset by name: ``default``, or ``conservative`` (also called ``acled``)."""
        presets = {
            "default": cls.default,
            "conservative": cls.conservative,
            "acled": cls.conservative,
        }
        try:
            return presets[name.strip().lower()]()
        except KeyError:
            raise ValidationError(
                f"no hedge policy preset named {name!r}; choose one of {', '.join(sorted(presets))}"
            ) from None

    def with_terms(self, **terms: VagueTerm) -> HedgePolicy:
        """A copy of this policy with vague words added or replaced: ``with_terms(many=...)``.

        The copy is named after this policy and the words it adds, such as
        ``default+many``, so that error messages say which policy was used.
        """
        name = "+".join([self.name, *sorted(terms)])
        return attrs.evolve(self, name=name, vague={**self.vague, **terms})

    def around(self, figure: Fraction) -> tuple[Fraction, Fraction]:
        """The interval an approximation of `figure` covers under this policy."""
        tolerance = Fraction(str(self.approximate))
        return figure * (1 - tolerance), figure * (1 + tolerance)
