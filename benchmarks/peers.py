"""Speed and accuracy of learned source reliability, side by side with crowd-kit and truthdiscovery.

Run, from the project's root::

    bash benchmarks/setup-peers.sh
    benchmarks/.venv-peers/bin/python benchmarks/peers.py

(``--claims 10000`` for a quick check, ``--output`` to write the table
elsewhere). The set-up script makes a virtualenv of its own holding the
project and the peers, which are benchmark-only dependencies.

Every method runs in this one process on the same pandas DataFrame of
categorical claims (columns ``task``, ``worker``, ``label``, as crowd-kit
expects), and is timed with `time.perf_counter` from that DataFrame to a
``dict`` task -> label: whatever conversion a library needs on the way in
(truthdiscovery's `Dataset`, reconcile's `LabelColumns`) or on the way out
(a crowd-kit Series, a truthdiscovery belief table, reconcile's `Category`
truths) is inside the timed part, for every method alike. Scoring against
the gold is outside it. The table goes to stdout and to
``benchmarks/results/peers.md``.

The synthetic claims (NumPy, seeded) follow a crowd-labelling model:

- About ten claims per task: ``claims // 10`` tasks, each with at least
  three claims and the rest spread at random, from ``max(50, claims //
  1000)`` workers; no worker labels a task twice.
- Each task has 2 to 5 candidate labels (uniformly), drawn from five
  classes; its true label follows a skewed class prior.
- Workers' activity is long-tailed (log-normal): at 10^6 claims the
  busiest label several thousand tasks, the median worker a few hundred
  and the least busy a few dozen. 75% are diligent, right with a
  probability drawn from Beta(6, 2) (mean .75); 20% answer uniformly at
  random among the task's candidates; 5% are adversarial-ish, right with
  a probability from Beta(2, 6) and, when wrong, picking the confusable
  label 90% of the time.
- Wrong answers are not uniform: each class has a look-alike class
  (cat and dog, owl and bat, fox looks like a dog); when that one is among
  a task's candidates it is the task's confusable label, otherwise one
  other candidate at random is. A diligent worker who is wrong picks the
  confusable label 60% of the time, else any wrong candidate uniformly.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import resource
import shlex
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

import reconcile

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measures

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "peers.md"

ITERATIONS = 20
"""The iteration cap of every iterative method, as the issue's targets name it."""
DAWID_SKENE = "crowd-kit DawidSkene"
TRUTH_FINDER = "truthdiscovery TruthFinder"
"""The two peers that reconcile's targets are ratios of."""
TIME_TARGETS = {DAWID_SKENE: 0.5, TRUTH_FINDER: 0.2}
"""At most this share of the peer's time, for each reconcile method."""

LABELS = np.array(["cat", "dog", "fox", "owl", "bat"], dtype=object)
LABEL_PRIOR = (0.35, 0.25, 0.2, 0.12, 0.08)
LOOK_ALIKE = np.array([1, 0, 1, 4, 3])
"""For each class (code into LABELS), the class it is most often mistaken for."""
CLAIMS_PER_TASK = 10
MIN_CLAIMS_PER_TASK = 3
DILIGENT, RANDOM, ADVERSARIAL = 0, 1, 2
WORKER_MIX = (0.75, 0.20, 0.05)
"""Shares of diligent, random and adversarial workers."""
CONFUSABLE_SHARE = {DILIGENT: 0.6, ADVERSARIAL: 0.9}
"""How often a wrong answer is the task's confusable label rather than any wrong candidate."""

Codes = NDArray[np.intp]
Frame = Any
"""A pandas DataFrame (pandas is untyped here)."""
Answers = dict[str, str]


@dataclass(frozen=True)
class Simulation:
    """Claims as crowd-kit takes them, and the true label of every task."""

    frame: Frame
    gold: dict[str, str]
    workers: Codes
    """Each worker's kind: DILIGENT, RANDOM or ADVERSARIAL."""


@dataclass(frozen=True)
class Tasks:
    """Each task's true label, candidate labels and confusable label, as codes into LABELS."""

    truth: Codes
    candidates: Codes
    """One row per task: the truth first, then the other classes in random order."""
    sizes: Codes
    """How many of a row's candidates are offered: 2 to 5."""
    confusable: Codes


@dataclass(frozen=True)
class Workers:
    """Each worker's kind, chance of being right, and share of the labelling work."""

    kind: Codes
    accuracy: NDArray[np.float64]
    confusable_share: NDArray[np.float64]
    activity: NDArray[np.float64]


def simulate(claims: int, seed: int) -> Simulation:
    """Simulate `claims` categorical claims: see the module's docstring for the model."""
    rng = np.random.default_rng(seed)
    tasks = _tasks(rng, claims // CLAIMS_PER_TASK)
    workers = _workers(rng, max(50, claims // 1000))
    task = np.repeat(np.arange(len(tasks.truth)), _claims_per_task(rng, len(tasks.truth), claims))
    worker = _distinct_workers(rng, task, workers.activity)
    label = _answers(rng, tasks, workers, task, worker)
    # Claims arrive interleaved, not grouped by task.
    order = rng.permutation(claims)
    task_names = np.array([f"t{code:06d}" for code in range(len(tasks.truth))], dtype=object)
    worker_names = np.array([f"w{code:04d}" for code in range(len(workers.kind))], dtype=object)
    import pandas as pd

    frame = pd.DataFrame(
        {
            "task": task_names[task[order]],
            "worker": worker_names[worker[order]],
            "label": LABELS[label[order]],
        }
    )
    gold = dict(zip(task_names.tolist(), LABELS[tasks.truth].tolist(), strict=True))
    return Simulation(frame=frame, gold=gold, workers=workers.kind)


def _tasks(rng: np.random.Generator, count: int) -> Tasks:
    """Draw each task's truth, its 2 to 5 candidate labels and its confusable label."""
    truth = rng.choice(len(LABELS), size=count, p=LABEL_PRIOR)
    keys = rng.random((count, len(LABELS)))
    keys[np.arange(count), truth] = -1.0  # the truth sorts first, the rest shuffled
    candidates = np.argsort(keys, axis=1)
    sizes = rng.integers(2, len(LABELS) + 1, size=count)
    look_alike = LOOK_ALIKE[truth]
    offered = np.argmax(candidates == look_alike[:, None], axis=1) < sizes
    confusable = np.where(offered, look_alike, candidates[:, 1])
    return Tasks(truth=truth, candidates=candidates, sizes=sizes, confusable=confusable)


def _workers(rng: np.random.Generator, count: int) -> Workers:
    """Draw each worker's kind, accuracy, confusable share and long-tailed activity."""
    kind = rng.choice(len(WORKER_MIX), size=count, p=WORKER_MIX)
    adversarial = kind == ADVERSARIAL
    return Workers(
        kind=kind,
        accuracy=np.where(adversarial, rng.beta(2, 6, count), rng.beta(6, 2, count)),
        confusable_share=np.where(
            adversarial, CONFUSABLE_SHARE[ADVERSARIAL], CONFUSABLE_SHARE[DILIGENT]
        ),
        activity=rng.lognormal(0.0, 1.0, count),
    )


def _claims_per_task(rng: np.random.Generator, tasks: int, claims: int) -> Codes:
    """Split exactly `claims` claims over `tasks` tasks, at least MIN_CLAIMS_PER_TASK each."""
    spare = claims - MIN_CLAIMS_PER_TASK * tasks
    return MIN_CLAIMS_PER_TASK + rng.multinomial(spare, np.full(tasks, 1 / tasks))


def _distinct_workers(
    rng: np.random.Generator, task: Codes, activity: NDArray[np.float64]
) -> Codes:
    """A worker for each claim, in proportion to activity, never twice on the same task."""
    share = activity / activity.sum()
    worker = rng.choice(len(activity), size=len(task), p=share)
    while True:
        # Redraw the repeats until none is left: truthdiscovery rejects a source that
        # claims twice, and crowd-kit would count the repeat as a second vote.
        keys = task.astype(np.int64) * len(activity) + worker
        _, first = np.unique(keys, return_index=True)
        repeated = np.ones(len(keys), dtype=bool)
        repeated[first] = False
        if not repeated.any():
            return worker
        worker[repeated] = rng.choice(len(activity), size=int(repeated.sum()), p=share)


def _answers(
    rng: np.random.Generator, tasks: Tasks, workers: Workers, task: Codes, worker: Codes
) -> Codes:
    """The label each claim gives, as a code into LABELS."""
    rows = np.arange(len(task))
    candidates, sizes = tasks.candidates[task], tasks.sizes[task]
    right = rng.random(len(task)) < workers.accuracy[worker]
    confused = rng.random(len(task)) < workers.confusable_share[worker]
    any_wrong = candidates[rows, 1 + rng.integers(0, sizes - 1)]
    guess = candidates[rows, rng.integers(0, sizes)]
    wrong = np.where(confused, tasks.confusable[task], any_wrong)
    careful = np.where(right, tasks.truth[task], wrong)
    return np.where(workers.kind[worker] == RANDOM, guess, careful)


@dataclass(frozen=True)
class Outcome:
    """A method's answers, and how many iterations it ran when it iterates."""

    answers: Answers
    iterations: int | None = None


@dataclass(frozen=True)
class Method:
    """One row of the table: how to run a method from the DataFrame to its answers."""

    name: str
    distribution: str
    """The installed distribution whose version the table reports."""
    module: str
    """What must import for the method to run."""
    settings: str
    run: Callable[[Frame], Outcome]


def crowdkit_majority_vote(frame: Frame) -> Outcome:
    """MajorityVote of crowd-kit, its Series of labels turned into a dict."""
    from crowdkit.aggregation import MajorityVote  # type: ignore[import-not-found]

    return Outcome(MajorityVote().fit_predict(frame).to_dict())


def crowdkit_dawid_skene(frame: Frame) -> Outcome:
    """DawidSkene of crowd-kit with at most ITERATIONS EM rounds (it stops early at its `tol`)."""
    from crowdkit.aggregation import DawidSkene

    model = DawidSkene(n_iter=ITERATIONS)
    labels = model.fit_predict(frame)
    return Outcome(labels.to_dict(), len(model.loss_history_))


def truthdiscovery_majority_voting(frame: Frame) -> Outcome:
    """MajorityVoting of truthdiscovery, its input built from the DataFrame."""
    from truthdiscovery import MajorityVoting  # type: ignore[import-not-found]

    return Outcome(_most_believed(MajorityVoting().run(_truthdiscovery_dataset(frame))))


def truthdiscovery_truth_finder(frame: Frame) -> Outcome:
    """TruthFinder of truthdiscovery for exactly ITERATIONS rounds, other settings default."""
    from truthdiscovery import FixedIterator, TruthFinder

    result = TruthFinder(iterator=FixedIterator(ITERATIONS)).run(_truthdiscovery_dataset(frame))
    return Outcome(_most_believed(result), result.iterations)


def truthdiscovery_truth_finder_default(frame: Frame) -> Outcome:
    """TruthFinder of truthdiscovery with all its defaults, its convergence test included."""
    from truthdiscovery import TruthFinder

    result = TruthFinder().run(_truthdiscovery_dataset(frame))
    return Outcome(_most_believed(result), result.iterations)


def _truthdiscovery_dataset(frame: Frame) -> Any:
    """The input of truthdiscovery: a `Dataset` of (source, variable, value) triples.

    Its documented constructors are this one (an iterable of triples), a
    dense source-by-variable matrix (10^8 cells here) or a CSV file, so
    zipping the three columns is the cheapest legitimate way in.
    """
    from truthdiscovery import Dataset

    columns = (frame[name].tolist() for name in ("worker", "task", "label"))
    return Dataset(zip(*columns, strict=True))


def _most_believed(result: Any) -> Answers:
    """Each variable's value with the highest belief in a truthdiscovery `Result`."""
    return {task: max(beliefs, key=beliefs.__getitem__) for task, beliefs in result.belief.items()}


def reconcile_learned(model: reconcile.CRH) -> Callable[[Frame], Outcome]:
    """Run `model` (CRH, CATD or OneCoin) on the DataFrame through reconcile's label columns."""

    def run(frame: Frame) -> Outcome:
        """Fit on the frame's columns and read each task's label off the truths."""
        from reconcile.columnar import LabelColumns

        columns = LabelColumns.from_frame(frame, item="task", source="worker", label="label")
        truths = model.fit_columns(columns).truths_
        answers = {
            task: truth.label
            for (task, _), truth in truths.items()
            if isinstance(truth, reconcile.Category)
        }
        return Outcome(answers, model.n_iter_)

    return run


METHODS = (
    Method(
        "crowd-kit MajorityVote",
        "crowd-kit",
        "crowdkit.aggregation",
        "defaults",
        crowdkit_majority_vote,
    ),
    Method(
        DAWID_SKENE,
        "crowd-kit",
        "crowdkit.aggregation",
        f"n_iter={ITERATIONS}, tol default (1e-5)",
        crowdkit_dawid_skene,
    ),
    Method(
        "truthdiscovery MajorityVoting",
        "truthdiscovery",
        "truthdiscovery",
        "defaults",
        truthdiscovery_majority_voting,
    ),
    Method(
        TRUTH_FINDER,
        "truthdiscovery",
        "truthdiscovery",
        f"FixedIterator({ITERATIONS}); other settings default",
        truthdiscovery_truth_finder,
    ),
    Method(
        "truthdiscovery TruthFinder, default convergence",
        "truthdiscovery",
        "truthdiscovery",
        "defaults: until the cosine distance of successive trust vectors is below 0.001",
        truthdiscovery_truth_finder_default,
    ),
    Method(
        "reconcile CRH",
        "reconcile",
        "reconcile.columnar",
        f"max_iter={ITERATIONS}, tol default (1e-6)",
        reconcile_learned(reconcile.CRH(max_iter=ITERATIONS)),
    ),
    Method(
        "reconcile CATD",
        "reconcile",
        "reconcile.columnar",
        f"max_iter={ITERATIONS}, tol default (1e-6)",
        reconcile_learned(reconcile.CATD(max_iter=ITERATIONS)),
    ),
    Method(
        "reconcile OneCoin",
        "reconcile",
        "reconcile.columnar",
        f"max_iter={ITERATIONS}, tol default (1e-6), prior 1",
        reconcile_learned(reconcile.OneCoin(max_iter=ITERATIONS)),
    ),
)


@dataclass(frozen=True)
class Measurement:
    """What one method did: its times, accuracy and memory, or why it did not run."""

    method: Method
    missing: str | None = None
    times: tuple[float, ...] = ()
    """Seconds of each run, in order."""
    accuracy: float = 0.0
    iterations: int | None = None
    extra_mib: float | None = None
    """Peak resident memory during a run above what the process held before it, at most."""

    @property
    def seconds(self) -> float:
        """The best time: the one least disturbed by whatever else the machine did."""
        return min(self.times)


@dataclass(frozen=True)
class Run:
    """One timed run of a method."""

    seconds: float
    extra_mib: float | None
    outcome: Outcome


def measure(method: Method, simulation: Simulation, repeat: int) -> Measurement:
    """Run `method` `repeat` times on the DataFrame, and score its answers against the gold."""
    missing = _missing(method.module)
    if missing:
        print(f"{method.name}: not run, {missing}", file=sys.stderr)
        return Measurement(method, missing=missing)
    runs = [timed_run(method, simulation.frame) for _ in range(repeat)]
    extras = [run.extra_mib for run in runs if run.extra_mib is not None]
    measurement = Measurement(
        method,
        times=tuple(run.seconds for run in runs),
        # Every method is deterministic on the same input, so any run's answers will do.
        accuracy=score(runs[-1].outcome.answers, simulation.gold),
        iterations=runs[-1].outcome.iterations,
        extra_mib=max(extras) if extras else None,
    )
    times = ", ".join(f"{seconds:.2f}" for seconds in measurement.times)
    print(f"{method.name}: {times} s, accuracy {measurement.accuracy:.4f}", file=sys.stderr)
    return measurement


def timed_run(method: Method, frame: Frame) -> Run:
    """Time one run of `method` from `frame` to its answers, and its peak extra memory."""
    gc.collect()  # so that garbage of the run before is not collected on this one's time
    before = _memory_mib("VmRSS")
    _reset_peak_memory()
    started = time.perf_counter()
    outcome = method.run(frame)
    seconds = time.perf_counter() - started
    peak = _memory_mib("VmHWM")
    extra = None if peak is None or before is None else peak - before
    return Run(seconds=seconds, extra_mib=extra, outcome=outcome)


def _missing(module: str) -> str | None:
    """Why `module` cannot be imported, or None when it can."""
    try:
        import_module(module)
    except ImportError as error:
        return f"{module} does not import ({error}): run `bash benchmarks/setup-peers.sh`"
    return None


def _memory_mib(field: str) -> float | None:
    """A memory figure of this process from /proc (Linux), in MiB; None elsewhere."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    return None


def _reset_peak_memory() -> None:
    """Reset the process's peak resident memory to its current size (Linux 4.0 and later)."""
    # Elsewhere the peak covers the whole process so far: still an upper bound.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def score(answers: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """The share of gold tasks answered with the true label; a task left unanswered is wrong."""
    right = sum(answers.get(task) == label for task, label in gold.items())
    return right / len(gold)


def report(
    measurements: list[Measurement], simulation: Simulation, command: str, repeat: int
) -> str:
    """The Markdown page: context, the table, and reconcile against its targets."""
    return "\n".join(
        [
            "# reconcile against crowd-kit and truthdiscovery",
            "",
            *_context(simulation, command, repeat),
            "",
            *_table(measurements, len(simulation.frame)),
            "",
            *_targets(measurements),
            "",
            *_notes(),
            "",
        ]
    )


def _context(simulation: Simulation, command: str, repeat: int) -> list[str]:
    """When, where and on what data the table was measured, and how busy the machine was."""
    kinds = np.bincount(simulation.workers, minlength=len(WORKER_MIX))
    frame = simulation.frame
    libraries = ", ".join(
        f"{name} {_version(name)}"
        for name in ("reconcile", "crowd-kit", "truthdiscovery", "pandas", "numpy", "scipy")
    )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
        f"{_cores()} cores, Python {platform.python_version()}; {libraries}.",
        f"Command: `{command}` (from the project's root, after "
        "`bash benchmarks/setup-peers.sh`); one process, each method run "
        f"{'once' if repeat == 1 else f'{repeat} times'} in turn; "
        f"the process's peak resident memory was {peak_mib:,.0f} MiB. {_load()}",
        "",
        f"Data: {len(frame):,} synthetic categorical claims on {frame['task'].nunique():,} tasks "
        f"(2 to 5 candidate labels each) from {len(simulation.workers):,} workers "
        f"({kinds[DILIGENT]} diligent, {kinds[RANDOM]} random, {kinds[ADVERSARIAL]} adversarial); "
        "the model is in `benchmarks/peers.py`'s docstring.",
    ]


def _load() -> str:
    """The machine's load averages, which say whether other work shared its cores."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return ""
    return f"Load average at the end: {one:.1f} (1 min), {five:.1f} (5 min)."


def _cores() -> int:
    """How many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _version(distribution: str) -> str:
    """The installed version of `distribution`, or 'not installed'."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def _table(measurements: list[Measurement], claims: int) -> list[str]:
    """The results table, one row per method, ratios on reconcile's rows."""
    references = {m.method.name: m for m in measurements if m.method.name in TIME_TARGETS}
    lines = [
        "| method | settings | iterations | seconds (best) | slowest | claims/s | accuracy "
        "| peak extra MiB | time / DawidSkene | time / TruthFinder |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for measurement in measurements:
        method = measurement.method
        if measurement.missing:
            lines.append(f"| {method.name} | not run: {measurement.missing} |" + " |" * 8)
            continue
        ratios = [
            _ratio(measurement, references.get(name)) if method.distribution == "reconcile" else ""
            for name in TIME_TARGETS
        ]
        lines.append(
            f"| {method.name} | {method.settings} | {_blank(measurement.iterations)} "
            f"| {measurement.seconds:.2f} | {max(measurement.times):.2f} "
            f"| {claims / measurement.seconds:,.0f} "
            f"| {measurement.accuracy:.4f} | {_blank(measurement.extra_mib, '{:,.0f}')} "
            f"| {' | '.join(ratios)} |"
        )
    return lines


def _blank(value: float | None, style: str = "{}") -> str:
    """`value` in `style`, or an empty cell for None."""
    return "" if value is None else style.format(value)


def _ratio(measurement: Measurement, reference: Measurement | None) -> str:
    """The time of `measurement` over that of `reference`, or n/a when it did not run."""
    if reference is None or reference.missing:
        return "n/a"
    return f"{measurement.seconds / reference.seconds:.3f}"


def _targets(measurements: list[Measurement]) -> list[str]:
    """For each reconcile method: its time and accuracy against each target's peer."""
    references = {m.method.name: m for m in measurements}
    lines = [
        "## Targets",
        "",
        "Each reconcile method in at most the given share of the peer's time, "
        "and at least as accurate:",
        "",
    ]
    for candidate in measurements:
        if candidate.method.distribution != "reconcile":
            continue
        checks = [
            _target_check(candidate, references.get(name), name, share)
            for name, share in TIME_TARGETS.items()
        ]
        lines.append(f"- {candidate.method.name}: {'; '.join(checks)}.")
    return lines


def _target_check(
    candidate: Measurement, reference: Measurement | None, name: str, share: float
) -> str:
    """Whether `candidate` took at most `share` of `reference`'s time, and was as accurate."""
    if candidate.missing or reference is None or reference.missing:
        return f"not checked against {name}: not both ran"
    ratio = candidate.seconds / reference.seconds
    return (
        f"{ratio:.3f} x {name}'s time (at most {share}: {measures.verdict(ratio <= share)}), "
        f"accuracy {candidate.accuracy:.4f} vs {reference.accuracy:.4f} "
        f"({measures.verdict(candidate.accuracy >= reference.accuracy)})"
    )


def _notes() -> list[str]:
    """How to read the table."""
    return [
        "## How it is measured",
        "",
        "- Seconds (the best of the runs; the slowest beside it) run from the pandas "
        "DataFrame to a `dict` task -> label, for every method: truthdiscovery's "
        "`Dataset` (built from (worker, task, label) triples, "
        "the cheapest of its documented inputs), reconcile's `LabelColumns.from_frame`, "
        "and turning each library's output into that dict (crowd-kit's Series, "
        "truthdiscovery's highest belief per task, reconcile's `Category` truths) are "
        "all timed. Scoring against the gold is not.",
        "- Accuracy is the share of all tasks answered with the true label; a task "
        "without an answer counts as wrong. Every task has at least three claims.",
        "- Iterations: what the method reports it ran. DawidSkene stops before "
        f"{ITERATIONS} when its evidence lower bound improves by less than its tol; "
        f"TruthFinder runs exactly {ITERATIONS} rounds, and once more with its default "
        "iterator, which stops when the cosine distance of successive trust vectors is "
        "below 0.001; the targets use the first. reconcile stops when no weight moves by "
        "its tol.",
        "- Peak extra MiB: the peak resident memory during a run above what the process "
        "held just before it, the most of the runs (Linux: the peak is reset through "
        "/proc/self/clear_refs before each run). Ratios are of the best times.",
    ]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: how many claims, the seed, and where to write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--claims", type=int, default=1_000_000, help="claims to simulate (default 10^6)"
    )
    parser.add_argument("--seed", type=int, default=1, help="the simulation's seed")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each method, the best counts (default 3)"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help=f"Markdown table (default {RESULTS})"
    )
    arguments = parser.parse_args(argv)
    if arguments.claims < 100:
        parser.error("--claims must be at least 100")
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def _command() -> str:
    """The command that is running, with the interpreter as a path from the project's root."""
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    script = Path(sys.argv[0]).resolve()
    if script.is_relative_to(ROOT):
        script = script.relative_to(ROOT)
    return shlex.join([str(python), str(script), *sys.argv[1:]])


def main(argv: list[str] | None = None) -> None:
    """Simulate the claims, measure every method, print the page and write it out."""
    arguments = parse_arguments(argv)
    started = time.perf_counter()
    simulation = simulate(arguments.claims, arguments.seed)
    print(
        f"simulated {len(simulation.frame):,} claims in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    measurements = [measure(method, simulation, arguments.repeat) for method in METHODS]
    page = report(measurements, simulation, _command(), arguments.repeat)
    print(page)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(page)
    measures.save(
        arguments.output,
        {
            "methods": [
                {"method": m.method.name, "accuracy": m.accuracy, "seconds": m.seconds}
                for m in measurements
                if m.missing is None
            ]
        },
    )


if __name__ == "__main__":
    main()
