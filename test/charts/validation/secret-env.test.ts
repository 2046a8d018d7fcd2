import { Testing } from 'cdk8s';
import { examplePlatformConfig } from '../../../bin/example-config';
import { resolvePlatformConfig } from '../../../lib/config/resolve';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { K8S_SECRETS } from '../../../charts/lib/external-secrets';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { workloadsChartId } from '../../../charts/deploy-time';
import { drivoPayCharts } from '../../../examples/drivopay/charts';
import { veryPayCharts } from '../../../examples/verypay/charts';
import type { Manifest } from '../../support/manifests';
import { secretEnvFindings } from '../../support/secret-env';

/**
 * No credential in an environment variable, in any manifest the project synthesizes: the example's
 * chart in every region (KMS signer and the opt-in private-key signer), both examples' charts. The
 * "old shape" cases rebuild what the services had before (tokens and keys as `secretKeyRef`
 * variables, the cache URL with the token in it) through the same code and show the check sees them.
 */
const config = resolvePlatformConfig(examplePlatformConfig);
const build = (region: string, overrides: Parameters<typeof workloadsPropsFromConfig>[2] = {}, cfg = config): Manifest[] =>
  Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(cfg, region), workloadsPropsFromConfig(cfg, region, overrides))) as Manifest[];
const charts = (app: { charts: readonly unknown[] }): [string, Manifest[]][] =>
  (app.charts as Parameters<typeof Testing.synth>[0][]).map((c) => [c.node.id, Testing.synth(c) as Manifest[]]);

describe('no container reads a credential from an environment variable', () => {
  test.each(config.regions.map((r) => r.region))('the example in %s', (region) => {
    const objs = build(region);
    expect(objs.filter((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind)).length).toBeGreaterThanOrEqual(7);
    expect(secretEnvFindings(objs)).toEqual([]);
  });

  test('the opt-in private-key signer: the key is a file too', () => {
    const cfg = resolvePlatformConfig({ ...examplePlatformConfig, blockchainSigner: 'private-key' });
    const objs = build('us-east-1', {}, cfg);
    expect(secretEnvFindings(objs)).toEqual([]);
    const data = objs.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'payment-service-config') as unknown as { data: Record<string, string> };
    expect(data.data.PRIVATE_KEY_FILE).toBe('/var/run/secrets/platform/blockchain/private-key');
    expect(data.data.SIGNER_KMS_KEY_ID).toBeUndefined();
  });

  test.each([...charts(veryPayCharts('/nonexistent')), ...charts(drivoPayCharts('/nonexistent'))])('example chart %s', (_id, objs) => {
    expect(secretEnvFindings(objs)).toEqual([]);
  });
});

describe('fails on the old shape', () => {
  test('tokens and keys as secretKeyRef variables (the services before), a whole Secret as envFrom', () => {
    const objs = build('us-east-1', {
      apiGateway: { secretEnv: { REDIS_PASSWORD: { secret: K8S_SECRETS.cache, key: 'auth-token' }, JWT_SECRET: { secret: K8S_SECRETS.jwt, key: 'secret' } } },
      paymentService: { secretEnv: { PRIVATE_KEY: { secret: K8S_SECRETS.blockchain, key: 'private-key' } } },
    });
    expect(secretEnvFindings(objs)).toEqual([
      'Deployment/verypay-api/api-gateway api-gateway: JWT_SECRET (secretKeyRef jwt-secret/secret)',
      'Deployment/verypay-api/api-gateway api-gateway: REDIS_PASSWORD (secretKeyRef redis-secret/auth-token)',
      'Deployment/verypay-api/payment-service payment-service: PRIVATE_KEY (secretKeyRef blockchain-secret/private-key)',
    ]);
    const pod = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'n' }, spec: { template: { spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'redis-secret' } }] }] } } } };
    expect(secretEnvFindings([pod as Manifest])).toEqual(['Deployment/n/x c: envFrom secretRef redis-secret']);
  });

  test('a credential as plain configuration: the cache URL with its token, a literal password', () => {
    const objs = build('us-east-1', {
      apiGateway: { config: { NODE_ENV: 'production', PORT: '3000', REDIS_URL: 'rediss://:s3cr3tT0ken@cache.example.com:6379' } },
    });
    expect(secretEnvFindings(objs)).toEqual(['Deployment/verypay-api/api-gateway api-gateway: REDIS_URL (credential in ConfigMap api-gateway-config)']);
    const pod = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j', namespace: 'n' }, spec: { jobTemplate: { spec: { template: { spec: { initContainers: [
      { name: 'i', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'DB_PASSWORD_FILE', value: '/run/db' }, { name: 'PGHOST', value: 'db' }] },
    ] } } } } } };
    expect(secretEnvFindings([pod as Manifest])).toEqual(['CronJob/n/j i: DB_PASSWORD (literal credential)']);
  });
});
