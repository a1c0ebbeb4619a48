"""The simulator: reproducible, consistent with its own truth, and with the noise it promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import Polarity, Quantity
from reconcile.errors import UsageError
from reconcile.simulate import PLACE_ALIASES, Camp, Scenario, generate, write


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_the_same_seed_gives_the_same_dataset(seed: int) -> None:
    scenario = Scenario(events=8, sources=6)
    assert generate(scenario, seed=seed) == generate(scenario, seed=seed)


def test_different_seeds_give_different_datasets() -> None:
    scenario = Scenario(events=8, sources=6)
    assert generate(scenario, seed=1).dataset != generate(scenario, seed=2).dataset


def test_every_claim_has_a_true_event_with_a_true_value() -> None:
    simulation = generate(Scenario(events=20, sources=10), seed=3)
    events = {event for event, _ in simulation.truth}
    assert len(events) == 20
    for claim in simulation.dataset.claims:
        assert simulation.event_of[claim.id] in events
        assert (simulation.event_of[claim.id], claim.attribute) in simulation.truth


def test_the_noise_it_promises_is_there() -> None:
    simulation = generate(
        Scenario(events=80, sources=20, repeat=0.3, revision=0.2, hedge=0.3), seed=5
    )
    claims = simulation.dataset.claims
    repeats = [claim for claim in claims if claim.attribution]
    assert repeats, "outlets repeat origins"
    assert all(claim.source.startswith("outlet-") for claim in repeats)
    hedged = Counter(claim.value.hedge for claim in claims if isinstance(claim.value, Quantity))
    assert hedged[reconcile.Hedge.AT_LEAST] > 0
    assert hedged[reconcile.Hedge.APPROXIMATE] > 0
    partial = [
        claim for claim in claims if claim.value_text and claim.value_text.startswith("so far")
    ]
    assert partial, "early partial counts"
    assert any(claim.polarity is Polarity.DENIES for claim in claims), "a camp denies its own side"
    assert any(claim.mention is not None and claim.mention.when is None for claim in claims)


def test_a_perfectly_honest_unbiased_scenario_is_reconciled_exactly() -> None:
    # Everyone reliable, no camp bends figures, no noise at all: every finding must be the truth.
    calm = Scenario(
        events=15,
        sources=8,
        camps=(Camp(name="wire"),),
        reliability=(1.0, 1.0),
        repeat=0.0,
        revision=0.0,
        hedge=0.0,
        outlier=0.0,
        mention_noise=0.0,
    )
    simulation = generate(calm, seed=11)
    result = reconcile.reconcile(
        simulation.dataset, clusterer=reconcile.MentionClusterer(places=PLACE_ALIASES)
    )
    assert len(result.events) == 15
    for finding in result.findings:
        true_event = simulation.event_of[result.event(finding.event).claims[0]]
        assert finding.best == simulation.truth[(true_event, finding.attribute)]


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    events=st.integers(min_value=1, max_value=12),
    batch_events=st.integers(min_value=1, max_value=5),
)
def test_written_in_batches_the_files_are_those_of_the_whole_dataset_saved(
    tmp_path_factory: pytest.TempPathFactory, seed: int, events: int, batch_events: int
) -> None:
    folder = tmp_path_factory.mktemp("simulated")
    simulation = generate(Scenario(events=events, sources=6, repeat=0.5), seed=seed)
    simulation.dataset.save(folder / "whole.jsonl", sources=folder / "whole.yaml")
    written = write(
        Scenario(events=events, sources=6, repeat=0.5),
        folder / "streamed.jsonl",
        sources=folder / "streamed.yaml",
        seed=seed,
        batch_events=batch_events,
    )
    assert written == len(simulation.dataset.claims)
    for whole, streamed in (("whole.jsonl", "streamed.jsonl"), ("whole.yaml", "streamed.yaml")):
        assert (folder / streamed).read_bytes() == (folder / whole).read_bytes()


def test_written_files_load_back_as_the_generated_dataset(tmp_path: Path) -> None:
    scenario = Scenario(events=6, sources=5, repeat=0.5)
    write(scenario, tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml", seed=4)
    loaded = reconcile.load(tmp_path / "claims.jsonl", sources=tmp_path / "sources.yaml")
    assert loaded == generate(scenario, seed=4).dataset


@pytest.mark.parametrize(
    ("claims", "sources", "named"),
    [
        ("claims.csv", "sources.yaml", "claims.csv"),
        ("claims.jsonl", "sources.json", "sources.json"),
    ],
)
def test_writing_to_another_format_names_the_file(
    tmp_path: Path, claims: str, sources: str, named: str
) -> None:
    with pytest.raises(UsageError, match=named):
        write(Scenario(events=1), tmp_path / claims, sources=tmp_path / sources)
