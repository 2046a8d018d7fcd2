import { Template } from 'aws-cdk-lib/assertions';
import { drivoPayApp } from '../../examples/drivopay/app';
import { veryPayApp } from '../../examples/verypay/app';
import { nagFindings } from '../support/compliance';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };
/** The project's feature flags; the built-in CloudFormation validator runs in `npm run examples`, not here. */
const appProps = { context: { ...cdkJson.context }, builtinCloudFormationValidation: false } as const;

/** The synthesized template of a stack, synthesizing the app (and running its validation plugins) once. */
function templates(app: import('aws-cdk-lib').App): (stack: import('aws-cdk-lib').Stack) => Template {
  let assembly: import('aws-cdk-lib/cx-api').CloudAssembly | undefined;
  return (stack) => Template.fromJSON((assembly ??= app.synth()).getStackArtifact(stack.artifactId).template);
}

/** Kubernetes manifests applied by a regional stack, as one string (the kubectl provider's custom resources). */
function appliedManifests(template: Template): string {
  return JSON.stringify(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'));
}

describe('examples/verypay CDK app', () => {
  const { app, platform } = veryPayApp(appProps);
  const template = templates(app);

  test('the global and account security stacks, and a base, a main and a security stack per region', () => {
    expect(app.node.children.map((c) => c.node.id).filter((id) => id.startsWith('PaymentPlatform-')).sort()).toEqual([
      'PaymentPlatform-ap-southeast-1', 'PaymentPlatform-ap-southeast-1-base', 'PaymentPlatform-ap-southeast-1-security',
      'PaymentPlatform-eu-west-1', 'PaymentPlatform-eu-west-1-base', 'PaymentPlatform-eu-west-1-security',
      'PaymentPlatform-global', 'PaymentPlatform-registry-replication', 'PaymentPlatform-security',
      'PaymentPlatform-us-east-1', 'PaymentPlatform-us-east-1-base', 'PaymentPlatform-us-east-1-security',
    ]);
    expect(platform.regionalStacks.map((s) => s.regionConfig.role)).toEqual(['primary', 'secondary', 'secondary']);
  });

  test('every cluster applies the workloads with geth', () => {
    for (const stack of platform.regionalStacks) {
      const manifests = appliedManifests(template(stack));
      expect(manifests).toContain('StatefulSet');
      expect(manifests).toContain('ethereum/client-go');
      expect(manifests).toContain('payment-service');
    }
  });

  test('no unacknowledged AwsSolutions or PCI DSS 3.2.1 finding', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('examples/drivopay CDK app', () => {
  const { app, platform } = drivoPayApp(appProps);
  const template = templates(app);

  test('two regional stacks in India', () => {
    expect(platform.regionalStacks.map((s) => s.stackName)).toEqual(['PaymentPlatform-ap-south-1', 'PaymentPlatform-ap-south-2']);
  });

  test('the configuration turns the blockchain off', () => {
    expect(platform.config.blockchain).toBe(false);
    expect(Object.keys(platform.config.cluster.nodeGroups)).toEqual(['system', 'api', 'worker']);
  });

  test('every cluster applies the ten-service catalog and nothing of the blockchain', () => {
    for (const stack of platform.regionalStacks) {
      const manifests = appliedManifests(template(stack));
      for (const service of ['wallet-service', 'transaction-service', 'core-api', 'web-dashboard', 'audit-service']) expect(manifests).toContain(service);
      expect(manifests).not.toMatch(/geth|lighthouse|blockchain/);
    }
  });

  test('no blockchain node group and no blockchain secrets in any region; the shared app secrets live in the primary, replicated', () => {
    const primary = platform.regionalStacks.find((s) => s.regionConfig.role === 'primary')!;
    for (const stack of platform.regionalStacks) {
      const t = template(stack);
      const nodegroups = Object.values(t.findResources('AWS::EKS::Nodegroup')).map((r) => (r.Properties as { Labels: { role: string } }).Labels.role).sort();
      expect(nodegroups).toEqual(['api', 'system', 'worker']);
      const secrets = Object.values(t.findResources('AWS::SecretsManager::Secret')).map((r) => (r.Properties as { Name?: string }).Name);
      const shared = [`drivopay/prod/${primary.region}/app/jwt-signing-key`, `drivopay/prod/${primary.region}/app/webhook-secret`];
      if (stack === primary) expect(secrets).toEqual(expect.arrayContaining(shared));
      else expect(secrets.filter((n) => /\/app\//.test(n ?? ''))).toEqual([]);
      expect(JSON.stringify(secrets)).not.toMatch(/blockchain/);
      expect(JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy'))).not.toMatch(/blockchain/);
    }
  });

  test('every region has an ECR repository for each of the ten services', () => {
    for (const stack of platform.regionalStacks) {
      const repos = Object.values(template(stack).findResources('AWS::ECR::Repository')).map((r) => (r.Properties as { RepositoryName: string }).RepositoryName).sort();
      expect(repos).toEqual([
        'api-gateway', 'audit-service', 'auth-service', 'core-api', 'notification-service', 'payment-service',
        'platform-integration-service', 'transaction-service', 'wallet-service', 'web-dashboard',
      ].map((s) => `drivopay/${s}`));
    }
  });

  test('no unacknowledged AwsSolutions or PCI DSS 3.2.1 finding', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});
