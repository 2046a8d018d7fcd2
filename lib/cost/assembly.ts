import * as fs from 'fs';
import * as path from 'path';
import type { StackTemplate } from './estimate';

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}

/**
 * The stacks of a synthesized cloud assembly (`cdk.out`): each stack's template and its region,
 * from `manifest.json`. Throws with the fix when the directory holds no synthesized app.
 */
export function readCloudAssembly(dir: string): StackTemplate[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`payment-platform cost: ${manifestFile} does not exist; run 'npx cdk synth' first (or pass --out <cloud assembly directory>).`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackTemplate[] = [];
  for (const [id, a] of Object.entries(manifest.artifacts ?? {})) {
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) continue;
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(a.environment ?? '')?.[1];
    if (!region || region === 'unknown-region') {
      throw new Error(`payment-platform cost: stack ${id} has no concrete region (${a.environment ?? 'none'}); give every stack env.region.`);
    }
    const template = JSON.parse(fs.readFileSync(path.join(dir, a.properties.templateFile), 'utf8')) as StackTemplate['template'];
    stacks.push({ stackName: a.properties.stackName ?? id, region, template });
  }
  if (stacks.length === 0) throw new Error(`payment-platform cost: ${dir} contains no CloudFormation stacks; run 'npx cdk synth' first.`);
  return stacks;
}
