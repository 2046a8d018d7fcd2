import { App } from 'aws-cdk-lib';
import * as fs from 'fs';
import * as path from 'path';
import { examplePlatformConfig } from '../../bin/example-config';
import { loadCatalog } from '../../examples/catalogs/load';
import { drivoPayConfig, drivoPayWorkloads } from '../../examples/drivopay/config';
import { CLUSTER_PREREQUISITES } from '../../lib/core/cluster-prerequisites';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { withToday } from '../support/fixtures';
import { checkReferences, clusterContents, danglingReferences, describeDangling, type ClusterContents } from '../support/reference-integrity';
import { examplePlatform, TODAY } from './platform-fixture';

/**
 * Reference integrity: in every region of the example platform, of DrivoPay's platform and of
 * Advancia's catalog on the platform, every object a pod (or an add-on's values, an
 * ExternalSecret, a SecretStore, a Pod Identity association) references exists in what the
 * regional stack applies, or is a declared prerequisite (`CLUSTER_PREREQUISITES`, in the README).
 * Shown to fail on the defect it exists for: the `contract-artifacts` ConfigMap nothing created,
 * a missing PriorityClass, a missing StorageClass.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

/** Each regional stack's cluster contents, by stack name. */
function regionalContents(platform: PaymentPlatform, app: App): Map<string, ClusterContents> {
  const assembly = app.synth();
  return new Map(platform.regionalStacks.map((s) => [s.stackName, clusterContents(assembly.getStackByName(s.stackName).template as Json)]));
}

let example: Map<string, ClusterContents>;
let catalogs: Map<string, ClusterContents>;
beforeAll(() => {
  const ex = examplePlatform();
  example = new Map(ex.platform.regionalStacks.map((s) => [s.stackName, clusterContents(ex.assembly.getStackByName(s.stackName).template as Json)]));
  const drivo = new App({ context: { ...cdkJson.context } });
  const drivoPlatform = new PaymentPlatform(withToday(drivo, TODAY), drivoPayConfig, { workloads: ({ region }) => drivoPayWorkloads(region) });
  const advancia = new App({ context: { ...cdkJson.context } });
  const advanciaConfig = { ...examplePlatformConfig, name: 'advancia', blockchain: false, regions: [examplePlatformConfig.regions[0]] };
  const advanciaPlatform = new PaymentPlatform(withToday(advancia, TODAY), advanciaConfig, {
    workloads: ({ region }) => ({ builtInServices: false, services: loadCatalog('advancia.yaml', `${advanciaConfig.account}.dkr.ecr.${region}.amazonaws.com/advancia`) }),
  });
  catalogs = new Map([...[...regionalContents(drivoPlatform, drivo)].map(([k, v]) => [`drivopay ${k}`, v] as const),
    ...[...regionalContents(advanciaPlatform, advancia)].map(([k, v]) => [`advancia ${k}`, v] as const)]);
});

const regionOf = (m: Map<string, ClusterContents>, name: string) => m.get(name)!;
const without = (c: ClusterContents, drop: (o: Json) => boolean): ClusterContents => ({ ...c, objects: c.objects.filter((o) => !drop(o)) });
const refs = (c: ClusterContents) => checkReferences(c).checked.map(describeDangling);

describe('every reference resolves: the default platform starts', () => {
  test('the example: every region', () => {
    expect([...example.keys()]).toEqual(['PaymentPlatform-us-east-1', 'PaymentPlatform-eu-west-1', 'PaymentPlatform-ap-southeast-1']);
    for (const [stack, contents] of example) expect([stack, danglingReferences(contents).map(describeDangling)]).toEqual([stack, []]);
  });

  test('DrivoPay (both regions) and Advancia: the seed catalogs on the platform', () => {
    expect([...catalogs.keys()]).toEqual(['drivopay PaymentPlatform-ap-south-1', 'drivopay PaymentPlatform-ap-south-2', 'advancia PaymentPlatform-us-east-1']);
    for (const [stack, contents] of catalogs) expect([stack, danglingReferences(contents).map(describeDangling)]).toEqual([stack, []]);
  });

  test('the model sees the references it must check (pod volumes, env, classes, stores, add-on values, Pod Identity)', () => {
    const checked = refs(regionOf(example, 'PaymentPlatform-eu-west-1'));
    expect(checked).toEqual(expect.arrayContaining([
      'Deployment verypay-api/payment-service → ConfigMap verypay-api/contract-artifacts (volumes[2].configMap)',
      'Deployment verypay-api/payment-service → ConfigMap verypay-api/payment-service-config (containers[0].envFrom[0].configMapRef)',
      'Deployment verypay-api/payment-service → Secret verypay-api/webhook-secret (volumes[4].secret)',
      'Deployment verypay-api/payment-service → PriorityClass verypay-payment (priorityClassName)',
      'Deployment verypay-api/api-gateway → ServiceAccount verypay-api/api-gateway (serviceAccountName)',
      'StatefulSet verypay-blockchain/geth → StorageClass gp3-csi (volumeClaimTemplates geth-data)',
      'StatefulSet verypay-blockchain/geth → PriorityClass verypay-blockchain (priorityClassName)',
      'CronJob verypay-jobs/postgres-backup → PriorityClass verypay-batch (priorityClassName)',
      'ExternalSecret verypay-api/jwt-secret → SecretStore verypay-api/aws-secrets-manager (spec.secretStoreRef)',
      'SecretStore verypay-api/aws-secrets-manager → ServiceAccount verypay-api/secrets-reader (spec.provider.aws.auth.jwt.serviceAccountRef)',
      'HelmRelease kube-prometheus-stack/kube-prometheus-stack → StorageClass gp3 (values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName)',
      'HelmRelease kube-prometheus-stack/kube-prometheus-stack → Secret kube-prometheus-stack/grafana-admin (values.grafana.admin.existingSecret)',
      'PodIdentityAssociation kube-prometheus-stack/alertmanager → ServiceAccount kube-prometheus-stack/alertmanager (ServiceAccount)',
    ]));
    // DrivoPay's catalog services read their synced secrets and run in their namespace with the payment priority.
    const drivo = refs(regionOf(catalogs, 'drivopay PaymentPlatform-ap-south-1'));
    expect(drivo.filter((r) => r.startsWith('Deployment drivopay-prod/') && r.includes('→ PriorityClass drivopay-payment'))).toHaveLength(10);
    expect(drivo.some((r) => /^Deployment drivopay-prod\/\S+ → Secret drivopay-prod\/\S+ \(volumes\[\d+\]\.secret\)$/.test(r))).toBe(true);
  });
});

describe('the model catches what would keep a pod from starting', () => {
  const eu = () => regionOf(example, 'PaymentPlatform-eu-west-1');

  test('the old defect: payment-service mounts a contract-artifacts ConfigMap nothing creates', () => {
    const before = without(eu(), (o) => o.kind === 'ConfigMap' && o.metadata.name === 'contract-artifacts');
    expect(danglingReferences(before).map(describeDangling)).toEqual([
      'Deployment verypay-api/payment-service → ConfigMap verypay-api/contract-artifacts (volumes[2].configMap)',
    ]);
  });

  test('a missing PriorityClass (pods are rejected at admission)', () => {
    const dangling = danglingReferences(without(eu(), (o) => o.kind === 'PriorityClass' && o.metadata.name === 'verypay-payment')).map(describeDangling);
    expect(dangling).toEqual([
      'Deployment verypay-api/api-gateway → PriorityClass verypay-payment (priorityClassName)',
      'Deployment verypay-api/payment-service → PriorityClass verypay-payment (priorityClassName)',
    ]);
    // A catalog service naming a class nobody creates (ServiceSpec.priorityClassName) is caught the same way.
    const renamed = eu().objects.map((o) => (o.kind === 'Deployment' && o.metadata.name === 'api-gateway'
      ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, priorityClassName: 'critical' } } } } : o));
    expect(danglingReferences({ ...eu(), objects: renamed }).map(describeDangling)).toEqual(['Deployment verypay-api/api-gateway → PriorityClass critical (priorityClassName)']);
  });

  test('a missing StorageClass (claims stay Pending): geth\'s claim templates and the add-on values', () => {
    const dangling = danglingReferences(without(eu(), (o) => o.kind === 'StorageClass')).map(describeDangling);
    expect(dangling).toEqual([
      'StatefulSet verypay-blockchain/geth → StorageClass gp3-csi (volumeClaimTemplates geth-data)',
      'StatefulSet verypay-blockchain/geth → StorageClass gp3-csi (volumeClaimTemplates beacon-data)',
      'HelmRelease kube-prometheus-stack/kube-prometheus-stack → StorageClass gp3 (values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName)',
    ]);
    // A claim without a class needs a default StorageClass.
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'scratch', namespace: 'verypay-jobs' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect(danglingReferences({ ...eu(), objects: [...eu().objects, claim] })).toEqual([]);
    const noDefault = eu().objects.filter((o) => o.kind !== 'StorageClass' || o.metadata.name !== 'gp3');
    expect(danglingReferences({ ...eu(), objects: [...noDefault, claim] }).map(describeDangling)).toContain('PersistentVolumeClaim verypay-jobs/scratch → StorageClass (default) (spec.storageClassName)');
  });

  test('an ExternalSecret whose store is missing produces no Secret: the store and every consumer are reported', () => {
    const dangling = danglingReferences(without(eu(), (o) => o.kind === 'SecretStore' && o.metadata.namespace === 'verypay-api')).map(describeDangling);
    expect(dangling).toEqual(expect.arrayContaining([
      'ExternalSecret verypay-api/jwt-secret → SecretStore verypay-api/aws-secrets-manager (spec.secretStoreRef)',
      'Deployment verypay-api/api-gateway → Secret verypay-api/jwt-secret (volumes[3].secret)',
    ]));
  });

  test('ServiceAccounts: a pod\'s, a SecretStore\'s, and one a Pod Identity association names that no chart creates', () => {
    const dangling = danglingReferences(without(eu(), (o) => o.kind === 'ServiceAccount' && ['secrets-reader', 'payment-service'].includes(o.metadata.name) && o.metadata.namespace === 'verypay-api'))
      .map(describeDangling);
    expect(dangling).toEqual([
      'SecretStore verypay-api/aws-secrets-manager → ServiceAccount verypay-api/secrets-reader (spec.provider.aws.auth.jwt.serviceAccountRef)',
      'Deployment verypay-api/payment-service → ServiceAccount verypay-api/payment-service (serviceAccountName)',
      'PodIdentityAssociation verypay-api/payment-service → ServiceAccount verypay-api/payment-service (ServiceAccount)',
    ]);
    const releases = eu().releases.map((r) => (r.chart === 'kube-prometheus-stack' ? { ...r, values: { ...r.values, alertmanager: { ...r.values.alertmanager, serviceAccount: { create: true } } } } : r));
    expect(danglingReferences({ ...eu(), releases }).map(describeDangling)).toEqual(['PodIdentityAssociation kube-prometheus-stack/alertmanager → ServiceAccount kube-prometheus-stack/alertmanager (ServiceAccount)']);
  });

  test('imagePullSecrets, env secretKeyRef and projected sources; optional references are not required', () => {
    const pod = (spec: Json) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', namespace: 'verypay-api' }, spec: { serviceAccountName: 'api-gateway', ...spec } });
    const run = (spec: Json) => danglingReferences({ ...eu(), objects: [...eu().objects, pod(spec)] }).map(describeDangling);
    expect(run({ imagePullSecrets: [{ name: 'regcred' }], containers: [{ name: 'c', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'api-keys', key: 'k' } } }] }],
      volumes: [{ name: 'p', projected: { sources: [{ configMap: { name: 'bundle' } }, { secret: { name: 'jwt-secret' } }] } }] })).toEqual([
      'Pod verypay-api/probe → Secret verypay-api/regcred (imagePullSecrets[0])',
      'Pod verypay-api/probe → Secret verypay-api/api-keys (containers[0].env[0].valueFrom.secretKeyRef)',
      'Pod verypay-api/probe → ConfigMap verypay-api/bundle (volumes[0].projected.sources[0].configMap)',
    ]);
    expect(run({ containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'maybe', optional: true } }] }], volumes: [{ name: 'ca', configMap: { name: 'kube-root-ca.crt' } }] })).toEqual([]);
  });

  test('an object in a namespace nothing creates', () => {
    const stray = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'verypay-reporting' }, data: {} };
    expect(danglingReferences({ ...eu(), objects: [...eu().objects, stray] }).map(describeDangling)).toEqual(['ConfigMap verypay-reporting/x → Namespace verypay-reporting (metadata.namespace)']);
  });
});

describe('declared prerequisites: one list, in the README', () => {
  test('only objects Kubernetes creates in every cluster; the README lists each', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('**What a pod may reference.**'));
    expect(section.length).toBeLessThan(readme.length);
    for (const p of CLUSTER_PREREQUISITES) expect([p.kind, p.name, section.includes(`\`${p.name}\``)]).toEqual([p.kind, p.name, true]);
    expect(CLUSTER_PREREQUISITES.map((p) => `${p.kind} ${p.name}`)).toEqual([
      'Namespace default', 'Namespace kube-system', 'Namespace kube-public', 'Namespace kube-node-lease',
      'ServiceAccount default', 'ConfigMap kube-root-ca.crt', 'PriorityClass system-cluster-critical', 'PriorityClass system-node-critical',
    ]);
  });
});
