#!/usr/bin/env bash
# Places each setting is declared (typed, defaulted, validated or documented by hand) at a commit:
# the lib/config files that name it plus the hand-written README configuration tables (the
# generated reference between the config-reference markers is not counted: it is the schema's).
# Usage: scripts/count-declarations.sh <commit> setting...
set -euo pipefail
commit=$1; shift
for s in "$@"; do
  files=$(git grep -l -w "$s" "$commit" -- 'lib/config/*.ts' | wc -l)
  readme=$(git show "$commit:README.md" | sed '/config-reference:start/,/config-reference:end/d' | sed -n '/^## Configuration reference/,/^## Constructs/p' | grep -c -w "\`$s\`" || true)
  echo "$s $((files + (readme > 0 ? 1 : 0)))"
done
