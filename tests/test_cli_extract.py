"""`reconcile extract` and `reconcile run --accept-candidates`: files, output, errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

import reconcile
from reconcile.cli import main

ARTICLE = (
    "The raid on Camp Ashraf on September 1st that resulted in the killing of 52 residents is "
    "a matter of concern.\n\nIraqi officials said two soldiers were wounded.\n"
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def article(tmp_path: Path, name: str = "nejat.txt", text: str = ARTICLE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_prints_the_candidates_as_a_dataset_file(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "extract", str(article(tmp_path)), "--source", "nejat", "--published", "2013-09-10"
    )
    assert code == 0
    data = yaml.safe_load(out)
    claims = {(c["attribute"], str(c["value"])) for c in data["claims"]}
    assert claims == {("killed", "52"), ("date", "September 1st"), ("wounded", "two")}
    assert all(c["candidate"]["extractor"] == "rules" for c in data["claims"])
    wounded = next(c for c in data["claims"] if c["attribute"] == "wounded")
    assert wounded["attribution"] == ["iraqi-officials"]
    assert [s["id"] for s in data["sources"]] == ["nejat", "iraqi-officials"]


def test_extract_writes_a_file_that_run_refuses_until_accepted(tmp_path: Path) -> None:
    target = tmp_path / "candidates.yaml"
    code, _, err = invoke(
        "extract", str(article(tmp_path)), "--source", "nejat", "--published", "2013-09-10",
        "--output", str(target),
    )  # fmt: skip
    assert code == 0
    assert f"wrote 3 candidate claim(s) to {target}" in err
    code, out, _ = invoke("validate", str(target))
    assert code == 0
    assert out.strip() == f"{target}: valid: 2 sources, 0 events, 3 claims, 3 candidates to review"
    code, _, err = invoke("run", str(target))
    assert code == 2
    assert "3 candidate claim(s) that no one has reviewed" in err
    code, out, _ = invoke("run", str(target), "--accept-candidates")
    assert code == 0
    assert "killed" in out
    # Accepting by hand: remove the candidate fields and the file runs as it is.
    reconcile.load(target).accept_candidates().save(target)
    code, _, _ = invoke("run", str(target))
    assert code == 0


def test_add_to_puts_two_publishers_in_one_file_and_a_copy_is_not_a_second_origin(
    tmp_path: Path,
) -> None:
    target = tmp_path / "candidates.yaml"
    first = article(tmp_path, "a.txt", "The raid on Camp Ashraf killed 52 residents.\n")
    second = article(tmp_path, "b.txt", "The raid on Camp Ashraf killed 52 residents.\n")
    assert invoke("extract", str(first), "--source", "outlet-a", "--output", str(target))[0] == 0
    code, _, err = invoke(
        "extract", str(second), "--source", "outlet-b", "--add-to", str(target),
        "--output", str(target),
    )  # fmt: skip
    assert code == 0, err
    chains = sorted(claim.chain for claim in reconcile.load(target).claims)
    assert chains == [("outlet-a",), ("outlet-b", "outlet-a")]


def test_a_lexicon_file_adds_trigger_words(tmp_path: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text("triggers:\n  detained: [jailed]\n", encoding="utf-8")
    text = "Police jailed 14 protesters after the raid.\n"
    code, out, err = invoke(
        "extract", str(article(tmp_path, text=text)), "--source", "s", "--lexicon", str(words)
    )
    assert code == 0, err
    (claim,) = yaml.safe_load(out)["claims"]
    # "detained" is not a standard attribute, so the value is written with its kind.
    assert claim["attribute"] == "detained"
    assert claim["value"] == {"kind": "quantity", "low": 14, "high": 14, "point": 14}


def test_bad_documents_and_arguments_are_errors_that_name_them(tmp_path: Path) -> None:
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF\x00\x01")
    code, _, err = invoke("extract", str(binary), "--source", "s")
    assert (code, err.strip()) == (2, f"reconcile: {binary}: is a binary file, not text")
    empty = article(tmp_path, "empty.txt", "\n\n")
    code, _, err = invoke("extract", str(empty), "--source", "s")
    assert code == 2
    assert f"{empty}: is empty" in err
    code, _, err = invoke("extract", str(article(tmp_path)), "--source", "s", "--published", "2013")
    assert code == 2
    assert "published: '2013' is a year, not a day" in err
    code, _, err = invoke("extract", str(article(tmp_path)), "--source", "s", "--extractor", "gpt")
    assert code == 2
    assert "no extractor named 'gpt'; available: " in err
    assert "rules" in err.split("available: ")[1]
