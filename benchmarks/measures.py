"""The figures a benchmark measured, kept as JSON beside its Markdown page, and how they read.

The pages are for people; `benchmarks/targets.py` reads these files to set
the figures of several benchmarks against the targets they were run for.
The growth exponent and the verdict on a target are written alike on every page.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def save(page: Path, measures: Any) -> Path:
    """Write `measures` as JSON beside the Markdown `page` (``speed.md`` -> ``speed.json``)."""
    path = page.with_suffix(".json")
    path.write_text(json.dumps(measures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read(page: Path) -> Any | None:
    """The measures saved beside `page`, or None if that benchmark has not written any."""
    path = page.with_suffix(".json")
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def peak_resident_mb(status: Path = Path("/proc/self/status")) -> float:
    """The peak resident memory of the calling process alone, in MB: ``VmHWM`` where Linux has it.

    Not ``ru_maxrss`` where it can be helped: a process started by fork and
    exec (as multiprocessing's spawn starts Dask's local workers) takes as
    its floor the peak of the process it was forked from, so a worker
    started by a client that holds 1 GB of claims reports 1 GB however
    little it used. ``VmHWM`` belongs to the memory map the process made at
    exec. Elsewhere, ``ru_maxrss``.
    """
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # given in kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def growth(small_n: float, large_n: float, small: float, large: float) -> float:
    """The exponent k with which a figure grew as n^k, from `small` at `small_n` to `large`."""
    return math.log(large / small) / math.log(large_n / small_n)


def now() -> str:
    """The time in UTC to the minute, as the pages give when they were measured."""
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def measured_on(load: tuple[float, float, float], script: str) -> str:
    """The sentence that opens a page: when, on what machine, under what load, by what command.

    `load` is the load average when the run started; `script` the benchmark's
    path, given with this process's arguments.
    """
    command = shlex.join(["python", script, *sys.argv[1:]])
    return (
        f"Measured {now()} on `{platform.platform()}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start (the machine is shared); "
        f"produced by `{command}`."
    )


def processor_seconds() -> float:
    """Processor seconds of this process and of its children that have ended and been reaped.

    A full run judges in two processes where it can: the child's work counts.
    Read with `resource.getrusage`, to the microsecond: `os.times` counts in
    clock ticks (10 ms here), 3% of an update at 10^5 claims.
    """
    spent = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        spent += usage.ru_utime + usage.ru_stime
    return spent


def processor_share(run: Mapping[str, Any]) -> float:
    """An update's processor time over the full run's (a row of `benchmarks/scale.py`)."""
    share: float = run["update_cpu"] / run["full_cpu"]
    return share


def verdict(met: bool) -> str:
    """How a target reads in a results page."""
    return "met" if met else "NOT met"


def tree_mb() -> float:
    """What this process and its children hold together, in MB: their proportional set sizes.

    A forked child shares its parent's pages until either writes one; a
    page they share counts half to each, so the sum is the memory they hold
    together. Read from ``/proc`` (0 where there is none). Reading it walks
    each process's pages, about 12 ms a GB: `benchmarks/speed.py` reads it
    every second of judging, which costs about 3% of that time at 10^6
    claims (every quarter of a second, it cost about a seventh).
    """
    pids = [os.getpid()]
    for task in Path("/proc/self/task").glob("*"):
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return sum(_pss_mb(pid) for pid in pids)


def _pss_mb(pid: int) -> float:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return 0.0  # no /proc, or the child has ended
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def in_fresh_process(script: str, *arguments: str) -> Any:
    """What `script` run with `arguments` in a fresh process prints last, read as JSON."""
    command = [sys.executable, script, *arguments]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def by_size(
    description: str,
    results: Path,
    script: str,
    measure: Callable[[int, int], Any],
    page: tuple[str, Callable[[int], str], Callable[[Sequence[Any]], list[str]]],
) -> None:
    """The command line of a benchmark run at several sizes, each in a fresh process.

    ``--sizes`` and ``--repeats`` choose; each size is `measure(size, repeats)`
    in a process of its own (`script` run with ``--one``). The `page` is its
    title, what it shows (given the repeats) and its table (given the rows):
    written to `results` (``--output``) with the figures as JSON beside it
    (`save`).
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3, help="runs a size (default: 3)")
    parser.add_argument("--output", type=Path, default=results, help=f"default: {results}")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.repeats)))
        return
    load = os.getloadavg()
    rows = []
    for size in options.sizes:
        print(f"measuring {size:,} claims", file=sys.stderr)
        rows.append(in_fresh_process(script, "--one", str(size), "--repeats", str(options.repeats)))
    title, explained, table = page
    text = "\n".join(
        [
            f"# {title}",
            "",
            measured_on(load, f"benchmarks/{Path(script).name}"),
            "",
            explained(options.repeats),
            "",
            *table(rows),
        ]
    )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text + "\n", encoding="utf-8")
    save(options.output, rows)
    print(text)
