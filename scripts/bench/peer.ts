/**
 * The benchmark's peer app (scripts/bench/peer/app.js): EKS Blueprints, pinned, installed by the
 * benchmark itself into a scratch directory outside the project (under the OS temp directory, with
 * its own package.json), so nothing of it reaches the project's lockfile or node_modules. The
 * install is kept between runs and redone when the pins change.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** EKS Blueprints 1.19.0 declares exact peers: aws-cdk-lib 2.261.0 and aws-cdk 2.1129.0. */
export const PEER_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@aws-quickstart/eks-blueprints': '1.19.0',
  'aws-cdk-lib': '2.261.0',
  'aws-cdk': '2.1129.0',
  constructs: '10.8.1',
};

export const PEER_REGIONS = [
  { region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
  { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
  { region: 'ap-southeast-1', availabilityZones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
];

/** Scratch directory of the peer, keyed by its pins. */
export function peerDir(): string {
  const key = Object.entries(PEER_DEPENDENCIES).map(([k, v]) => `${k}@${v}`).join(',');
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return path.join(os.tmpdir(), `cdk-payment-platform-bench-peer-${hash.toString(16)}`);
}

/**
 * Installs the peer (once) and writes its app, cdk.json (explicit availability zones, so the synth
 * stays offline) and the workload manifests of each region, taken from `cdk8s synth` output.
 */
export function preparePeer(k8sDir: string): string {
  const dir = peerDir();
  fs.mkdirSync(dir, { recursive: true });
  const installed = path.join(dir, 'node_modules', '@aws-quickstart', 'eks-blueprints', 'package.json');
  if (!fs.existsSync(installed)) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-peer', private: true, dependencies: PEER_DEPENDENCIES }, undefined, 2));
    console.log(`Installing the peer (${Object.entries(PEER_DEPENDENCIES).map(([k, v]) => `${k}@${v}`).join(', ')}) into ${dir} …`);
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing the peer failed (exit ${r.status}):\n${r.stderr}`);
  }
  fs.copyFileSync(path.join(__dirname, 'peer', 'app.js'), path.join(dir, 'app.js'));
  const context = Object.fromEntries(PEER_REGIONS.map((r) => [`availability-zones:account=123456789012:region=${r.region}`, r.availabilityZones]));
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', context }, undefined, 2));
  for (const { region } of PEER_REGIONS) {
    const file = fs.readdirSync(k8sDir).find((f) => f.endsWith(`-${region}.k8s.yaml`));
    if (!file) throw new Error(`no cdk8s output for ${region} in ${k8sDir}`);
    const docs = parseAllDocuments(fs.readFileSync(path.join(k8sDir, file), 'utf8')).map((d) => d.toJSON() as unknown).filter(Boolean);
    fs.writeFileSync(path.join(dir, `workloads-${region}.json`), JSON.stringify(docs));
  }
  return dir;
}
