/**
 * Deploy critical path (`npm run critical-path [cdk.out]`): reads each synthesized template's
 * dependency graph (DependsOn, Ref, Fn::GetAtt, Fn::Sub), weights each resource with a typical
 * create time (create-times.ts), and prints the longest chain per stack. It also says whether the
 * data tier and the EKS cluster create in parallel (no path between them), and estimates a full
 * first deploy of every stack (`cdk deploy --all --concurrency N`, N at least the number of stacks
 * that can run at once): the longest chain through the stack dependencies of the cloud assembly
 * (manifest.json), each stack weighted with its own critical path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createTime } from './create-times';

interface Resource {
  readonly Type: string;
  readonly DependsOn?: string | string[];
  readonly Properties?: unknown;
}

type Graph = Map<string, Set<string>>; // resource -> resources it depends on

function references(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? String(v[0]) : String(v);
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]);
        if (Array.isArray(v)) references(v[1], out);
      } else references(v, out);
    }
  }
}

export function dependencyGraph(resources: Record<string, Resource>): Graph {
  const graph: Graph = new Map();
  for (const [id, r] of Object.entries(resources)) {
    const deps = new Set<string>();
    for (const d of [r.DependsOn ?? []].flat()) deps.add(d);
    references(r.Properties, deps);
    graph.set(id, new Set([...deps].filter((d) => d in resources && d !== id)));
  }
  return graph;
}

export interface CriticalPath {
  readonly seconds: number;
  readonly chain: string[];
}

/** Longest weighted path through the DAG (each resource starts when all its dependencies are done). */
export function criticalPath(resources: Record<string, Resource>, graph: Graph = dependencyGraph(resources)): CriticalPath {
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const done = finish.get(id);
    if (done !== undefined) return done;
    if (visiting.has(id)) throw new Error(`dependency cycle at ${id}`);
    visiting.add(id);
    let start = 0;
    let before: string | undefined;
    for (const d of graph.get(id) ?? []) {
      const f = visit(d);
      if (f > start) { start = f; before = d; }
    }
    visiting.delete(id);
    const end = start + createTime(resources[id].Type).seconds;
    finish.set(id, end);
    via.set(id, before);
    return end;
  };
  let last = '';
  let total = 0;
  for (const id of Object.keys(resources)) {
    const f = visit(id);
    if (f > total) { total = f; last = id; }
  }
  const chain: string[] = [];
  for (let at: string | undefined = last; at; at = via.get(at)) chain.unshift(at);
  return { seconds: total, chain };
}

/** True when `to` is reachable from `from` following dependencies. */
export function dependsOn(graph: Graph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const at = stack.pop()!;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(graph.get(at) ?? []));
  }
  return false;
}

export interface StackEstimate {
  readonly seconds: number;
  /** Names of the stacks this one waits for. */
  readonly dependencies: readonly string[];
}

/** Longest chain through the stacks (each starts when all it depends on are deployed). */
export function fullDeploy(stacks: ReadonlyMap<string, StackEstimate>): CriticalPath {
  const finish = new Map<string, { end: number; via?: string }>();
  const visit = (name: string, seen: Set<string>): number => {
    const done = finish.get(name);
    if (done) return done.end;
    if (seen.has(name)) throw new Error(`stack dependency cycle at ${name}`);
    seen.add(name);
    const s = stacks.get(name)!;
    let start = 0;
    let via: string | undefined;
    for (const d of s.dependencies.filter((x) => stacks.has(x))) {
      const f = visit(d, seen);
      if (f > start) { start = f; via = d; }
    }
    seen.delete(name);
    finish.set(name, { end: start + s.seconds, via });
    return start + s.seconds;
  };
  let last = '';
  let total = 0;
  for (const name of stacks.keys()) {
    const f = visit(name, new Set());
    if (f > total) { total = f; last = name; }
  }
  const chain: string[] = [];
  for (let at: string | undefined = last; at; at = finish.get(at)?.via) chain.unshift(at);
  return { seconds: total, chain };
}

/** Per-stack estimates of a cloud assembly directory (templates + manifest.json stack dependencies). */
export function assemblyEstimates(dir: string): Map<string, StackEstimate> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; dependencies?: string[]; properties?: { templateFile?: string } }>;
  };
  const out = new Map<string, StackEstimate>();
  for (const [name, a] of Object.entries(manifest.artifacts ?? {})) {
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) continue;
    const resources = (JSON.parse(fs.readFileSync(path.join(dir, a.properties.templateFile), 'utf8')) as { Resources?: Record<string, Resource> }).Resources ?? {};
    out.set(name, { seconds: criticalPath(resources).seconds, dependencies: a.dependencies ?? [] });
  }
  return out;
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? 'cdk.out');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
  if (files.length === 0) throw new Error(`no templates in ${dir}: run 'npm run synth:cdk' first`);
  for (const f of files) {
    const resources = (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { Resources?: Record<string, Resource> }).Resources ?? {};
    const graph = dependencyGraph(resources);
    const cp = criticalPath(resources, graph);
    console.log(`\n${f.replace('.template.json', '')}: critical path ≈ ${(cp.seconds / 60).toFixed(1)} min over ${cp.chain.length} resources`);
    for (const id of cp.chain) {
      const t = createTime(resources[id].Type);
      if (t.seconds >= 30) console.log(`  ${String(t.seconds).padStart(4)} s  ${id} (${resources[id].Type})`);
    }
    const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
    const clusters = ofType('AWS::EKS::Cluster');
    const data = [...ofType('AWS::RDS::DBCluster'), ...ofType('AWS::ElastiCache::ReplicationGroup')];
    for (const c of clusters) {
      for (const d of data) {
        const coupled = dependsOn(graph, c, d) || dependsOn(graph, d, c);
        console.log(`  ${c} and ${d}: ${coupled ? 'SERIAL (one waits for the other)' : 'parallel'}`);
      }
    }
  }
  if (fs.existsSync(path.join(dir, 'manifest.json'))) {
    const full = fullDeploy(assemblyEstimates(dir));
    console.log(`\nFull first deploy, stacks in parallel where their dependencies allow (cdk deploy --all --concurrency ${Math.max(1, files.length)}): ` +
      `≈ ${(full.seconds / 60).toFixed(1)} min along ${full.chain.join(' → ')}`);
  }
}

if (require.main === module) main();
