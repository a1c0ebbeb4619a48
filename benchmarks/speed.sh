#!/usr/bin/env bash
# The speed benchmarks in one command: set up the benchmark's own environment
# (benchmarks/setup-peers.sh: the project with pandas and dask, plus crowd-kit,
# truthdiscovery and splink on DuckDB), then time the per-claim and columnar paths
# (benchmarks/speed.py), the side-by-side run against the peers (benchmarks/peers.py),
# clustering against splink at 10^5 and 10^6 claims (benchmarks/linkage.py) and the
# dask engine on two local workers (benchmarks/distributed.py). Writes
# benchmarks/results/speed.md, peers.md, linkage.md and distributed.md. On 2 shared cores
# linkage.py alone takes about a quarter of an hour (15 minutes, half of its
# two-run 30 measured with a load average of 6 to 10), most of it at 10^6 claims,
# which each side simulates in a process of its own.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/benchmarks/setup-peers.sh"
python="$root/benchmarks/.venv-peers/bin/python"
"$python" "$root/benchmarks/speed.py"
"$python" "$root/benchmarks/peers.py"
"$python" "$root/benchmarks/linkage.py"
"$python" "$root/benchmarks/distributed.py"
