#!/usr/bin/env bash
# Install everything, then run the main job on the bundled examples:
# ingest -> extract -> store in ./strife.duckdb -> print the events and write exports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/strife --db strife.duckdb ingest examples/ --export exports/
