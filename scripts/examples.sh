#!/usr/bin/env bash
# Synthesizes every example (examples/*/app.ts with `cdk synth`, examples/*/charts.ts with cdk8s)
# into build/examples/<name>/{cdk.out,k8s}. cdk-nag AwsSolutions + PCI DSS 3.2.1 run during the
# CDK synth, so an unacknowledged finding fails this script. CI runs it after the tests.
#
#   npm run examples            # all examples
#   npm run examples -- drivopay
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_VERSION_CHECK=1
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd examples && ls -d */ | tr -d /))
for name in "${names[@]}"; do
  out="build/examples/$name"
  rm -rf "$out"
  start=$(date +%s)
  node --no-turbo-escape -r ts-node/register "examples/$name/charts.ts" "$out/k8s"
  npx cdk synth --quiet --no-notices --app "node --no-turbo-escape -r ts-node/register examples/$name/app.ts" --output "$out/cdk.out" >/dev/null
  templates=$(ls "$out/cdk.out"/*.template.json | wc -l)
  manifests=$(ls "$out/k8s"/*.k8s.yaml | wc -l)
  [ "$templates" -gt 1 ] && [ "$manifests" -gt 0 ] || { echo "examples/$name: expected templates and manifests in $out" >&2; exit 1; }
  echo "examples/$name: $templates templates, $manifests manifests in $out ($(( $(date +%s) - start )) s)"
done
