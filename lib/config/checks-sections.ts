import type { ProblemList } from '../core/rules';
import { imagePushRoleName, PLATFORM_REPOSITORIES } from './naming';
import { KAFKA_MAX_PROVISIONED_THROUGHPUT } from './streaming-config';
import { streamingSchema } from './schema-streaming';
import { PRIVATE_CA_ARN } from '../streaming/kafka-tls-clients';
import type { Obj } from './checks';

/** Cross-field checks of the streaming and delivery sections (see `checks.ts`). */

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** MSK accepts at most three client subnets; the cluster spans the region's first three zones. */
export const KAFKA_MAX_ZONES = 3;

/** Zones a region's Kafka cluster spans. */
export function kafkaZones(availabilityZones: readonly string[]): string[] {
  return availabilityZones.slice(0, KAFKA_MAX_ZONES);
}

function valid<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, v: unknown): T | undefined {
  const r = schema.safeParse(v);
  return r.success ? r.data : undefined;
}

/** The smallest broker count of any region (brokers per zone × zones used). */
function smallestClusterBrokers(c: Obj, perZone: number): number | undefined {
  if (!Array.isArray(c.regions)) return undefined;
  const counts = c.regions
    .filter((r: unknown): r is { availabilityZones: unknown[] } => isObj(r) && Array.isArray(r.availabilityZones))
    .map((r) => perZone * Math.min(KAFKA_MAX_ZONES, r.availabilityZones.length));
  return counts.length > 0 ? Math.min(...counts) : undefined;
}

/** Every region has its own Private CA (in that region) for mutual TLS, and no other region is named. */
function checkStreamingTls(c: Obj, s: Obj, p: ProblemList): void {
  const tls = s.tlsClientAuthentication;
  if (!isObj(tls) || !isObj(tls.certificateAuthorityArns) || !Array.isArray(c.regions)) return;
  const arns = tls.certificateAuthorityArns as Record<string, unknown>;
  const regions = c.regions.filter(isObj).map((r) => r.region).filter((r): r is string => typeof r === 'string');
  const field = 'streaming.tlsClientAuthentication.certificateAuthorityArns';
  for (const region of regions) {
    if (!(region in arns)) p.add(field, arns, `has no Private CA for ${region}; name one for every region of the platform (MSK trusts a CA of the cluster's region)`);
  }
  for (const [region, arn] of Object.entries(arns)) {
    if (!regions.includes(region)) p.add(`${field}.${region}`, arn, `names ${region}, which is not one of the platform's regions (${regions.join(', ')}); remove it`);
    const m = typeof arn === 'string' ? PRIVATE_CA_ARN.exec(arn) : null;
    if (m && m[1] !== region) p.add(`${field}.${region}`, arn, `is a CA in ${m[1]}; name a Private CA in ${region}`);
  }
}

/** Topic names unique, replication within the brokers, throughput the broker type allows. */
export function checkStreaming(c: Obj, p: ProblemList): void {
  const s = c.streaming;
  if (!isObj(s)) return;
  checkStreamingTls(c, s, p);
  const perZone = valid(streamingSchema.shape.brokersPerZone, s.brokersPerZone);
  const brokers = perZone !== undefined ? smallestClusterBrokers(c, perZone) : undefined;
  if (Array.isArray(s.topics)) {
    const seen = new Set<unknown>();
    s.topics.forEach((t: unknown, i: number) => {
      if (!isObj(t)) return;
      if (typeof t.name === 'string' && seen.has(t.name)) p.add(`streaming.topics[${i}].name`, t.name, 'is listed twice; list each topic once');
      seen.add(t.name);
      const rf = t.replicationFactor;
      if (typeof rf === 'number' && (rf === 2 || rf === 3) && brokers !== undefined && rf > brokers) {
        p.add(`streaming.topics[${i}].replicationFactor`, rf, `exceeds the ${brokers} brokers of the smallest regional cluster; lower it or raise streaming.brokersPerZone`);
      }
    });
  }
  const type = valid(streamingSchema.shape.brokerInstanceType, s.brokerInstanceType);
  const v = s.provisionedThroughputMiBps;
  if (type === undefined || (v !== undefined && typeof v !== 'number')) return;
  const max = KAFKA_MAX_PROVISIONED_THROUGHPUT[type];
  if (v === undefined) {
    if (max === undefined) {
      p.add('streaming.provisionedThroughputMiBps', v, `defaults to 250 MiB/s, which MSK accepts only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not ${type}; ` +
        'set provisionedThroughputMiBps: false for the volume baseline or choose a larger broker type');
    }
  } else if (!Number.isFinite(v)) {
    p.add('streaming.provisionedThroughputMiBps', v, 'must be a number of MiB/s such as 250, or false for the volume baseline');
  } else if (max === undefined) {
    p.add('streaming.provisionedThroughputMiBps', v, `MSK provisions storage throughput only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not ${type}; set false, or choose a larger broker type`);
  } else if (v < 250 || v > max) {
    p.add('streaming.provisionedThroughputMiBps', v, `must be from 250 to ${max} MiB/s for ${type}`);
  }
}

function checkTrust(p: ProblemList, field: string, t: Obj): void {
  if (Array.isArray(t.branches) && Array.isArray(t.environments) && t.branches.length === 0 && t.environments.length === 0) {
    p.add(field, { branches: t.branches, environments: t.environments }, 'admits no branch and no environment, so no workflow could assume the role; name at least one');
  }
}

/** Repositories unique, pushing only to the platform's ECR repositories, role names within IAM's limit. */
export function checkDelivery(c: Obj, p: ProblemList): void {
  const d = c.delivery;
  if (!isObj(d)) return;
  const list = d.imageRepositories;
  if (Array.isArray(list)) {
    const services = new Set<unknown>([...PLATFORM_REPOSITORIES, ...(Array.isArray(c.repositories) ? c.repositories : [])]);
    const seen = new Set<unknown>();
    list.forEach((r: unknown, i: number) => {
      const field = `delivery.imageRepositories[${i}]`;
      if (!isObj(r)) return;
      if (typeof r.repository === 'string') {
        const role = typeof c.name === 'string' && typeof c.environment === 'string'
          ? imagePushRoleName({ name: c.name, environment: c.environment }, r.repository) : '';
        if (seen.has(r.repository)) {
          p.add(`${field}.repository`, r.repository, 'is listed twice; give each repository one entry with every ECR repository it pushes to');
        } else if (role.length > 64) {
          p.add(`${field}.repository`, r.repository, `gives the IAM role name '${role}' over 64 characters; shorten the repository, name or environment`);
        }
        seen.add(r.repository);
      }
      if (Array.isArray(r.pushTo)) {
        r.pushTo.forEach((s: unknown, j: number) => {
          if (!services.has(s)) p.add(`${field}.pushTo[${j}]`, s, `is not one of the platform's ECR repositories (${[...services].join(', ')}); add it to repositories or fix the name`);
        });
      }
      checkTrust(p, field, r);
    });
  }
  if (isObj(d.deployRepository)) checkTrust(p, 'delivery.deployRepository', d.deployRepository);
  if (d.imageRepositories === undefined && d.deployRepository === undefined) {
    p.add('delivery', d, 'creates no role: give imageRepositories, deployRepository or both (or omit delivery)');
  }
}
