#!/usr/bin/env bash
# The speed benchmarks in one command: set up the benchmark's own environment
# (benchmarks/setup-peers.sh: the project with pandas, plus crowd-kit,
# truthdiscovery and splink on DuckDB), then time the per-claim and columnar paths
# (benchmarks/speed.py), the side-by-side run against the peers (benchmarks/peers.py)
# and clustering against splink at 10^5 and 10^6 claims (benchmarks/linkage.py).
# Writes benchmarks/results/speed.md, peers.md and linkage.md; about LINKAGE_MINUTES
# minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/benchmarks/setup-peers.sh"
python="$root/benchmarks/.venv-peers/bin/python"
"$python" "$root/benchmarks/speed.py"
"$python" "$root/benchmarks/peers.py"
"$python" "$root/benchmarks/linkage.py"
