#!/usr/bin/env bash
# Checks the contents of a packed library tarball (`npm pack`): every file users need is there and
# nothing they do not need is. Prints what is wrong and exits 1; prints a summary and exits 0.
#
#   bash scripts/check-tarball.sh cdk-payment-platform-0.1.0.tgz
set -euo pipefail
TARBALL="${1:?usage: check-tarball.sh <tarball.tgz>}"
[ -f "$TARBALL" ] || { echo "check-tarball: $TARBALL does not exist" >&2; exit 1; }
# The listing is taken once into a variable: piping `tar` straight into `grep -q` would let grep exit
# early, tar die of SIGPIPE, and (with pipefail) turn every match into a failed pipeline.
LISTING="$(tar -tzf "$TARBALL" | grep -v '/$' || true)"  # files only
problems=0

REQUIRED=(package/package.json package/README.md package/LICENSE package/build/lib/index.js
  package/build/lib/index.d.ts package/build/charts/index.js package/build/charts/index.d.ts)
for f in "${REQUIRED[@]}"; do
  if ! grep -qxF "$f" <<<"$LISTING"; then
    echo "check-tarball: $TARBALL lacks $f" >&2
    problems=$((problems + 1))
  fi
done

UNWANTED='^package/(test|examples|docs|crds|scripts|bin|cdk\.out|dist|node_modules|\.ci)/|\.test\.(js|d\.ts)$|\.tsbuildinfo$|^package/build/(control-tower\.out|examples)/'
# Shipped on purpose although their folder is otherwise left out: the `payment-platform-failover` and
# `payment-platform-region-switch` bins.
ALLOWED=(package/scripts/failover.sh package/scripts/region-switch.sh)
unwanted="$(grep -E "$UNWANTED" <<<"$LISTING" | grep -vxF "${ALLOWED[@]/#/-e}" || true)"
if [ -n "$unwanted" ]; then
  echo "check-tarball: $TARBALL holds files users do not need:" >&2
  head -10 <<<"$unwanted" | sed 's/^/  /' >&2
  problems=$((problems + 1))
fi

[ "$problems" -eq 0 ] || exit 1
echo "tarball ok: $(basename "$TARBALL"), $(( $(stat -c %s "$TARBALL") / 1024 )) KiB packed, $(wc -l <<<"$LISTING") files"
