#!/usr/bin/env bash
# Generates the API reference (docs/api/, HTML, not committed) from the public entry points
# lib/index.ts and charts/index.ts with typedoc (see typedoc.json). Any typedoc warning fails it
# (treatWarningsAsErrors), so CI keeps the doc comments complete and their links valid.
set -euo pipefail
cd "$(dirname "$0")/.."
npx typedoc --options typedoc.json "$@"
echo "docs/api: $(du -sh docs/api | cut -f1), $(find docs/api -type f | wc -l) files"
