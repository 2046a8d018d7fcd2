import { App } from 'aws-cdk-lib';
import { drivoPayConfig, drivoPayWorkloads } from '../../examples/drivopay/config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { ReachabilityModel } from '../support/reachability';
import { withToday } from '../support/fixtures';
import { TODAY } from './platform-fixture';

/**
 * DrivoPay's seed catalog on the platform (one region): what each service declared is reachable at
 * run time and nothing else is (the reachability model over the synthesized template and the
 * applied objects), and every ServiceAccount that has a role is associated in its own namespace.
 * Each property is shown to fail on the defect it guards.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

let template: Json;
let objects: Json[];
let model: ReachabilityModel;
beforeAll(() => {
  const app = new App({ context: { ...cdkJson.context } });
  const platform = new PaymentPlatform(withToday(app, TODAY), { ...drivoPayConfig, regions: [drivoPayConfig.regions[0]] },
    { workloads: ({ region }) => drivoPayWorkloads(region) });
  const stack = platform.regionalStack('ap-south-1');
  template = JSON.parse(JSON.stringify(app.synth().getStackByName(stack.stackName).template));
  objects = stack.workloads!.toJson();
  model = ReachabilityModel.of(template, objects);
});

const pod = (name: string) => `drivopay-prod/${name}`;
const DB_CLIENTS = ['audit-service', 'auth-service', 'payment-service', 'platform-integration-service', 'transaction-service', 'wallet-service'];
const CATALOG = [...DB_CLIENTS, 'api-gateway', 'core-api', 'notification-service', 'web-dashboard'].sort();

describe('reachability follows the declarations', () => {
  test('policies are enforced', () => expect(model.enforced).toBe(true));

  test('PostgreSQL: exactly the services that declared the database', () => {
    expect(CATALOG.filter((s) => model.can(pod(s), 'postgres'))).toEqual(DB_CLIENTS);
  });

  test('the cache: exactly the services that declared it', () => {
    expect(CATALOG.filter((s) => model.can(pod(s), 'cache'))).toEqual(['api-gateway', 'auth-service', 'wallet-service']);
  });

  test('the internet on 443: exactly the services with provider hosts', () => {
    expect(CATALOG.filter((s) => model.can(pod(s), 'internet'))).toEqual(['auth-service', 'notification-service', 'payment-service']);
  });

  test('service calls: declared ones connect, undeclared ones do not', () => {
    expect(model.can(pod('platform-integration-service'), { pod: pod('wallet-service'), port: 4002 })).toBe(true);
    expect(model.can(pod('web-dashboard'), { pod: pod('api-gateway'), port: 3000 })).toBe(true);
    expect(model.can(pod('payment-service'), { pod: pod('transaction-service'), port: 4004 })).toBe(true);
    expect(model.can(pod('notification-service'), { pod: pod('wallet-service'), port: 4002 })).toBe(false);
    expect(model.can(pod('transaction-service'), { pod: pod('payment-service'), port: 4003 })).toBe(false);
    expect(model.can(pod('core-api'), { pod: pod('audit-service'), port: 4007 })).toBe(false);
  });

  test('fails when the derivation drops a declared dependency (payment-service without its data-tier egress)', () => {
    const broken = objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'payment-service' && o.metadata.namespace === 'drivopay-prod'
      ? { ...o, spec: { ...o.spec, egress: o.spec.egress.filter((r: Json) => !(r.ports ?? []).some((p: Json) => p.port === 5432)) } } : o));
    expect(ReachabilityModel.of(template, broken).can(pod('payment-service'), 'postgres')).toBe(false);
  });

  test('fails when the derivation over-allows (notification-service with allow-all egress)', () => {
    const broken = objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'notification-service' ? { ...o, spec: { ...o.spec, egress: [{}] } } : o));
    const m = ReachabilityModel.of(template, broken);
    expect(m.can(pod('notification-service'), 'postgres')).toBe(true);
    expect(m.can(pod('notification-service'), { pod: pod('wallet-service'), port: 4002 })).toBe(false); // wallet's ingress still refuses
  });
});

/** Pod Identity associations whose (namespace, service account) has no ServiceAccount among the applied objects. */
function strandedAssociations(tpl: Json, objs: Json[], namespaces: readonly string[]): string[] {
  const sas = new Set(objs.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
  return Object.values(tpl.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation')
    .map((r) => `${r.Properties.Namespace}/${r.Properties.ServiceAccount}`)
    .filter((id) => namespaces.includes(id.split('/')[0]) || !namespaces.some(Boolean))
    .filter((id) => !sas.has(id)).sort();
}

describe('Pod Identity associations follow the ServiceAccount', () => {
  const associations = () => Object.values(template.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation')
    .map((r) => `${r.Properties.Namespace}/${r.Properties.ServiceAccount}`);

  test('every database client of the catalog has an association in its own namespace', () => {
    expect(associations()).toEqual(expect.arrayContaining(DB_CLIENTS.map(pod)));
  });

  test('every association in a workload namespace names a ServiceAccount that exists there', () => {
    expect(strandedAssociations(template, objects, ['drivopay-prod', 'drivopay-api', 'drivopay-jobs', 'monitoring'])).toEqual([]);
  });

  test('fails when a ServiceAccount moves namespace and its association stays behind', () => {
    const moved = objects.map((o) => (o.kind === 'ServiceAccount' && o.metadata.name === 'wallet-service' ? { ...o, metadata: { ...o.metadata, namespace: 'drivopay-wallet' } } : o));
    expect(strandedAssociations(template, moved, ['drivopay-prod'])).toEqual(['drivopay-prod/wallet-service']);
  });

  test("a catalog role may log in as its own user only; the namespace's secrets reader reads exactly its services' secrets", () => {
    const policies = Object.values(template.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
    const wallet = policies.find((p) => p.Properties.Description === 'wallet-service: log in to PostgreSQL as its own user wallet_service')!;
    expect(JSON.stringify(wallet.Properties.PolicyDocument.Statement)).toContain('dbuser:*/wallet_service');
    expect(wallet.Properties.PolicyDocument.Statement).toHaveLength(1);
    const reader = policies.find((p) => p.Properties.Description === 'Read the secrets of namespace drivopay-prod')!;
    const resources = JSON.stringify(reader.Properties.PolicyDocument.Statement[0].Resource);
    for (const s of ['services/payment-service/razorpay', 'services/notification-service/providers', 'cache/auth-token']) expect(resources).toContain(s);
    expect(reader.Properties.PolicyDocument.Statement[0].Resource).toHaveLength(3);
  });
});
