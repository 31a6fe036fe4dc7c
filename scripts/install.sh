#!/usr/bin/env bash
# Create .venv and install Strife with every dependency pinned by sha256 (requirements.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
echo "installed: $(.venv/bin/strife --version 2>/dev/null || echo strife) in $(pwd)/.venv"
