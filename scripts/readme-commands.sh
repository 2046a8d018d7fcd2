#!/usr/bin/env bash
# Prints the README's set-up commands, one a line, exactly as written: the command lines of the
# first ```bash block under "## Getting started" (comment lines left out). CI runs them as they
# are, so the README cannot drift from what is tested.
set -euo pipefail
README="${1:-$(dirname "$0")/../README.md}"
awk '
  /^## Getting started/ { section = 1; next }
  section && /^## / { exit }
  section && !block && /^```bash$/ { block = 1; next }
  block && /^```$/ { exit }
  block && !/^[[:space:]]*(#|$)/ { print }
' "$README"
