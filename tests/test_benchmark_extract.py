"""benchmarks/extract.py: the figures issue 15 asks for, and the held-out run beside them.

The thresholds are the issue's (recall .90, precision .80 on the Camp Ashraf articles); on
the held-out field corpus the test only asks that the rules beat the plain baseline, since
no target was set for text the rules were not written on.
"""

from __future__ import annotations

from benchmarks import extract as benchmark
from benchmarks import extract_field

from reconcile import RuleExtractor


def test_the_benchmark_meets_the_issues_figures() -> None:
    gold = benchmark.gold_claims()
    assert len(gold) == 71
    rules = benchmark.score("rules", benchmark.extracted(None), gold)
    baseline = benchmark.score("baseline", benchmark.extracted(benchmark.Baseline()), gold)
    assert rules.recall >= 0.90
    assert rules.precision >= 0.80
    assert rules.recall > baseline.recall
    # The chains are reported, not required: more than half are exactly the annotated chain.
    assert rules.chains_right > rules.found / 2


def test_on_the_held_out_quotes_the_rules_beat_the_baseline() -> None:
    rules = extract_field.score("rules", RuleExtractor(lexicon=extract_field.lexicon()))
    casualty = {
        word: ("injured" if name == "wounded" else name)
        for word, name in benchmark.Baseline().words.items()
    }
    baseline = extract_field.score("baseline", benchmark.Baseline(words=casualty))
    assert rules.gold == baseline.gold > 100
    assert rules.recall > baseline.recall
    assert rules.precision > baseline.precision
    # Every candidate is counted once: matched, repeated, or listed for a person.
    assert rules.matched + rules.repeats + len(rules.unmatched) == rules.candidates


def test_english_quotes_are_told_from_the_others() -> None:
    assert extract_field.is_english("30 people were killed and more than 100 were injured.")
    assert not extract_field.is_english("Zeker dertig doden en honderd gewonden.")
    assert not extract_field.is_english("قُتل 18 قروياً")
    assert not extract_field.is_english("Le bilan est de 50 morts au moins.")
