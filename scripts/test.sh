#!/usr/bin/env bash
# Run the whole test suite (installs first if .venv is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/install.sh
exec .venv/bin/python -m pytest -q "$@"
