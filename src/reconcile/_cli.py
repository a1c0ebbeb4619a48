"""The `reconcile` command.

Exit codes: 0 success; 1 the data has problems (each printed on stderr with
its file, record, field and line); 2 the command was called wrongly.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import click

from reconcile._claim import Claim, Polarity
from reconcile._dataset import Dataset
from reconcile._errors import ReconcileError
from reconcile._files import load
from reconcile._hedges import HedgePolicy
from reconcile._jsonschema import dataset_schema
from reconcile._quantity import Quantity

EXIT_DATA_PROBLEMS = 1


@contextmanager
def _reported(debug: bool) -> Iterator[None]:
    """Turn our errors into a message on stderr and exit code 1; a traceback only with --debug."""
    try:
        yield
    except ReconcileError as error:
        if debug:
            raise
        click.echo(f"reconcile: {error}", err=True)
        sys.exit(EXIT_DATA_PROBLEMS)


def _debug_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--debug", is_flag=True, help="Show a traceback on errors.")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reconcile")
def main() -> None:
    """Reconcile claims from many partisan, second-hand reports about the same events."""


@main.command()
@_debug_option
def demo(debug: bool) -> None:
    """Show the Camp Ashraf sample shipped with the package: claims read, grouped and compared."""
    with _reported(debug):
        with resources.as_file(resources.files("reconcile") / "data" / "demo.yaml") as path:
            dataset = load(path)
        click.echo(render_claims(dataset))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--sources",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The YAML or JSON sources file, for a JSON Lines or CSV claims file.",
)
@click.option(
    "--policy",
    type=click.Choice(["default", "conservative", "acled"]),
    default="default",
    show_default=True,
    help="How approximations and vague words in text values are read.",
)
@_debug_option
def validate(path: Path, sources: Path | None, policy: str, debug: bool) -> None:
    """Check a dataset file and list every problem in it (exit code 1 if there are any)."""
    with _reported(debug):
        dataset = load(path, sources=sources, policy=HedgePolicy.preset(policy))
        click.echo(
            f"{path}: valid: {len(dataset.sources)} sources, {len(dataset.events)} events, "
            f"{len(dataset.claims)} claims"
        )


@main.command()
def schema() -> None:
    """Print the JSON Schema of dataset files."""
    click.echo(json.dumps(dataset_schema(), indent=2))


def render_claims(dataset: Dataset) -> str:
    """A plain-text overview: per event and attribute, each claim with its value and chain."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in dataset.claims:
        subject = claim.event or (claim.mention.label if claim.mention else "?")
        groups[(subject, claim.attribute)].append(claim)
    lines: list[str] = []
    for (subject, attribute), claims in sorted(groups.items()):
        event = dataset.events_by_id.get(subject)
        title = f"{event.label}, {event.when}" if event and event.when else subject
        lines.append(f"{title} / {attribute}")
        for claim in claims:
            lines.append(f"  {_claim_line(claim, dataset)}")
        summary = _spread(claims)
        if summary:
            lines.append(f"  -> {summary}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _claim_line(claim: Claim, dataset: Dataset) -> str:
    origin = dataset.sources_by_id[claim.origin]
    said = f'"{claim.value_text}" = {claim.value}' if claim.value_text else str(claim.value)
    verb = "denies" if claim.polarity is Polarity.DENIES else "says"
    chain = " -> ".join(claim.chain)
    camp = origin.affiliation or "unaffiliated"
    return f"{chain} [{camp}] {verb} {said}"


def _spread(claims: list[Claim]) -> str:
    """How far the figures of a group reach, and how many independent origins give each."""
    figures = [claim for claim in claims if isinstance(claim.value, Quantity)]
    if len(figures) < 2:
        return ""
    origins: dict[str, set[str]] = defaultdict(set)
    for claim in figures:
        origins[str(claim.value)].add(claim.origin)
    values = [claim.value for claim in figures if isinstance(claim.value, Quantity)]
    envelope = Quantity(low=min(v.low for v in values), high=max(v.high for v in values))
    counts = ", ".join(
        f"{value} from {len(sources)} origin{'s' * (len(sources) != 1)}"
        for value, sources in sorted(origins.items(), key=lambda item: -len(item[1]))
    )
    return f"figures span {envelope.interval_text()}: {counts}"
