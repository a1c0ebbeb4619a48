#!/usr/bin/env bash
# The speed benchmarks in one command: set up the benchmark's own environment
# (benchmarks/setup-peers.sh: the project with pandas, plus crowd-kit and
# truthdiscovery), then time the per-claim and columnar paths (benchmarks/speed.py)
# and the side-by-side run against the peers (benchmarks/peers.py). Writes
# benchmarks/results/speed.md and benchmarks/results/peers.md; about ten minutes
# on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/benchmarks/setup-peers.sh"
python="$root/benchmarks/.venv-peers/bin/python"
"$python" "$root/benchmarks/speed.py"
"$python" "$root/benchmarks/peers.py"
