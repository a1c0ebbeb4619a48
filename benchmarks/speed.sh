#!/usr/bin/env bash
# The speed benchmarks in one command: set up the benchmark's own environment
# (benchmarks/setup-peers.sh: the project with pandas and dask, plus crowd-kit,
# truthdiscovery and splink on DuckDB), then time the per-claim and columnar paths
# (benchmarks/speed.py), the side-by-side run against the peers (benchmarks/peers.py),
# clustering against splink at 10^5 and 10^6 claims (benchmarks/linkage.py, three pairs
# of runs at each size, as one run's ratio moved by a third on this shared machine) and the
# dask engine on two local workers (benchmarks/distributed.py), and last sets their
# figures against their targets at the end of speed.md (benchmarks/targets.py). Writes
# benchmarks/results/speed.md, peers.md, linkage.md and distributed.md (each with its
# figures as JSON beside it). On a quiet 2-core machine with the environment set up:
# about 26 minutes in all, speed.py 7 of them, and about an hour more where distributed.py
# finds that 10^7 claims fit in the memory available with its margin (as on a 24 GB machine
# since 5 December); where they do not, it refuses them and keeps the figures an earlier
# run measured of them, with when and by which command (benchmarks/results/distributed.md).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/benchmarks/setup-peers.sh"
python="$root/benchmarks/.venv-peers/bin/python"
"$python" "$root/benchmarks/speed.py"
"$python" "$root/benchmarks/peers.py"
"$python" "$root/benchmarks/linkage.py" --runs 3
"$python" "$root/benchmarks/distributed.py"
"$python" "$root/benchmarks/targets.py"
