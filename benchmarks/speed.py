"""Speed and memory of loading, clustering and reconciling simulated claims.

Run: ``python benchmarks/speed.py`` (sizes 10^4 and 10^5 claims by default,
a few minutes on 2 cores; ``--sizes 10000 100000 1000000`` to choose). Each
size runs in a fresh process, so its peak memory is its own. It prints a
table, with the growth exponent between successive sizes (1 is linear, 2
quadratic), and writes it to ``benchmarks/results/speed.md``.

Stages, each timed on its own: load (JSON Lines claims and a YAML sources
file, through `reconcile.load`), cluster (`MentionClusterer` with the
simulation's gazetteer), reconcile (everything `reconcile.reconcile` does,
clustering included).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "speed.md"
CLAIMS_PER_EVENT = 22
"""About how many claims the default scenario writes per event."""


def measure(claims: int) -> dict[str, float]:
    """Simulate about `claims` claims, then time loading, clustering and reconciling them."""
    import reconcile
    from reconcile.simulate import PLACE_ALIASES, Scenario, generate

    events = max(1, claims // CLAIMS_PER_EVENT)
    simulation = generate(
        Scenario(events=events, sources=max(20, events // 25), days=4 * events), seed=1
    )
    folder = Path(tempfile.mkdtemp())
    claims_path, sources_path = folder / "claims.jsonl", folder / "sources.yaml"
    simulation.dataset.save(claims_path, sources=sources_path)
    clusterer = reconcile.MentionClusterer(places=PLACE_ALIASES)

    started = time.perf_counter()
    dataset = reconcile.load(claims_path, sources=sources_path)
    loaded = time.perf_counter()
    clusterer.cluster(dataset)
    clustered = time.perf_counter()
    reconcile.reconcile(dataset, clusterer=clusterer)
    reconciled = time.perf_counter()
    return {
        "claims": len(dataset.claims),
        "load": loaded - started,
        "cluster": clustered - loaded,
        "reconcile": reconciled - clustered,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _exponent(small: dict[str, float], large: dict[str, float], stage: str) -> str:
    if small[stage] <= 0 or large[stage] <= 0:
        return "-"
    return (
        f"{math.log(large[stage] / small[stage]) / math.log(large['claims'] / small['claims']):.2f}"
    )


def main() -> None:
    """Measure each size in its own process and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one)))
        return
    rows = []
    for size in options.sizes:
        print(f"measuring {size} claims...", file=sys.stderr)
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    lines = [
        "# Speed",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{platform.platform()}`, Python "
        f"{platform.python_version()}; produced by `python benchmarks/speed.py`.",
        "",
        "Peak memory is the measuring process's high-water mark, simulating the claims included.",
        "",
        "| claims | load s | claims/s | cluster s | reconcile s | claims/s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['claims']:,.0f} | {row['load']:.1f} | {row['claims'] / row['load']:,.0f} | "
            f"{row['cluster']:.1f} | {row['reconcile']:.1f} | "
            f"{row['claims'] / row['reconcile']:,.0f} | {row['peak_mb']:,.0f} |"
        )
    if len(rows) > 1:
        lines += ["", "Growth exponents between successive sizes (1 is linear):", ""]
        lines += ["| from | to | load | cluster | reconcile |", "|---:|---:|---:|---:|---:|"]
        for small, large in itertools.pairwise(rows):
            exponents = " | ".join(
                _exponent(small, large, s) for s in ("load", "cluster", "reconcile")
            )
            lines.append(f"| {small['claims']:,.0f} | {large['claims']:,.0f} | {exponents} |")
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
