"""The sample shipped for `reconcile demo` quotes the seed articles verbatim."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import reconcile

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_every_demo_quote_stands_verbatim_in_its_document() -> None:
    with resources.as_file(resources.files("reconcile") / "data" / "demo.yaml") as path:
        dataset = reconcile.load(path)
    assert len(dataset.claims) == 14
    for claim in dataset.claims:
        assert claim.evidence is not None
        assert claim.evidence.quote is not None
        text = (SEEDS / claim.evidence.document).read_text(encoding="utf-8")
        assert claim.evidence.quote in text, claim.id
        if claim.value_text is not None:
            assert claim.value_text in claim.evidence.quote, claim.id
