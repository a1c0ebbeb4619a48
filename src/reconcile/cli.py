"""The `reconcile` command.

Exit codes: 0 success; 1 the data has problems (each printed on stderr with
its file, record, field and line); 2 the command was called wrongly (an
unknown option, strategy, event or attribute, or files that do not fit
together). Errors go to stderr without a traceback unless ``--debug``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NoReturn

import attrs
import click
import yaml

from reconcile.distributed import DASK, DaskClusterer, running
from reconcile.errors import DatasetError, ParseError, ReconcileError, UsageError
from reconcile.io.diff import diff, read_result
from reconcile.io.exports import FORMATS
from reconcile.io.exports import export as write_export
from reconcile.io.files import check_paths, load
from reconcile.io.jsonschema import dataset_schema, output_schema
from reconcile.io.result_tables import write_result_tables
from reconcile.judging.policies import CodebookPolicy, get_policy
from reconcile.judging.registry import get
from reconcile.judging.strategy import FunctionStrategy, Strategy
from reconcile.linking.cluster import Clusterer, MentionClusterer
from reconcile.linking.engine import DEFAULT_ENGINE, ENGINES, clusterer_for
from reconcile.model.dataset import Dataset
from reconcile.pipeline import Reconciliation, reconcile
from reconcile.reliability.auto import AutoReliability
from reconcile.reliability.models import CRH
from reconcile.report.render import RENDERERS
from reconcile.report.visible import visible_lines
from reconcile.values.hedges import HedgePolicy
from reconcile.values.quantity import counted

EXIT_DATA_PROBLEMS = 1
EXIT_USAGE = 2
PROGRESS_AFTER_SECONDS = 1.5
EPILOG = "Exit codes: 0 success, 1 problems in the data, 2 the command was called wrongly."


def _fail(message: str, code: int) -> NoReturn:
    # Messages quote the input, which must not act on the terminal (see `visible`).
    click.echo(f"reconcile: {visible_lines(message)}", err=True)
    sys.exit(code)


@contextmanager
def _reported(debug: bool) -> Iterator[None]:
    """Turn errors into a message on stderr and an exit code; a traceback only with --debug."""
    try:
        yield
    except (DatasetError, ParseError) as error:
        if debug:
            raise
        _fail(str(error), EXIT_DATA_PROBLEMS)
    except (ReconcileError, KeyError) as error:
        if debug:
            raise
        _fail(str(error.args[0]) if isinstance(error, KeyError) else str(error), EXIT_USAGE)


class _Progress:
    """A progress bar on stderr that appears only once a run has taken a while."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(done)
            return
        self.bar.update(done - self.bar.pos)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


# -- options shared by several commands ---------------------------------------------

_debug = click.option("--debug", is_flag=True, help="Show a traceback on errors.")
_sources = click.option(
    "--sources",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The YAML or JSON sources file, for a JSON Lines, CSV, Parquet or Arrow claims file.",
)
HEDGE_PRESETS = ("default", "conservative")
CODEBOOKS = ("acled", "airwars", "ibc", "ucdp")
_policy = click.option(
    "--policy",
    type=click.Choice([*HEDGE_PRESETS, *CODEBOOKS]),
    default=None,
    help="How vague words are read (default, conservative), or a codebook that also settles "
    "the figures and codes each event as its dataset does (acled, airwars, ibc, ucdp) "
    "[default: default].",
)
_strategy = click.option(
    "--strategy",
    "strategies",
    multiple=True,
    metavar="ATTRIBUTE=NAME",
    help="Reconcile ATTRIBUTE with the strategy NAME (repeatable); see `reconcile strategies`.",
)
_config = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML file with strategies, policy, weights, learn_weights and clusterer settings.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(package_name="reconcile")
def main() -> None:
    """Reconcile claims from many partisan, second-hand reports about the same events."""


# -- configuration ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RunSettings:
    """What a run uses besides the data: strategies, hedge policy, weights, clusterer."""

    strategies: Mapping[str, Strategy] = attrs.field(factory=dict)
    policy: HedgePolicy = attrs.field(factory=HedgePolicy.default)
    codebook: CodebookPolicy | None = None
    weights: Mapping[str, float] = attrs.field(factory=dict)
    learn_weights: bool | Literal["auto"] = False
    """True learns the weights with CRH; "auto" fits `AutoReliability` (``weights="auto"``)."""
    clusterer: MentionClusterer = attrs.field(factory=MentionClusterer)
    accept_candidates: bool = False
    engine: str | None = None
    """The clustering engine (objects, columnar or dask); None: the default engine."""
    scheduler: str | None = None
    """The address of the Dask scheduler the dask engine runs on; None: local processes."""


CONFIG_KEYS = ("strategies", "policy", "weights", "learn_weights", "clusterer")


def read_config(path: Path | None) -> dict[str, Any]:
    """Read a run configuration, naming the file and the key of any mistake."""
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise click.BadParameter(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise click.BadParameter(
            f"{path}: a configuration is a mapping of {', '.join(CONFIG_KEYS)}"
        )
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise click.BadParameter(
            f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(CONFIG_KEYS)}"
        )
    return data


def settings_from(
    config_path: Path | None, strategy_options: tuple[str, ...], policy: str | None
) -> RunSettings:
    """Combine a configuration file with command-line options, which win."""
    config = read_config(config_path)
    names = dict(config.get("strategies") or {})
    for option in strategy_options:
        attribute, equals, name = option.partition("=")
        if not equals or not attribute or not name:
            raise click.BadParameter(f"--strategy takes ATTRIBUTE=NAME, got {option!r}")
        names[attribute.strip()] = name.strip()
    weights = config.get("weights") or {}
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float) for v in weights.values()
    ):
        raise click.BadParameter(f"{config_path}: weights must map source ids to numbers")
    clusterer_settings = config.get("clusterer") or {}
    try:
        clusterer = MentionClusterer(**clusterer_settings)
    except TypeError as error:
        raise click.BadParameter(f"{config_path}: clusterer: {error}") from None
    hedges, codebook = read_policy(policy or str(config.get("policy") or "default"))
    return RunSettings(
        strategies={attribute: get(str(name)) for attribute, name in names.items()},
        policy=hedges,
        codebook=codebook,
        weights={str(source): float(weight) for source, weight in weights.items()},
        learn_weights=_learn_weights(config.get("learn_weights", False), config_path),
        clusterer=clusterer,
    )


def _learn_weights(value: object, config_path: Path | None) -> bool | Literal["auto"]:
    if value == "auto":
        return "auto"
    if isinstance(value, bool):
        return value
    raise click.BadParameter(f"{config_path}: learn_weights must be true, false or auto")


def read_policy(name: str) -> tuple[HedgePolicy, CodebookPolicy | None]:
    """A hedge preset, or a codebook with the reading of vague words it brings."""
    if name.strip().lower() in CODEBOOKS:
        codebook = get_policy(name)
        return codebook.hedges or HedgePolicy.default(), codebook
    return HedgePolicy.preset(name), None


def run_reconciliation(dataset: Dataset, settings: RunSettings) -> Reconciliation:
    """Reconcile with the settings, learning source weights first when asked, with progress."""
    if settings.scheduler is not None and settings.engine != DASK:
        raise UsageError(f"--scheduler is where the dask engine runs: add --engine {DASK}")
    clusterer: Clusterer = (
        DaskClusterer(settings=settings.clusterer, scheduler=settings.scheduler)
        if settings.engine == DASK
        else clusterer_for(settings.engine, settings.clusterer)
    )
    with running(clusterer) as live:  # one client (or local cluster) for the whole run
        return _reconciled(dataset, settings, live)


def _reconciled(dataset: Dataset, settings: RunSettings, clusterer: Clusterer) -> Reconciliation:
    weights: Mapping[str, float] = settings.weights
    independence: Mapping[str, float] = {}
    if settings.learn_weights == "auto":
        auto = AutoReliability().fit(dataset, clusterer=clusterer)
        weights, independence = {**auto.weights_, **settings.weights}, auto.independence_
    elif settings.learn_weights:
        weights = {**CRH().fit(dataset, clusterer=clusterer).weights_, **settings.weights}
    progress = _Progress("reconciling")
    try:
        return reconcile(
            dataset,
            strategies=settings.strategies,
            weights=weights,
            independence=independence,
            clusterer=clusterer,
            progress=progress,
            accept_candidates=settings.accept_candidates,
            policy=settings.codebook,
        )
    finally:
        progress.close()


def _demo_dataset() -> Dataset:
    with resources.as_file(resources.files("reconcile") / "data" / "ashraf.yaml") as path:
        return load(path)


def _dataset_at(path: Path, sources: Path | None, policy: HedgePolicy) -> Dataset:
    """The dataset at `path`; ``demo``, when no such file exists, is the Camp Ashraf example."""
    if str(path) == "demo" and not path.exists():
        if sources is not None:
            raise click.BadParameter("the demo holds its own sources; do not pass --sources")
        return _demo_dataset()
    check_paths(path, sources, sources_option="--sources")  # errors in the options' words
    return load(path, sources=sources, policy=policy)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        if isinstance(error, FileNotFoundError):
            reason = f"the folder {str(output.parent)!r} does not exist"
        raise UsageError(f"cannot write --output {str(output)!r}: {reason}") from None
    click.echo(f"wrote {output}", err=True)


TABLE_FORMATS = ("parquet",)
"""Formats written as files of tables into the --output folder, not as one report."""


def _emit_result(result: Reconciliation, format_: str, output: Path | None, source: str) -> None:
    """Write the result as a report, or as Parquet tables into the --output folder."""
    if format_ not in TABLE_FORMATS:
        _emit(RENDERERS[format_](result, source=source), output)
        return
    if output is None:
        raise UsageError(f"--format {format_} writes files: pass --output naming a folder")
    for path in write_result_tables(result, output):
        click.echo(f"wrote {path}", err=True)


# -- commands ---------------------------------------------------------------------------

_format = click.option(
    "--format",
    "format_",
    type=click.Choice(sorted([*RENDERERS, *TABLE_FORMATS])),
    default="text",
    show_default=True,
    help="How to write the result (parquet: findings.parquet and contradictions.parquet "
    "in the --output folder).",
)
_output = click.option(
    "--output",
    type=click.Path(writable=True, path_type=Path),
    help="Write the report to this file instead of standard output; for --format parquet, "
    "the folder to write the tables into (made if missing).",
)


@main.command(epilog=EPILOG)
@_format
@_output
@_strategy
@_debug
def demo(format_: str, output: Path | None, strategies: tuple[str, ...], debug: bool) -> None:
    """Reconcile the Camp Ashraf articles that ship with the package and print the findings."""
    with _reported(debug):
        settings = settings_from(None, strategies, None)
        result = run_reconciliation(_demo_dataset(), settings)
        _emit_result(result, format_, output, "the Camp Ashraf example")


@main.command(epilog=EPILOG)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_sources
@_format
@_output
@_strategy
@_config
@_policy
@click.option(
    "--accept-candidates",
    is_flag=True,
    help="Reconcile candidate claims (from `reconcile extract`) as if a person had accepted them.",
)
@click.option(
    "--engine",
    type=click.Choice([*ENGINES, DASK]),
    default=None,
    help="How events are worked out: per object in Python, on NumPy columns, or on a Dask "
    f"cluster (needs reconcile[dask]); the same result on each [default: {DEFAULT_ENGINE}].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the Dask scheduler to run on (tcp://host:8786); without it, "
    "a cluster of worker processes on this machine is started for the run.",
)
@_debug
def run(
    path: Path,
    sources: Path | None,
    format_: str,
    output: Path | None,
    strategies: tuple[str, ...],
    config: Path | None,
    policy: str | None,
    accept_candidates: bool,
    engine: str | None,
    scheduler: str | None,
    debug: bool,
) -> None:
    """Reconcile the dataset at PATH; write the findings as text, JSON, Markdown, HTML or Parquet.

    PATH may be the word demo for the Camp Ashraf example. Candidate claims
    are refused unless --accept-candidates is given (or their flag removed).
    """
    with _reported(debug):
        settings = settings_from(config, strategies, policy)
        settings = attrs.evolve(
            settings, accept_candidates=accept_candidates, engine=engine, scheduler=scheduler
        )
        dataset = _dataset_at(path, sources, settings.policy)
        result = run_reconciliation(dataset, settings)
        _emit_result(result, format_, output, str(path))


@main.command(epilog=EPILOG)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_sources
@click.option(
    "--to",
    "to",
    type=click.Choice(sorted(FORMATS)),
    required=True,
    help="The codebook dataset whose columns to write.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The CSV file to write.",
)
@_strategy
@_config
@_debug
def export(
    path: Path,
    sources: Path | None,
    to: str,
    output: Path,
    strategies: tuple[str, ...],
    config: Path | None,
    debug: bool,
) -> None:
    """Write one row per event of the dataset at PATH in a codebook dataset's columns (CSV).

    The codebook's policy settles the figures and codes each event; columns the
    data cannot fill are left empty and listed. PATH may be the word demo.
    """
    with _reported(debug):
        settings = settings_from(config, strategies, FORMATS[to].policy)
        dataset = _dataset_at(path, sources, settings.policy)
        rows = write_export(run_reconciliation(dataset, settings), to)
        rows.write_csv(output)
        click.echo(f"wrote {output} ({counted(len(rows.rows), 'event')})", err=True)
        unfilled = ", ".join(rows.unfilled) or "none"
        click.echo(f"left empty (the data cannot fill them): {unfilled}", err=True)


@main.command(name="diff", epilog=EPILOG)
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@_debug
def diff_command(old: Path, new: Path, debug: bool) -> None:
    """Say what changed between two results written by `reconcile run --format json`.

    New, removed, merged and split events, and every revised finding with the new
    claims that moved it.
    """
    with _reported(debug):
        click.echo(diff(read_result(old), read_result(new)).text(), nl=False)


@main.command(epilog=EPILOG)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_sources
@_policy
@_debug
def validate(path: Path, sources: Path | None, policy: str | None, debug: bool) -> None:
    """List every problem in a dataset, with file, line, record and field (exit code 1 if any).

    PATH may be the word demo for the Camp Ashraf example.
    """
    with _reported(debug):
        dataset = _dataset_at(path, sources, read_policy(policy or "default")[0])
        counts = [
            counted(len(dataset.sources), "source"),
            counted(len(dataset.events), "event"),
            counted(len(dataset.claims), "claim"),
        ]
        if dataset.candidates:  # from `reconcile extract`: valid, but not yet reviewed
            counts.append(f"{counted(len(dataset.candidates), 'candidate')} to review")
        click.echo(f"{path}: valid: {', '.join(counts)}")


@main.command(epilog=EPILOG)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("event")
@click.argument("attribute")
@click.option(
    "--qualifier",
    default=None,
    help="The sub-count to explain, such as children, instead of the total.",
)
@_sources
@_strategy
@_config
@_policy
@_debug
def explain(
    path: Path,
    event: str,
    attribute: str,
    qualifier: str | None,
    sources: Path | None,
    strategies: tuple[str, ...],
    config: Path | None,
    policy: str | None,
    debug: bool,
) -> None:
    """Show the claims behind one finding of the dataset at PATH and how they were weighed.

    EVENT is an event id as the report prints it (`reconcile run PATH` lists them);
    ATTRIBUTE is the attribute, such as killed (with --qualifier, the sub-count of it
    that the qualifier names). PATH may be the word demo for the Camp Ashraf example.
    """
    with _reported(debug):
        settings = settings_from(config, strategies, policy)
        dataset = _dataset_at(path, sources, settings.policy)
        result = run_reconciliation(dataset, settings)
        click.echo(visible_lines(result.explain(event, attribute, qualifier)))


@main.command()
@click.option(
    "--result", is_flag=True, help="The schema of the JSON output instead of the dataset's."
)
def schema(result: bool) -> None:
    """Print the JSON Schema of dataset files (or, with --result, of the JSON output)."""
    click.echo(json.dumps(output_schema() if result else dataset_schema(), indent=2))


@main.command(name="strategies")
def list_strategies() -> None:
    """List the strategies that can be named with --strategy."""
    from reconcile.judging.registry import available

    for name in available():
        click.echo(f"{name}: {_summary(get(name))}")


def _summary(strategy: Strategy) -> str:
    """The first line of the strategy's own docstring: a function's, not its adapter's."""
    documented = strategy.function if isinstance(strategy, FunctionStrategy) else type(strategy)
    lines = (documented.__doc__ or "").strip().splitlines()
    return lines[0] if lines else "(no description)"


# -- reconcile extract: articles to candidate claims (issue 15) -----------------------------


@main.command(epilog=EPILOG)
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", "source", required=True, help="The id of the outlet that published them.")
@click.option(
    "--published",
    help="Their publication date (YYYY-MM-DD), against which 'last week' or 'Sunday' is read.",
)
@click.option(
    "--sources",
    "known",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A dataset or sources file whose sources quoted speakers may be (matched by name).",
)
@click.option(
    "--add-to",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A candidates file to add these candidates to (another publisher's, say).",
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML file of more words: {triggers: {attribute: [stem, ...]}, event_words: [...]}.",
)
@click.option(
    "--extractor",
    "extractor_name",
    default="rules",
    show_default=True,
    help="The extractor: rules, or one installed under the reconcile.extractors entry points.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the candidates to this YAML or JSON file instead of standard output.",
)
@_debug
def extract(
    documents: tuple[Path, ...],
    source: str,
    published: str | None,
    known: Path | None,
    add_to: Path | None,
    lexicon: Path | None,
    extractor_name: str,
    output: Path | None,
    debug: bool,
) -> None:
    """Propose candidate claims from articles, with their quotes and spans, for a person to review.

    Every claim written carries `candidate: {extractor, confidence}`; `reconcile run`
    refuses them until they are accepted (remove the field, or pass --accept-candidates).
    """
    from reconcile.extraction.extractor import Extractor, get_extractor
    from reconcile.extraction.lexicon import Lexicon
    from reconcile.extraction.rules import RuleExtractor
    from reconcile.extraction.run import extract_files, merge_datasets

    with _reported(debug):
        extractor: Extractor
        if lexicon is not None:
            extractor = RuleExtractor(
                lexicon=Lexicon.from_mapping(yaml.safe_load(lexicon.read_text(encoding="utf-8")))
            )
        else:
            extractor = get_extractor(extractor_name)
        known_sources = load(known).sources if known is not None else ()
        found = extract_files(
            documents, source=source, published=published, extractor=extractor, known=known_sources
        )
        if add_to is not None:
            found = merge_datasets([load(add_to), found])
        if output is None:
            click.echo(_as_yaml(found), nl=False)
            return
        found.save(output)
        click.echo(
            f"wrote {len(found.candidates)} candidate claim(s) to {output}; review them "
            "against their quotes before `reconcile run`",
            err=True,
        )


def _as_yaml(dataset: Dataset) -> str:
    """The dataset as the YAML file `save` would write."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "candidates.yaml"
        dataset.save(path)
        return path.read_text(encoding="utf-8")
