"""Camp colours that stay the same from one report to the next.

Each camp has a colour of its own choosing, computed from its name alone (its
SHA-1, into Kelly's twenty colours of maximum contrast), so `mek` is the same
colour in every report, whatever other camps a dataset has. Only when two
camps of one dataset prefer the same colour does one of them move: the
camps are placed in the order of their preferred colour, then of their
names, and one whose colour is taken takes the next free one.
"""

from __future__ import annotations

import hashlib

from reconcile.model.dataset import Dataset

PALETTE = (
    "#0067a5",
    "#f38400",
    "#008856",
    "#be0032",
    "#875692",
    "#882d17",
    "#e68fac",
    "#8db600",
    "#f3c300",
    "#17becf",
    "#604e97",
    "#f99379",
    "#2b3d26",
    "#b3446c",
    "#654522",
    "#a1caf1",
    "#e25822",
    "#c2b280",
    "#dcd300",
    "#f6a600",
)
"""Kelly's colours of maximum contrast (his grey replaced by a cyan, apart from no camp's grey)."""
UNAFFILIATED_COLOUR = "#9e9e9e"
"""Sources without a camp are grey."""


def preferred_slot(name: str) -> int:
    """The palette slot a camp's name prefers, the same in every report."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(PALETTE)


def affiliation_colours(dataset: Dataset) -> dict[str, str]:
    """The colour of each camp of the dataset's sources: its preferred one unless taken."""
    names = sorted({s.affiliation for s in dataset.sources if s.affiliation is not None})
    taken: dict[int, str] = {}
    for name in sorted(names, key=lambda name: (preferred_slot(name), name)):
        slot = preferred_slot(name)
        for step in range(len(PALETTE)):
            if (slot + step) % len(PALETTE) not in taken:
                slot = (slot + step) % len(PALETTE)
                break
        taken.setdefault(slot, name)  # beyond twenty camps colours repeat
    colours = {name: PALETTE[slot] for slot, name in taken.items()}
    return {name: colours.get(name, PALETTE[preferred_slot(name)]) for name in names}
