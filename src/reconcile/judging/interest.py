"""Interest: a party's claims in its own interest are context; its admissions count strongly.

This follows the civilian-harm methodology Airwars publishes
(https://airwars.org/about/methodology/): a belligerent's denial of its own
responsibility, its boast of enemy losses, or its description of the dead
as combatants is not corroboration, while a belligerent accepting
responsibility is the strongest evidence there is (Airwars grades such an
incident "Confirmed").

A claim's interest is what an analyst declared on it (`Claim.interest`),
else what follows from a declared party (`Source.party`) for the perpetrator
(`RESPONSIBILITY_ATTRIBUTES`): a party that denies a label naming
itself, or accuses a rival, speaks in its own interest; a party that names
itself admits against its interest. A figure's interest (a boast, a
minimised toll) cannot be read off the figure and is only declared.
"""

from __future__ import annotations

from reconcile.model.claim import Claim, Interest, Polarity
from reconcile.model.schema import AttributeSchema
from reconcile.model.source import Source
from reconcile.values.category import Category

SELF_SERVING_FACTOR = 0.1
"""A claim in its origin's own interest weighs a tenth of its origin's weight."""
AGAINST_INTEREST_FACTOR = 2.0
"""An admission against interest weighs twice its origin's weight."""

RESPONSIBILITY_ATTRIBUTES = frozenset({"perpetrator"})
"""The attributes whose labels name who is responsible, read against a declared party.

Other labels (what the victims were, say) serve a party in ways its label
does not show: declare their interest on the claim."""

_FACTORS = {
    Interest.SELF_SERVING: SELF_SERVING_FACTOR,
    Interest.AGAINST_INTEREST: AGAINST_INTEREST_FACTOR,
}


def interest_factor(interest: Interest | None) -> float:
    """What a claim's interest multiplies its origin's weight by (1 without one)."""
    return 1.0 if interest is None else _FACTORS[interest]


def interest_of(claim: Claim, origin: Source | None, schema: AttributeSchema) -> Interest | None:
    """The interest of `claim`: as declared, else as its origin's declared party implies.

    Only labels of the perpetrator are read against the party: a denial
    of a label that names the party (the label or one above or below it) is
    self-serving, a claim of a label that names it (it or one below it) is
    an admission, and a claim of a label that excludes it (an accusation of
    someone else) is self-serving. Anything else is neutral.
    """
    if claim.interest is not None:
        return claim.interest
    if (
        origin is None
        or origin.party is None
        or claim.attribute not in RESPONSIBILITY_ATTRIBUTES
        or not isinstance(claim.value, Category)
    ):
        return None
    taxonomy = schema.labels
    label, party = claim.value.label, origin.party
    names_party = taxonomy.compatible(label, party)
    if claim.polarity is Polarity.DENIES:
        return Interest.SELF_SERVING if names_party else None
    if taxonomy.specialises(label, party):
        return Interest.AGAINST_INTEREST
    if not names_party and (not schema.multi or taxonomy.excludes(label, party)):
        return Interest.SELF_SERVING
    return None
