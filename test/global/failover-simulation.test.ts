/*
 * Failover simulation: for each secondary promoted, every endpoint and secret its workloads read
 * resolves to a resource that exists and is reachable from that region (test/support/failover-model.ts).
 */
import { examplePlatform } from '../app/platform-fixture';
import { auroraInstanceStatus, gateAnswer } from '../support/aurora-global';
import { FailoverModel, type Finding } from '../support/failover-model';

/* eslint-disable @typescript-eslint/no-explicit-any */
const PRIMARY = 'us-east-1';
const SECONDARIES = ['eu-west-1', 'ap-southeast-1'];
const SHARED = ['verypay-api/jwt-secret:secret', 'verypay-api/webhook-secret:secret', 'verypay-api/blockchain-secret:private-key'];
// The database clients' hosts are plain configuration (they log in with IAM tokens, no secret).
const WRITER_READS = [
  'verypay-api/api-gateway-config:PGHOST', 'verypay-api/payment-service-config:PGHOST',
  'verypay-jobs/postgres-backup/token:PGHOST', 'verypay-jobs/postgres-backup/dump:PGHOST',
];
/** The services' writer reads: a standby's services take no traffic until promoted. The dump job's are behind its writer gate. */
const SERVING_WRITER_READS = WRITER_READS.filter((c) => !c.includes('postgres-backup'));

let model: FailoverModel;
beforeAll(() => {
  model = FailoverModel.fromAssembly(examplePlatform().assembly);
});

const consumers = (findings: Finding[]) => findings.map((f) => f.consumer).sort();

describe('failover simulation (the example platform)', () => {
  test('every region reads the writer through the global writer endpoint and reads from its own reader endpoint', () => {
    for (const region of [PRIMARY, ...SECONDARIES]) {
      const reads = model.regionReads(region);
      const writer = reads.filter((r) => r.kind === 'database-writer');
      expect(writer.map((r) => r.consumer).sort()).toEqual(WRITER_READS.slice().sort());
      for (const r of writer) {
        expect(model.ref(r.target)).toMatchObject({ stack: 'PaymentPlatform-global', region: PRIMARY });
        expect(model.isGlobalWriterEndpoint(model.ref(r.target)!)).toBe(true);
      }
      for (const r of reads.filter((x) => x.kind === 'database-reader' || x.kind === 'cache')) expect(model.ref(r.target)?.region).toBe(region);
    }
  });

  test('steady state: the primary reads everything; a standby reaches everything but the writer (it takes no traffic until promoted)', () => {
    const state = { writerRegion: PRIMARY, lostRegions: [] };
    expect(model.check(PRIMARY, state)).toEqual([]);
    for (const region of SECONDARIES) {
      const findings = model.check(region, state);
      expect(consumers(findings)).toEqual(SERVING_WRITER_READS.slice().sort());
      expect(findings[0].problem).toBe(`resolves to instances in ${PRIMARY}'s VPC, with no network path from ${region}`);
    }
  });

  test.each(SECONDARIES)('outage: %s promoted with the primary region lost: every endpoint and secret resolves in the region', (region) => {
    expect(model.check(region, { writerRegion: region, lostRegions: [PRIMARY] })).toEqual([]);
  });

  test.each(SECONDARIES)('planned switchover to %s: it serves; the old primary can no longer write (traffic must move first)', (region) => {
    const state = { writerRegion: region, lostRegions: [] };
    expect(model.check(region, state)).toEqual([]);
    expect(consumers(model.check(PRIMARY, state))).toEqual(SERVING_WRITER_READS.slice().sort());
  });

  test('the dump job reads the writer only behind a writer gate that asks the region\'s own reader endpoint', () => {
    for (const region of [PRIMARY, ...SECONDARIES]) {
      const job = model.regionReads(region).filter((r) => r.consumer.includes('postgres-backup'));
      const gate = job.find((r) => r.consumer.endsWith(':BACKUP_WRITER_GATE_HOST') && r.consumer.includes('/dump:'));
      expect(gate).toMatchObject({ kind: 'database-reader' });
      expect(model.ref(gate!.target)).toMatchObject({ region, type: 'AWS::RDS::DBCluster', attr: 'ReadEndpoint.Address' });
      for (const r of job.filter((x) => x.kind === 'database-writer')) expect(r.gatedBy).toBe(gate!.target);
    }
  });

  /** Where the nightly dump runs, per state: exactly the writer region, and every standby exits 0. */
  test.each([
    ['steady state', { writerRegion: PRIMARY, lostRegions: [] }],
    ['planned switchover to eu-west-1', { writerRegion: 'eu-west-1', lostRegions: [] }],
    ['planned switchover to ap-southeast-1', { writerRegion: 'ap-southeast-1', lostRegions: [] }],
    ['outage: eu-west-1 promoted, us-east-1 lost', { writerRegion: 'eu-west-1', lostRegions: [PRIMARY] }],
    ['outage: ap-southeast-1 promoted, us-east-1 lost', { writerRegion: 'ap-southeast-1', lostRegions: [PRIMARY] }],
  ])('nightly dump, %s: the writer region dumps, every standby skips', (_, state) => {
    const alive = [PRIMARY, ...SECONDARIES].filter((r) => !state.lostRegions.includes(r));
    const outcomes = Object.fromEntries(alive.map((r) => [r, model.backupOutcome(r, state)]));
    expect(outcomes).toEqual(Object.fromEntries(alive.map((r) => [r, r === state.writerRegion ? { dumps: true } : { skips: `the writer is in ${state.writerRegion}` }])));
    expect(gateAnswer(auroraInstanceStatus(model.databaseRegions(), state))).toBe(state.writerRegion);
  });

  test('shared secrets are the one secret the primary created (replicated); regional ones are each region\'s own', () => {
    for (const region of SECONDARIES) {
      for (const consumer of SHARED) expect([region, model.secretOrigin(region, consumer)]).toEqual([region, model.secretOrigin(PRIMARY, consumer)]);
      // The master credential never enters a cluster: no workload of any region reads it.
      expect(model.regionReads(region).filter((r) => r.kind === 'secret' && r.target.includes('database/master'))).toEqual([]);
      for (const consumer of ['verypay-api/redis-secret:token', 'verypay-api/blockchain-secret:provider-url']) {
        expect(model.secretOrigin(region, consumer)).toMatch(new RegExp(`^PaymentPlatform-${region}/`));
      }
    }
  });
});

/** Edits of the synthesized templates that put a defect back, so the model shows it catches it. */
describe('failover simulation catches', () => {
  const promoted = { writerRegion: 'eu-west-1', lostRegions: [PRIMARY] };

  function edit(change: (t: ReturnType<FailoverModel['templates']>) => void): FailoverModel {
    const templates = model.templates();
    change(templates);
    return FailoverModel.fromTemplates(templates);
  }
  const stackOf = (t: ReturnType<FailoverModel['templates']>, name: string) => t.find((s) => s.name === name)!.template;
  /** Replaces parts of every applied manifest's Fn::Join. */
  function mapManifestParts(template: any, f: (part: any) => any): void {
    for (const r of Object.values<any>(template.Resources)) {
      if (r.Type !== 'Custom::AWSCDK-EKS-KubernetesResource' || !r.Properties.Manifest?.['Fn::Join']) continue;
      r.Properties.Manifest['Fn::Join'][1] = r.Properties.Manifest['Fn::Join'][1].map(f);
    }
  }

  test('the database secret naming the primary\'s writer (the code as it was: the master secret\'s host)', () => {
    const broken = edit((t) => {
      const primary = stackOf(t, `PaymentPlatform-${PRIMARY}`);
      const cluster = Object.keys(primary.Resources).find((id) => primary.Resources[id].Type === 'AWS::RDS::DBCluster')!;
      primary.Outputs.PrimaryWriter = { Value: { 'Fn::GetAtt': [cluster, 'Endpoint.Address'] } };
      mapManifestParts(stackOf(t, 'PaymentPlatform-eu-west-1'), (p) => (JSON.stringify(p).includes('PaymentPlatform-global') && JSON.stringify(p).includes('WriterEndpoint')
        ? { 'Fn::GetStackOutput': { StackName: `PaymentPlatform-${PRIMARY}`, Region: PRIMARY, OutputName: 'PrimaryWriter' } } : p));
    });
    const findings = broken.check('eu-west-1', promoted);
    expect(consumers(findings)).toEqual(WRITER_READS.slice().sort());
    expect(findings[0].problem).toBe(`names the cluster endpoint of the ${PRIMARY} cluster, which is inactive while eu-west-1 is the writer region`);
    expect(consumers(broken.check('eu-west-1', { writerRegion: PRIMARY, lostRegions: [PRIMARY] }))).toEqual(WRITER_READS.slice().sort());
  });

  test('shared secrets that are not replicated into the region', () => {
    const broken = edit((t) => {
      const primary = stackOf(t, `PaymentPlatform-${PRIMARY}`);
      for (const r of Object.values<any>(primary.Resources)) {
        if (r.Type === 'AWS::SecretsManager::Secret' && /app\/jwt-signing-key$/.test(r.Properties.Name)) delete r.Properties.ReplicaRegions;
      }
    });
    expect(broken.check('eu-west-1', promoted)).toEqual([
      { region: 'eu-west-1', consumer: 'verypay-api/jwt-secret:secret', problem: `secret 'verypay/prod/${PRIMARY}/app/jwt-signing-key' does not exist in eu-west-1` },
    ]);
  });

  test('a region with its own JWT signing key (the code as it was): exists, but is not the primary\'s', () => {
    const broken = edit((t) => {
      const eu = stackOf(t, 'PaymentPlatform-eu-west-1');
      eu.Resources.OwnJwt = { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'verypay/prod/eu-west-1/app/jwt-signing-key' } };
      mapManifestParts(eu, (p) => (typeof p === 'string' ? p.replace(`verypay/prod/${PRIMARY}/app/jwt-signing-key`, 'verypay/prod/eu-west-1/app/jwt-signing-key') : p));
    });
    expect(broken.check('eu-west-1', promoted)).toEqual([]);
    expect(broken.secretOrigin('eu-west-1', 'verypay-api/jwt-secret:secret')).toBe('PaymentPlatform-eu-west-1/OwnJwt');
    expect(broken.secretOrigin('eu-west-1', 'verypay-api/jwt-secret:secret')).not.toBe(broken.secretOrigin(PRIMARY, 'verypay-api/jwt-secret:secret'));
  });

  test('the dump job without its writer gate (the code as it was): it fails nightly in every standby', () => {
    const ungated = edit((t) => {
      for (const region of SECONDARIES) {
        mapManifestParts(stackOf(t, `PaymentPlatform-${region}`), (p) => (typeof p === 'string' ? p.replace(/"BACKUP_WRITER_GATE_HOST"/g, '"UNUSED"') : p));
      }
    });
    const steady = { writerRegion: PRIMARY, lostRegions: [] };
    expect(ungated.backupOutcome(PRIMARY, steady)).toEqual({ dumps: true });
    for (const region of SECONDARIES) {
      expect(ungated.backupOutcome(region, steady)).toEqual({
        fails: `verypay-jobs/postgres-backup/token:PGHOST resolves to instances in ${PRIMARY}'s VPC, with no network path from ${region}`,
      });
      expect(consumers(ungated.check(region, steady))).toEqual(WRITER_READS.slice().sort());
    }
  });

  test('a writer gate that asks the global writer endpoint instead of the region\'s reader: it fails in a standby', () => {
    const wrongGate = edit((t) => {
      const eu = stackOf(t, 'PaymentPlatform-eu-west-1');
      for (const r of Object.values<any>(eu.Resources)) {
        const parts = r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' ? r.Properties.Manifest?.['Fn::Join']?.[1] : undefined;
        if (!parts) continue;
        const writer = parts.find((p: any) => JSON.stringify(p).includes('PaymentPlatform-global'));
        for (let i = 1; i < parts.length; i++) {
          if (typeof parts[i - 1] === 'string' && parts[i - 1].endsWith('"BACKUP_WRITER_GATE_HOST","value":"') && writer) parts[i] = writer;
        }
      }
    });
    expect(wrongGate.backupOutcome('eu-west-1', { writerRegion: PRIMARY, lostRegions: [] }))
      .toEqual({ fails: `writer gate asks instances in ${PRIMARY}'s VPC, with no network path from eu-west-1` });
  });

  test('a database that does not admit the cluster', () => {
    const broken = edit((t) => {
      const eu = stackOf(t, 'PaymentPlatform-eu-west-1');
      for (const [id, r] of Object.entries<any>(eu.Resources)) {
        if (r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 5432) delete eu.Resources[id];
      }
    });
    const findings = broken.check('eu-west-1', promoted);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.problem))).toEqual(new Set(['the eu-west-1 database does not admit the EKS cluster on 5432']));
  });

  test('and a deliberate network path would be honoured (a peering makes the standby reach the primary)', () => {
    const peered = edit((t) => {
      stackOf(t, 'PaymentPlatform-eu-west-1').Resources.Peering = { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { PeerRegion: PRIMARY } };
    });
    // The security group of the primary's database still admits only its own cluster.
    expect(new Set(peered.check('eu-west-1', { writerRegion: PRIMARY, lostRegions: [] }).map((f) => f.problem)))
      .toEqual(new Set([`the ${PRIMARY} database does not admit the EKS cluster on 5432`]));
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
