/**
 * Architecture diagram from a synthesized cloud assembly: one box per stack, one node per
 * top-level construct of the stack (with its CloudFormation resource count), an arrow where a
 * construct's resources reference another's (`Ref`, `Fn::GetAtt`, `Fn::Sub`), and a dashed arrow
 * per stack dependency (deploy order). Writes Graphviz dot to stdout; scripts/diagram.sh renders it.
 *
 *   node -r ts-node/register scripts/diagram.ts cdk.out [--stacks A,B] > architecture.dot
 *
 * Reads tree.json including the `trees-N.json` files aws-cdk-lib splits large trees into.
 */
import * as fs from 'fs';
import * as path from 'path';

interface TreeNode {
  readonly id: string;
  readonly path: string;
  readonly children?: Record<string, TreeNode>;
  readonly constructInfo?: { readonly fqn: string };
  /** Set on a reference to a subtree stored in another file. */
  readonly fileName?: string;
  readonly treeId?: string;
}

interface Manifest {
  readonly artifacts: Record<string, { readonly type: string; readonly dependencies?: string[]; readonly properties?: { readonly templateFile?: string } }>;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Top-level children that are bookkeeping, not architecture. */
const SKIPPED_IDS = new Set(['CDKMetadata', 'BootstrapVersion', 'CheckBootstrapVersion', 'Exports']);
const SKIPPED_FQNS = new Set(['aws-cdk-lib.CfnOutput', 'aws-cdk-lib.CfnParameter', 'aws-cdk-lib.CfnCondition', 'aws-cdk-lib.CfnRule', 'aws-cdk-lib.CfnMapping']);

/** aws-cdk-lib's custom-resource provider singletons (`Custom::VpcRestrictDefaultSG…`, `AWS679f53fa…`): plumbing, not architecture. */
function isProviderSingleton(id: string): boolean {
  return id.startsWith('Custom::') || /^AWS[0-9a-f]{32}$/.test(id);
}

/** Loads tree.json and resolves every subtree reference into its forest file. */
export function loadTree(assemblyDir: string): TreeNode {
  const forests = new Map<string, Record<string, TreeNode>>();
  const resolve = (node: TreeNode): TreeNode => {
    let n = node;
    if (n.fileName && n.treeId && !n.children) {
      if (!forests.has(n.fileName)) {
        const file = JSON.parse(fs.readFileSync(path.join(assemblyDir, n.fileName), 'utf8')) as { forest: Record<string, TreeNode> };
        forests.set(n.fileName, file.forest);
      }
      n = forests.get(n.fileName)![n.treeId];
    }
    const children = n.children ? Object.fromEntries(Object.entries(n.children).map(([k, c]) => [k, resolve(c)])) : undefined;
    return { ...n, children };
  };
  const file = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'tree.json'), 'utf8')) as { tree: TreeNode };
  return resolve(file.tree);
}

/** Logical ids a template value references. */
function references(value: Json, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) references(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') out.add(v);
      else if (key === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      else if (key === 'Fn::GetAtt' && typeof v === 'string') out.add(v.split('.')[0]);
      else if (key === 'Fn::Sub') {
        const template = Array.isArray(v) ? v[0] : v;
        if (typeof template === 'string') for (const m of template.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) out.add(m[1]);
        if (Array.isArray(v)) references(v.slice(1), out);
      } else references(v, out);
    }
  }
}

const quote = (s: string) => `"${s.replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const nodeId = (stack: string, construct: string) => quote(`${stack}/${construct}`);

/** The dot source of the diagram. */
export function diagram(assemblyDir: string, onlyStacks?: string[]): string {
  const tree = loadTree(assemblyDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as Manifest;
  const stacks = Object.entries(manifest.artifacts)
    .filter(([name, a]) => a.type === 'aws:cloudformation:stack' && (!onlyStacks || onlyStacks.includes(name)));
  const lines: string[] = [
    'digraph architecture {',
    '  graph [compound=true, rankdir=LR, fontname="Helvetica", fontsize=18, nodesep=0.25, ranksep=0.6, newrank=true];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", color="#6b7b8c", fontname="Helvetica", fontsize=11];',
    '  edge [color="#8796a8", arrowsize=0.6];',
  ];
  const anchors = new Map<string, string>();
  for (const [stackName, artifact] of stacks) {
    const stackNode = Object.values(tree.children ?? {}).find((c) => c.id === stackName)
      ?? Object.values(tree.children ?? {}).flatMap((c) => Object.values(c.children ?? {})).find((c) => c.id === stackName);
    if (!stackNode) continue;
    const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties?.templateFile ?? `${stackName}.template.json`), 'utf8')) as {
      Resources?: Record<string, { Properties?: Json; Metadata?: Record<string, Json> }>;
    };
    const resources = Object.entries(template.Resources ?? {});
    const topOf = new Map<string, string>();
    const counts = new Map<string, number>();
    for (const [logicalId, r] of resources) {
      const cdkPath = r.Metadata?.['aws:cdk:path'];
      const top = typeof cdkPath === 'string' ? cdkPath.split('/')[stackNode.path.split('/').length] : undefined;
      if (!top) continue;
      topOf.set(logicalId, top);
      counts.set(top, (counts.get(top) ?? 0) + 1);
    }
    const constructs = Object.values(stackNode.children ?? {})
      .filter((c) => !SKIPPED_IDS.has(c.id) && !SKIPPED_FQNS.has(c.constructInfo?.fqn ?? '') && !isProviderSingleton(c.id) && (counts.get(c.id) ?? 0) > 0);
    lines.push(`  subgraph ${quote(`cluster_${stackName}`)} {`);
    lines.push(`    label=${quote(`${stackName}  (${plural(resources.length, 'resource')})`)}; style="rounded"; color="#2f4f6f"; fontcolor="#2f4f6f";`);
    for (const c of constructs) {
      lines.push(`    ${nodeId(stackName, c.id)} [label=${quote(`${c.id}\n${plural(counts.get(c.id) ?? 0, 'resource')}`)}];`);
    }
    if (constructs.length > 0) anchors.set(stackName, nodeId(stackName, constructs[0].id));
    lines.push('  }');
    const edges = new Set<string>();
    for (const [logicalId, r] of resources) {
      const from = topOf.get(logicalId);
      const refs = new Set<string>();
      references(r.Properties ?? null, refs);
      for (const ref of refs) {
        const to = topOf.get(ref);
        if (from && to && from !== to && constructs.some((c) => c.id === from) && constructs.some((c) => c.id === to)) edges.add(`  ${nodeId(stackName, from)} -> ${nodeId(stackName, to)};`);
      }
    }
    lines.push(...[...edges].sort());
  }
  for (const [stackName, artifact] of stacks) {
    for (const dep of artifact.dependencies ?? []) {
      const from = anchors.get(stackName);
      const to = anchors.get(dep);
      if (from && to) {
        lines.push(`  ${from} -> ${to} [ltail=${quote(`cluster_${stackName}`)}, lhead=${quote(`cluster_${dep}`)}, style=dashed, color="#c0392b", label="deploys after", fontsize=9, fontcolor="#c0392b"];`);
      }
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const stacksArg = args.indexOf('--stacks');
  const only = stacksArg >= 0 ? args[stacksArg + 1].split(',') : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (stacksArg < 0 || i !== stacksArg + 1)) ?? 'cdk.out';
  process.stdout.write(diagram(dir, only));
}
