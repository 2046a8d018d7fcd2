#!/usr/bin/env bash
# Package-consumption test: builds and packs the library, installs the tarball into a fresh
# throw-away project outside the repository (offline, from the local npm cache), writes a small
# two-region app with a custom three-service catalog, and synthesizes it with `cdk synth` and
# `cdk8s synth`. Fails if a template or manifest is missing or lacks the catalog's services.
#
#   bash scripts/consumption-test.sh            # build, pack, install, synth, assert
#   KEEP_CONSUMER=1 bash scripts/consumption-test.sh   # keep the temporary project for inspection
#   SKIP_BUILD=1 bash scripts/consumption-test.sh      # pack the existing build/ as it is
#
# The peer dependencies and tools are installed at the exact versions of this repository's
# package.json, which `npm ci` has put into the npm cache; `--offline` proves no network is needed.
set -euo pipefail
START=$(date +%s)
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk-payment-platform-consumer.XXXXXX")"
cleanup() {
  if [ "${KEEP_CONSUMER:-0}" = "1" ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { echo "[$(( $(date +%s) - START ))s] $*"; }
fail() { echo "consumption test FAILED: $*" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" = "1" ]; then
  step "build skipped (SKIP_BUILD=1): packing the existing build/"
else
  step "clean build"
  rm -rf "$REPO/build/lib" "$REPO/build/charts"
  (cd "$REPO" && npm run --silent build)
fi

step "pack"
TARBALL_NAME="$(cd "$REPO" && npm pack --silent --pack-destination "$WORK" 2>/dev/null | tail -1)"
TARBALL="$WORK/$TARBALL_NAME"
[ -f "$TARBALL" ] || fail "npm pack did not write $TARBALL"
SIZE_BYTES=$(stat -c %s "$TARBALL")
FILE_COUNT=$(tar -tzf "$TARBALL" | wc -l)
bash "$REPO/scripts/check-tarball.sh" "$TARBALL" || fail "the tarball's contents (scripts/check-tarball.sh)"

# Exact versions of the peer dependencies and tools, from this repository's package.json.
DEPS="$(cd "$REPO" && node -e '
  const p = require("./package.json");
  const v = { ...p.devDependencies, ...p.dependencies };
  const names = ["aws-cdk-lib", "constructs", "cdk8s", "cdk8s-plus-27", "aws-cdk", "cdk8s-cli", "typescript", "@types/node"];
  console.log(names.map((n) => { if (!v[n]) throw new Error("no version of " + n); return n + "@" + v[n]; }).join(" "));
')"

# Runtime footprint: what `npm install cdk-payment-platform` brings with its required peers (no
# tools, no optional peers), next to aws-cdk-lib + constructs alone (what any CDK app installs).
RUNTIME_PEERS="$(cd "$REPO" && node -e '
  const p = require("./package.json");
  const v = { ...p.devDependencies, ...p.dependencies };
  const opt = p.peerDependenciesMeta || {};
  console.log(Object.keys(p.peerDependencies).filter((n) => !(opt[n] && opt[n].optional)).map((n) => n + "@" + v[n]).join(" "));
')"
FLOOR_PEERS="$(echo "$RUNTIME_PEERS" | tr ' ' '\n' | grep -E '^(aws-cdk-lib|constructs)@' | tr '\n' ' ')"
install_size() { # $1 = dir, rest = packages; prints "<apparent MB> <disk MB> <packages>"
  local dir="$1"; shift
  mkdir -p "$dir" && (cd "$dir" && npm init -y >/dev/null && npm install --offline --no-audit --no-fund --loglevel=error --omit=dev --omit=optional "$@" >/dev/null) \
    || fail "runtime install of $*"
  echo "$(( $(du -s --apparent-size -B1 "$dir/node_modules" | cut -f1) / 1000000 )) $(( $(du -s -B1 "$dir/node_modules" | cut -f1) / 1000000 ))" \
    "$(find "$dir/node_modules" -name package.json -path '*/node_modules/*/package.json' -not -path '*/node_modules/*/node_modules/*/*/package.json' | wc -l)"
}
step "runtime install size (offline): $TARBALL_NAME $RUNTIME_PEERS"
# shellcheck disable=SC2086
read -r RUNTIME_MB RUNTIME_DISK_MB RUNTIME_PKGS <<< "$(install_size "$WORK/runtime" "$TARBALL" $RUNTIME_PEERS)"
# shellcheck disable=SC2086
read -r FLOOR_MB FLOOR_DISK_MB FLOOR_PKGS <<< "$(install_size "$WORK/floor" $FLOOR_PEERS)"
# Sizes in MB (10^6 bytes): apparent (the files' bytes, what the registry's unpacked size counts) and
# on disk (allocated blocks, which round every small file up to the file system's block size).
echo "runtime install: $RUNTIME_MB MB apparent ($RUNTIME_DISK_MB MB on disk), $RUNTIME_PKGS packages;" \
  "aws-cdk-lib + constructs alone: $FLOOR_MB MB ($FLOOR_DISK_MB MB on disk), $FLOOR_PKGS packages; the platform adds $(( RUNTIME_MB - FLOOR_MB )) MB"
echo "largest packages of the runtime install (apparent MB):"
(cd "$WORK/runtime/node_modules" && du -s --apparent-size -B1 -- */ @*/*/ 2>/dev/null | grep -v '^[0-9]*[[:space:]]@[^/]*/$' | sort -rn | head -8 \
  | awk '{ printf "  %6.1f  %s\n", $1 / 1000000, $2 }')
rm -rf "$WORK/runtime" "$WORK/floor"

step "install into a fresh project (offline): $TARBALL_NAME $DEPS"
APP="$WORK/consumer"
mkdir -p "$APP"
cd "$APP"
npm init -y >/dev/null
# shellcheck disable=SC2086
npm install --offline --no-audit --no-fund --loglevel=error --save-exact "$TARBALL" $DEPS >/dev/null

cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "lib": ["es2022"],
    "strict": true, "skipLibCheck": true, "isolatedModules": true, "types": ["node"], "outDir": "out", "rootDir": "src"
  },
  "include": ["src"]
}
EOF
mkdir -p src

# The platform: two regions, the library's defaults for everything else, and a team's own catalog.
cat > src/platform.ts <<'EOF'
import type { PlatformConfig } from 'cdk-payment-platform';
import type { ServiceSpec } from 'cdk-payment-platform/charts';

const azs = (region: string) => ['a', 'b', 'c'].map((z) => `${region}${z}`);
export const config: PlatformConfig = {
  name: 'acmepay', environment: 'prod', account: '111122223333',
  regions: [
    { region: 'eu-central-1', role: 'primary', cidr: '10.10.0.0/16', availabilityZones: azs('eu-central-1') },
    { region: 'eu-west-1', role: 'secondary', cidr: '10.20.0.0/16', availabilityZones: azs('eu-west-1') },
  ],
  domain: { zoneName: 'acmepay.example.com' },
  images: { apiGateway: { tag: 'v3.1.0' }, paymentService: { tag: 'v3.1.0' } },
};
const svc = (name: string, port: number, callers: string[]): ServiceSpec => ({
  name, port, image: `111122223333.dkr.ecr.eu-central-1.amazonaws.com/acmepay/${name}:v3.1.0`,
  resources: { cpu: { request: '250m', limit: '500m' }, memory: { request: '256Mi', limit: '512Mi' } },
  autoscaling: { minReplicas: 2, maxReplicas: 6 }, ingress: [{ peers: callers.map((service) => ({ service })) }],
});
/** The team's catalog, as data. */
export const services: ServiceSpec[] = [
  svc('ledger-service', 4100, ['payment-service']),
  svc('fx-service', 4200, ['payment-service', 'ledger-service']),
  svc('merchant-portal', 4300, ['api-gateway']),
];
EOF

# CDK app: global stack + one stack per region; each cluster gets the chart with the catalog.
cat > src/main.ts <<'EOF'
import { App } from 'aws-cdk-lib';
import { addComplianceChecks, PaymentPlatform } from 'cdk-payment-platform';
import { config, services } from './platform';

const app = new App();
// Each cluster applies the chart with the team's catalog; certificate, WAF and cache come from its stack.
new PaymentPlatform(app, config, { workloads: () => ({ services }) });
addComplianceChecks(app);
app.synth();
EOF

# cdk8s app: the same charts as reviewable YAML, one file per region.
cat > src/k8s.ts <<'EOF'
import { App } from 'cdk8s';
import { resolvePlatformConfig, workloadsPropsFromConfig } from 'cdk-payment-platform';
import { PaymentWorkloads, workloadsChartId } from 'cdk-payment-platform/charts';
import { config, services } from './platform';

const resolved = resolvePlatformConfig(config);
const app = new App();
for (const { region } of resolved.regions) {
  new PaymentWorkloads(app, workloadsChartId(resolved, region), workloadsPropsFromConfig(resolved, region, { services }));
}
app.synth();
EOF

# No feature flags at all: the platform sets the aws-cdk-lib flags it relies on itself
# (lib/stacks/feature-flags.ts), so a consumer's cdk.json needs only the app command.
cat > cdk.json <<'EOF2'
{ "app": "node --no-turbo-escape out/main.js" }
EOF2
cat > cdk8s.yaml <<'EOF'
language: typescript
app: node out/k8s.js
output: dist
EOF

# Consumer footprint: tsc of this app against an empty CDK app's (same compiler options, best of
# three each), with and without skipLibCheck; budget: ≤ 1.5× the empty app's with skipLibCheck.
mkdir -p empty/src
cat > empty/src/main.ts <<'EOF2'
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty');
app.synth();
EOF2
tsc_seconds() { # $1 = project dir, $2 = skipLibCheck; prints the best of three wall times
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N)
    # The compiler options of `cdk init app --language typescript` (aws-cdk 2.1148): module and
    # moduleResolution NodeNext, which also turns on esModuleInterop; zod's declaration files (the
    # configuration schema's types) need it when the library check runs (colinhacks/zod#5160).
    (cd "$1" && "$APP/node_modules/.bin/tsc" --noEmit --skipLibCheck "$2" --target ES2022 --module nodenext --moduleResolution nodenext --isolatedModules \
      --lib es2022 --strict --types node --typeRoots "$APP/node_modules/@types" $(find src -name '*.ts')) >&2 || fail "tsc in $1 (skipLibCheck $2)"
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
ln -s "$APP/node_modules" empty/node_modules
declare -A TSC
for skip in true false; do
  TSC[consumer-$skip]=$(tsc_seconds "$APP" $skip)
  TSC[empty-$skip]=$(tsc_seconds "$APP/empty" $skip)
done
for skip in true false; do
  c=${TSC[consumer-$skip]}; e=${TSC[empty-$skip]}
  echo "consumer tsc (skipLibCheck $skip): $(( c / 1000 )).$(( c % 1000 / 100 )) s; empty CDK app $(( e / 1000 )).$(( e % 1000 / 100 )) s; ratio $(( 100 * c / e ))/100"
done
[ $(( 100 * ${TSC[consumer-true]} )) -le $(( 150 * ${TSC[empty-true]} )) ] \
  || fail "consumer tsc takes more than 1.5× an empty CDK app's (skipLibCheck true)"

step "type-check and compile the consumer app against the published .d.ts"
npx --offline tsc -p tsconfig.json

step "cdk8s synth"
npx --offline cdk8s synth --no-check-upgrade > cdk8s-synth.log 2>&1 || { cat cdk8s-synth.log; fail "cdk8s synth"; }
for region in eu-central-1 eu-west-1; do
  f="dist/acmepay-prod-$region.k8s.yaml"
  [ -s "$f" ] || fail "$f missing"
  for name in ledger-service fx-service merchant-portal api-gateway payment-service; do
    grep -q "name: $name\$" "$f" || fail "$f lacks $name"
  done
done

step "cdk synth"
CDK_DISABLE_VERSION_CHECK=1 npx --offline cdk synth --quiet --no-notices > cdk-synth.log 2>&1 || { cat cdk-synth.log; fail "cdk synth"; }
echo "cdk synth: $(grep -c "^WARNING" cdk-synth.log || true) warnings (KEEP_CONSUMER=1 keeps cdk-synth.log)"
for stack in PaymentPlatform-global PaymentPlatform-eu-central-1 PaymentPlatform-eu-west-1; do
  [ -s "cdk.out/$stack.template.json" ] || fail "cdk.out/$stack.template.json missing"
done
for region in eu-central-1 eu-west-1; do
  for name in ledger-service fx-service merchant-portal; do
    # The manifests are embedded in the template (Custom::AWSCDK-EKS-KubernetesResource) or in an asset.
    grep -rqs "$name" "cdk.out/PaymentPlatform-$region.template.json" cdk.out/asset.* \
      || fail "the $region template does not apply $name"
  done
done

step "ok: tarball $(( SIZE_BYTES / 1024 )) KiB, $FILE_COUNT files; runtime install $RUNTIME_MB MB apparent, $RUNTIME_DISK_MB MB on disk ($FLOOR_MB MB of it aws-cdk-lib + constructs); consumer tsc ${TSC[consumer-true]} ms vs ${TSC[empty-true]} ms for an empty CDK app; two regions and three custom services synthesized"
