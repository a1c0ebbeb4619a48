#!/usr/bin/env bash
# Set up benchmarks/.venv-peers, the environment of benchmarks/peers.py,
# benchmarks/linkage.py and benchmarks/distributed.py: the project with its pandas and
# dask extras, plus the peer libraries it
# is compared with (crowd-kit, truthdiscovery, splink on DuckDB). The peers are
# benchmark-only dependencies and never the project's own.
#
#   bash benchmarks/setup-peers.sh
#   benchmarks/.venv-peers/bin/python benchmarks/peers.py
#
# Idempotent: a second run finds everything in place and returns in seconds.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/benchmarks/.venv-peers"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3

export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ ! -x "$venv/bin/python" ]; then
  echo "+ $python -m venv $venv"
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --quiet)

# True when every named distribution is already installed in the virtualenv.
installed() {
  "$venv/bin/python" - "$@" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

try:
    for name in sys.argv[1:]:
        version(name)
except PackageNotFoundError:
    sys.exit(1)
EOF
}

# The project is installed editable: its code is always the work tree's, so it is
# reinstalled only when missing or when pyproject.toml (its dependencies) has changed.
stamp="$venv/.reconcile-installed"
if ! installed reconcile pandas distributed || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  echo "+ pip install -e '${root}[pandas,dask]'"
  "${pip[@]}" install -e "${root}[pandas,dask]"
  touch "$stamp"
fi

# crowd-kit calls scikit-learn APIs that 1.6 removed, hence the pin.
if ! installed crowd-kit scikit-learn; then
  echo "+ pip install crowd-kit 'scikit-learn<1.6'"
  "${pip[@]}" install crowd-kit "scikit-learn<1.6"
fi

# truthdiscovery pins exact, years-old versions of everything it touches (numpy 1.24,
# pytest, flask...), so it goes in with --no-deps and then only what it imports. Its
# package __init__ imports its graph-drawing modules, so even TruthFinder needs imageio,
# matplotlib and pycairo; pycairo has no Linux wheel and builds against cairo's headers.
if ! installed truthdiscovery bidict PyYAML scipy numpy imageio matplotlib pycairo; then
  missing=()
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  command -v cc >/dev/null 2>&1 || missing+=(gcc)
  dpkg-query -W -f='${Status}' libcairo2-dev 2>/dev/null | grep -q "ok installed" \
    || missing+=(libcairo2-dev)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "+ apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  echo "+ pip install numpy scipy bidict pyyaml imageio matplotlib pycairo"
  "${pip[@]}" install --no-warn-conflicts numpy scipy bidict pyyaml imageio matplotlib pycairo
  echo "+ pip install --no-deps truthdiscovery"
  "${pip[@]}" install --no-deps --no-warn-conflicts truthdiscovery
fi

# splink 5 on DuckDB, the record-linkage tool benchmarks/linkage.py clusters the
# simulated mentions with, beside reconcile's own clusterer.
if ! installed splink duckdb; then
  echo "+ pip install 'splink==5.*' duckdb"
  "${pip[@]}" install "splink==5.*" duckdb
fi

# Fail here, not in the middle of a benchmark, if an algorithm does not import.
"$venv/bin/python" - <<'EOF'
from importlib.metadata import version

import crowdkit.aggregation
import splink
import truthdiscovery

import reconcile

names = (
    "reconcile",
    "crowd-kit",
    "truthdiscovery",
    "scikit-learn",
    "splink",
    "duckdb",
    "pandas",
    "numpy",
)
print("peers ready:", ", ".join(f"{name} {version(name)}" for name in names))
EOF
