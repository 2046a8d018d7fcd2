/**
 * Where the synth time goes (`npm run bench -- --profile`, or `node -r ts-node/register
 * scripts/bench/profile.ts <file.cpuprofile>`): reads a V8 CPU profile (`node --cpu-prof`) and
 * attributes every sample to one phase by the frames on its stack, checked in this order:
 *  - module loading: any frame of `require` (Module._load/_compile, the TypeScript transpiler);
 *  - cdk-nag: any frame in cdk-nag (the AwsSolutions and PCI DSS packs);
 *  - CloudFormation validation: any frame of aws-cdk-lib's built-in template validator;
 *  - kubectl manifests: any frame in cdk8s / cdk8s-plus or the project's charts/ (building and
 *    serializing the workload charts that the kubectl provider applies);
 *  - template serialization: any frame of the app's synthesis (resolve, toCloudFormation, writing
 *    the cloud assembly);
 *  - construct tree: everything else the program runs (building the stacks and constructs);
 *  - garbage collection / idle: V8's own nodes.
 */
import * as fs from 'fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export const PHASES = [
  'module loading',
  'cdk-nag',
  'CloudFormation validation',
  'kubectl manifests',
  'template serialization',
  'construct tree',
  'garbage collection',
  'idle / program',
] as const;
export type Phase = (typeof PHASES)[number];

type Frame = ProfileNode['callFrame'];

const isLoading = (f: Frame): boolean =>
  /^Module\.(_load|_compile|require)$|^(require|compileFunction|wrapSafe|loadSource)$/.test(f.functionName) ||
  /ts-node\/|@swc\/core\//.test(f.url);
const isNag = (f: Frame): boolean => /\/node_modules\/cdk-nag\//.test(f.url);
const isValidation = (f: Frame): boolean => /aws-cdk-lib\/core\/lib\/(validation|private\/cfn-validat)|cfn-lint|\.wasm/.test(f.url);
const isManifests = (f: Frame): boolean => /\/node_modules\/cdk8s(-plus-\d+)?\/|\/charts\//.test(f.url) || f.functionName === 'addCdk8sChart';
const isSerialization = (f: Frame): boolean =>
  /aws-cdk-lib\/core\/lib\/private\/(synthesis|resolve|refs|prepare-app|cloudformation-lang|tree-metadata|metadata-resource)/.test(f.url) ||
  /aws-cdk-lib\/cx-api|cloud-assembly-schema|aws-cdk-lib\/core\/lib\/stack-synthesizers/.test(f.url) ||
  /^(synth|synthesize|_toCloudFormation|toJsonString)$/.test(f.functionName);

/** Milliseconds per phase. */
export function phaseTimes(profile: CpuProfile): Record<Phase, number> {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const cache = new Map<number, Phase>();
  const classify = (id: number): Phase => {
    const hit = cache.get(id);
    if (hit) return hit;
    const frames: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
    // Only `require` calls made by the program count as loading, not the one that runs the entry
    // file itself: frames from the root down to the entry's top-level code are ignored for that.
    let entry = -1;
    frames.forEach((f, i) => { if (/^(file:\/\/)?\//.test(f.url) && !/node_modules|^node:/.test(f.url)) entry = i; });
    const below = entry >= 0 ? frames.slice(0, entry) : frames;
    const leaf = frames[0].functionName;
    let phase: Phase;
    if (leaf === '(garbage collector)') phase = 'garbage collection';
    else if (leaf === '(idle)' || leaf === '(program)' || leaf === '(root)') phase = 'idle / program';
    else if (below.some(isLoading)) phase = 'module loading';
    else if (frames.some(isNag)) phase = 'cdk-nag';
    else if (frames.some(isValidation)) phase = 'CloudFormation validation';
    else if (frames.some(isManifests)) phase = 'kubectl manifests';
    else if (frames.some(isSerialization)) phase = 'template serialization';
    else phase = 'construct tree';
    cache.set(id, phase);
    return phase;
  };
  const out = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  profile.samples.forEach((id, i) => { out[classify(id)] += (profile.timeDeltas[i] ?? 0) / 1000; });
  return out;
}

export function formatPhases(times: Record<Phase, number>): string {
  const total = PHASES.reduce((s, p) => s + times[p], 0);
  return PHASES.map((p) => `${p.padEnd(28)} ${(times[p] / 1000).toFixed(2).padStart(6)} s  ${((100 * times[p]) / total).toFixed(0).padStart(3)} %`)
    .concat(`${'total (CPU profile)'.padEnd(28)} ${(total / 1000).toFixed(2).padStart(6)} s`)
    .join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.ts <file.cpuprofile>');
  console.log(formatPhases(phaseTimes(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile)));
}
