import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

describe('cloud assemblies written by the tests', () => {
  test('go to the run\'s own temporary directory, which the global teardown removes', () => {
    const runDir = process.env.CDK_PAYMENT_PLATFORM_JEST_TMPDIR;
    expect(runDir).toMatch(/cdk-payment-platform-jest-/);
    expect(os.tmpdir()).toBe(runDir);
    const app = new App();
    new Stack(app, 'Probe');
    const assembly = app.synth();
    expect(path.dirname(assembly.directory)).toBe(runDir);
    expect(fs.existsSync(assembly.directory)).toBe(true);
  });
});
