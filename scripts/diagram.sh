#!/usr/bin/env bash
# Regenerates docs/architecture.png from the synthesized example app (bin/app.ts): stacks,
# their top-level constructs, the references between them and the deploy order. Needs Graphviz
# (`apt-get install graphviz`). Not part of CI: the PNG is committed.
#
#   npm run diagram                    # synthesize into build/diagram/cdk.out, then render
#   npm run diagram -- path/to/cdk.out # render an existing cloud assembly
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dot >/dev/null || { echo "Graphviz 'dot' is missing: apt-get install -y graphviz" >&2; exit 1; }
assembly="${1:-}"
if [ -z "$assembly" ]; then
  assembly=build/diagram/cdk.out
  rm -rf "$assembly"
  CDK_DISABLE_VERSION_CHECK=1 npx cdk synth --quiet --no-notices --output "$assembly" >/dev/null
fi
mkdir -p build/diagram docs
node -r ts-node/register scripts/diagram.ts "$assembly" "${@:2}" > build/diagram/architecture.dot
dot -Tpng -Gdpi=110 -o docs/architecture.png build/diagram/architecture.dot
echo "docs/architecture.png: $(du -h docs/architecture.png | cut -f1) (from $assembly)"
