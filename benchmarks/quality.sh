#!/usr/bin/env bash
# The quality benchmarks in one command: the public truth-discovery datasets
# (benchmarks/quality.py, read from ../shared/benchmarks/ or
# $RECONCILE_BENCHMARK_DATA) and simulated claims with a known truth
# (benchmarks/simulated.py). Writes benchmarks/results/quality-public.md and
# quality-simulated.md, clustering.md for the Camp Ashraf example's gold events
# (benchmarks/clustering.py), field.md for the field corpus of other incidents
# (reading, clustering and the analyst's expected conclusions; benchmarks/field.py),
# and extract.md for candidate extraction from the five Camp Ashraf articles
# against their hand annotation (benchmarks/extract.py); about eight minutes on
# 2 cores. Runs with the python on PATH, in which the project must be installed
# (pip install -e .).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python "$root/benchmarks/quality.py"
python "$root/benchmarks/simulated.py"
python "$root/benchmarks/clustering.py"
python "$root/benchmarks/field.py"
python "$root/benchmarks/extract.py"
