#!/usr/bin/env bash
# Lint and type-check (settings in pyproject.toml): ruff on the code, mypy strict on the
# data model, the store and the API.  Installs first if .venv lacks the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/ruff ] && [ -x .venv/bin/mypy ] || bash scripts/install.sh
.venv/bin/ruff check strife tests bench scripts
.venv/bin/mypy
