"""From the five Camp Ashraf articles to the toll findings, by the command line, as a user would.

`reconcile extract` proposes candidates for each article (with its publisher and date,
and the example's sources so that quoted speakers get their ids); `reconcile run`
refuses them until they are accepted; accepted, they give the same 2013 and 2009 death
toll findings as the hand-annotated example: 52 (50-70, disputed) for 1 September 2013
and 11 (9-11, agreed) for July 2009, as examples/ashraf/README.md explains from the
articles. The recall and precision figures are measured by benchmarks/extract.py
(tests/test_benchmark_extract.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from benchmarks import extract as benchmark
from click.testing import CliRunner

import reconcile
from reconcile.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ashraf"
DOCUMENTS = EXAMPLE / "documents"
PUBLISHERS = benchmark.PUBLISHERS


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def candidates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "candidates.yaml"
    for name, (source, published) in PUBLISHERS.items():
        more = ["--add-to", str(path)] if path.exists() else []
        code, _, err = invoke(
            "extract", str(DOCUMENTS / name), "--source", source, "--published", published,
            "--sources", str(EXAMPLE / "ashraf.yaml"), "--output", str(path), *more,
        )  # fmt: skip
        assert code == 0, err
        assert "review them against their quotes" in err
    return path


@cache
def hand_annotated() -> reconcile.Reconciliation:
    """The hand annotation, less the analyst's judgements of interest.

    Whether a claim serves its origin's interest (Khatami's "seventy" is a
    boast) is a judgement an analyst adds in review; an extractor proposes the
    claims as the articles state them, so they are compared without it.
    """
    dataset = reconcile.load(EXAMPLE / "ashraf.yaml")
    as_stated = [attrs.evolve(claim, interest=None) for claim in dataset.claims]
    return reconcile.reconcile(attrs.evolve(dataset, claims=as_stated))


def finding_holding(result: dict[str, Any], document: str, span: tuple[int, int]) -> Any:
    """The killed finding of the event that holds the killed claim quoted at `span`."""
    claims = {claim.id: claim for claim in reconcile.load(result["_path"]).claims}
    for event in result["events"]:
        for finding in event["findings"]:
            if finding["attribute"] != "killed":
                continue
            for claim_id in finding["support"] + finding["dissent"]:
                evidence = claims[claim_id].evidence
                if evidence and evidence.document == document and _overlaps(evidence.span, span):
                    return finding
    raise AssertionError(f"no killed finding holds a claim at {document} {span}")


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def test_run_refuses_the_candidates_until_they_are_accepted(candidates: Path) -> None:
    code, _, err = invoke("run", str(candidates))
    assert code == 2
    assert "candidate claim(s) that no one has reviewed" in err
    assert "--accept-candidates" in err


@pytest.mark.parametrize(
    ("gold_claim", "expected"),
    [
        # Worked out from the articles in examples/ashraf/README.md: ten origins say 52, the
        # US State Department 50, Khatami "seventy"; the MEK site 11, Amnesty "no less than nine".
        ("d003-killed-2013-tasnim", (52, 50, 70, "disputed")),
        ("d000-killed-2009-mek-iran", (11, 9, 11, "agreed")),
    ],
)
def test_accepted_candidates_give_the_hand_annotated_toll_findings(
    candidates: Path, tmp_path: Path, gold_claim: str, expected: tuple[int, int, int, str]
) -> None:
    target = tmp_path / "result.json"
    code, _, err = invoke(
        "run", str(candidates), "--accept-candidates", "--format", "json", "--output", str(target)
    )
    assert code == 0, err
    result = json.loads(target.read_text(encoding="utf-8"))
    result["_path"] = str(candidates)
    gold = next(claim for claim in hand_annotated().dataset.claims if claim.id == gold_claim)
    assert gold.evidence is not None
    assert gold.evidence.span is not None
    found = finding_holding(result, gold.evidence.document, gold.evidence.span)
    by_hand = next(f for f in hand_annotated().findings if gold_claim in f.claims)
    assert isinstance(by_hand.best, reconcile.Quantity)
    assert (found["best"], found["low"], found["high"], found["status"]) == expected
    assert expected == (
        by_hand.best.point, by_hand.low, by_hand.high, by_hand.status.value
    )  # fmt: skip


def test_the_html_report_shows_the_candidates_beside_their_quotes(
    candidates: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    code, _, err = invoke(
        "run", str(candidates), "--accept-candidates", "--format", "html", "--output", str(target)
    )
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert '<section id="candidates">' in page
    assert "Candidates to review" in page
    # Amnesty's figure, marked in its quote.
    assert "ended up in the deaths of <mark>no less than nine</mark> camp residents." in page
