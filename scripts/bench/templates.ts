import * as fs from 'fs';
import * as path from 'path';

/** CloudFormation's hard limits for one template. */
export const CFN_MAX_RESOURCES = 500;
export const CFN_MAX_TEMPLATE_BYTES = 1_000_000;

export interface TemplateSize {
  readonly stack: string;
  readonly resources: number;
  readonly bytes: number;
}

/** Resource count and size of every template in a cloud assembly directory. */
export function templateSizes(assemblyDir: string): TemplateSize[] {
  return fs.readdirSync(assemblyDir)
    .filter((f) => f.endsWith('.template.json'))
    .sort()
    .map((f) => {
      const file = path.join(assemblyDir, f);
      const body = fs.readFileSync(file, 'utf8');
      const template = JSON.parse(body) as { Resources?: Record<string, unknown> };
      return { stack: f.replace(/\.template\.json$/, ''), resources: Object.keys(template.Resources ?? {}).length, bytes: Buffer.byteLength(body) };
    });
}
