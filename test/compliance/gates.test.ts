import { App } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addComplianceChecks, DEFAULT_GATES, GATES, parseGates, selectedGates } from '../../lib/compliance';
import { testApp, testStack } from '../support/fixtures';

/** Synthesizes a bare bucket (AwsSolutions and PCI DSS findings) with the given gates; the error text, or '' when it passes. */
function synthError(gates: Parameters<typeof addComplianceChecks>[1]): string {
  const app = testApp();
  new s3.Bucket(testStack(app, 'Gates'), 'Bare');
  addComplianceChecks(app, gates);
  try {
    app.synth();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('parseGates (-c gates=…)', () => {
  test('absent or "default" is the three cdk-nag packs and the CloudFormation validator', () => {
    expect(parseGates(undefined)).toEqual(['aws-solutions', 'pci-dss', 'nist-800-53', 'cfn-validation']);
    expect(parseGates('default')).toBe(DEFAULT_GATES);
  });

  test('"all" adds the Control Tower controls, "none" selects nothing, a list selects those, in canonical order', () => {
    expect(parseGates('all')).toEqual(GATES);
    expect(parseGates('none')).toEqual([]);
    expect(parseGates('pci-dss, aws-solutions')).toEqual(['aws-solutions', 'pci-dss']);
  });

  test('fails when a name is unknown, naming it and the accepted values', () => {
    expect(() => parseGates('aws-solutions,nist', '-c gates')).toThrow(
      "-c gates: 'aws-solutions,nist' names no known gate (nist). Use all, none, default, or a comma-separated list of aws-solutions, pci-dss, nist-800-53, cfn-validation, control-tower.");
  });

  test('fails when the list is empty', () => {
    expect(() => parseGates(',')).toThrow(/names no known gate \(empty list\)/);
  });

  test('fails when the value is not a string', () => {
    expect(() => parseGates(42)).toThrow('gates: expected a comma-separated list of gates, got 42. Use e.g. -c gates=all.');
  });

  test('selectedGates reads the app context; controlTower=true adds control-tower', () => {
    expect(selectedGates(new App({ context: { gates: 'pci-dss' } }))).toEqual(['pci-dss']);
    expect(selectedGates(new App({ context: { controlTower: 'true' } }))).toEqual([...DEFAULT_GATES, 'control-tower']);
    expect(selectedGates(new App())).toBe(DEFAULT_GATES);
  });
});

describe('addComplianceChecks runs exactly the selected packs', () => {
  test('default: both packs report the bare bucket', () => {
    const error = synthError({});
    expect(error).toMatch(/AwsSolutions-S1\b/);
    expect(error).toMatch(/PCI\.DSS\.321-S3BucketLoggingEnabled/);
  });

  test('only pci-dss: the AwsSolutions pack does not run', () => {
    const error = synthError({ gates: ['pci-dss'] });
    expect(error).toMatch(/PCI\.DSS\.321-S3BucketLoggingEnabled/);
    expect(error).not.toMatch(/AwsSolutions-/);
  });

  test('only aws-solutions: the PCI DSS pack does not run', () => {
    const error = synthError({ gates: ['aws-solutions'] });
    expect(error).toMatch(/AwsSolutions-S1\b/);
    expect(error).not.toMatch(/PCI\.DSS/);
  });

  test('none: the synth passes (nothing checks the bucket)', () => {
    expect(synthError({ gates: [] })).toBe('');
  });
});
