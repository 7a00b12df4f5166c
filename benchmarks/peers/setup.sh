#!/usr/bin/env bash
# Installs the benchmark peers into benchmarks/peers/.venv (OR-Tools for the CP-SAT model,
# highspy for HiGHS on the exported model) and CBC from the system's packages when it is
# missing. Not needed to build, test or use the planner.
#   benchmarks/peers/setup.sh
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet 'ortools>=9.10' 'highspy>=1.7'
if ! command -v cbc >/dev/null && command -v apt-get >/dev/null; then
    (apt-get install -y coinor-cbc >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y coinor-cbc >/dev/null; }) \
        || echo "cbc could not be installed: the cbc rows will be skipped" >&2
fi
.venv/bin/python -c 'import ortools, highspy; print("ortools", ortools.__version__, "highspy", getattr(highspy, "__version__", "?"))'
command -v cbc >/dev/null && echo "cbc: $(command -v cbc)" || true
