import { KAFKA_MAX_PROVISIONED_THROUGHPUT, KAFKA_VERSIONS } from './streaming-config';
import { imagePushRoleName, PLATFORM_REPOSITORIES } from './naming';

/**
 * Validation of the optional `streaming` and `delivery` sections, in the style of `validate.ts`:
 * each problem names the field, shows the value and says the fix.
 */

/** Where problems are collected (`validate.ts`'s collector). */
export interface ProblemSink {
  add(field: string, value: unknown, message: string): void;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkBoolean(p: ProblemSink, field: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') p.add(field, v, 'must be true or false (or be omitted for the default)');
}

/** MSK accepts at most three client subnets; the cluster spans the region's first three zones. */
export const KAFKA_MAX_ZONES = 3;

/** Zones a region's Kafka cluster spans. */
export function kafkaZones(availabilityZones: readonly string[]): string[] {
  return availabilityZones.slice(0, KAFKA_MAX_ZONES);
}

const BROKER_TYPE = /^kafka\.(m5\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge)|m7g\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge))$/;
const MONITORING = ['DEFAULT', 'PER_BROKER', 'PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION'];
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** The smallest broker count of any region (brokers per zone × zones used); undefined when regions are malformed. */
function smallestClusterBrokers(c: Obj, perZone: number): number | undefined {
  if (!Array.isArray(c.regions)) return undefined;
  const counts = c.regions
    .filter((r: unknown): r is { availabilityZones: unknown[] } => isObj(r) && Array.isArray(r.availabilityZones))
    .map((r) => perZone * Math.min(KAFKA_MAX_ZONES, r.availabilityZones.length));
  return counts.length > 0 ? Math.min(...counts) : undefined;
}

function checkTopics(p: ProblemSink, topics: unknown, brokers: number | undefined): void {
  if (topics === undefined) return;
  if (!Array.isArray(topics) || topics.length === 0) {
    p.add('streaming.topics', topics, "must be a non-empty list of topics such as [{ name: 'payment-events', partitions: 12 }], or be omitted for the default topic");
    return;
  }
  const seen = new Set<unknown>();
  topics.forEach((t: unknown, i: number) => {
    const field = `streaming.topics[${i}]`;
    if (!isObj(t)) {
      p.add(field, t, "must be an object such as { name: 'payment-events', partitions: 12 }");
      return;
    }
    if (typeof t.name !== 'string' || !TOPIC_NAME.test(t.name) || t.name === '.' || t.name === '..') {
      p.add(`${field}.name`, t.name, "must be 1–249 letters, digits, '.', '_' or '-', e.g. 'payment-events'");
    } else if (seen.has(t.name)) {
      p.add(`${field}.name`, t.name, 'is listed twice; list each topic once');
    }
    seen.add(t.name);
    if (!isInt(t.partitions) || t.partitions < 1 || t.partitions > 1000) {
      p.add(`${field}.partitions`, t.partitions, 'must be an integer from 1 to 1000, e.g. 12 (partitions can be added later, never removed)');
    }
    if (t.replicationFactor !== undefined) {
      if (!isInt(t.replicationFactor) || t.replicationFactor < 2 || t.replicationFactor > 3) {
        p.add(`${field}.replicationFactor`, t.replicationFactor, 'must be 2 or 3 (a single copy would lose data with one broker); use 3');
      } else if (brokers !== undefined && t.replicationFactor > brokers) {
        p.add(`${field}.replicationFactor`, t.replicationFactor, `exceeds the ${brokers} brokers of the smallest regional cluster; lower it or raise streaming.brokersPerZone`);
      }
    }
    if (t.retentionHours !== undefined && (!isInt(t.retentionHours) || t.retentionHours < 1 || t.retentionHours > 87600)) {
      p.add(`${field}.retentionHours`, t.retentionHours, 'must be an integer from 1 to 87600 (10 years), e.g. 168');
    }
  });
}

function checkThroughput(p: ProblemSink, s: Obj): void {
  const v = s.provisionedThroughputMiBps;
  if (v === undefined || v === false) {
    if (v === undefined && typeof s.brokerInstanceType === 'string' && BROKER_TYPE.test(s.brokerInstanceType)
      && KAFKA_MAX_PROVISIONED_THROUGHPUT[s.brokerInstanceType] === undefined) {
      p.add('streaming.provisionedThroughputMiBps', v, `defaults to 250 MiB/s, which MSK accepts only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not ${s.brokerInstanceType}; ` +
        'set provisionedThroughputMiBps: false for the volume baseline or choose a larger broker type');
    }
    return;
  }
  const type = typeof s.brokerInstanceType === 'string' ? s.brokerInstanceType : 'kafka.m7g.2xlarge';
  const max = KAFKA_MAX_PROVISIONED_THROUGHPUT[type];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    p.add('streaming.provisionedThroughputMiBps', v, 'must be a number of MiB/s such as 250, or false for the volume baseline');
  } else if (max === undefined) {
    p.add('streaming.provisionedThroughputMiBps', v, `MSK provisions storage throughput only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not ${type}; ` +
      'set false, or choose a larger broker type');
  } else if (v < 250 || v > max) {
    p.add('streaming.provisionedThroughputMiBps', v, `must be from 250 to ${max} MiB/s for ${type}`);
  }
}

/** Checks `config.streaming`. */
export function checkStreaming(c: Obj, p: ProblemSink): void {
  const s = c.streaming;
  if (s === undefined) return;
  if (!isObj(s)) {
    p.add('streaming', s, 'must be an object such as {} (the seeds\' defaults), or be omitted for no streaming');
    return;
  }
  if (s.kafkaVersion !== undefined && !KAFKA_VERSIONS.some((v) => v.version === s.kafkaVersion)) {
    p.add('streaming.kafkaVersion', s.kafkaVersion, `must be a Kafka version MSK accepts: one of ${KAFKA_VERSIONS.map((v) => v.version).join(', ')}; '3.9.x.kraft' is the default`);
  }
  if (s.brokerInstanceType !== undefined && (typeof s.brokerInstanceType !== 'string' || !BROKER_TYPE.test(s.brokerInstanceType))) {
    p.add('streaming.brokerInstanceType', s.brokerInstanceType, "must be an MSK Standard broker type of the m5 or m7g family, e.g. 'kafka.m7g.2xlarge'");
  }
  const perZone = s.brokersPerZone ?? 2;
  if (!isInt(perZone) || perZone < 1 || perZone > 10) {
    p.add('streaming.brokersPerZone', s.brokersPerZone, 'must be an integer from 1 to 10 (brokers in each zone), e.g. 2');
  }
  if (s.volumeSizeGiB !== undefined && (!isInt(s.volumeSizeGiB) || s.volumeSizeGiB < 1 || s.volumeSizeGiB > 16384)) {
    p.add('streaming.volumeSizeGiB', s.volumeSizeGiB, 'must be an integer from 1 to 16384 GiB per broker, e.g. 1000');
  }
  checkThroughput(p, s);
  checkBoolean(p, 'streaming.scram', s.scram);
  if (s.enhancedMonitoring !== undefined && !MONITORING.includes(s.enhancedMonitoring as string)) {
    p.add('streaming.enhancedMonitoring', s.enhancedMonitoring, `must be one of ${MONITORING.join(', ')}`);
  }
  checkTopics(p, s.topics, isInt(perZone) ? smallestClusterBrokers(c, perZone) : undefined);
  checkBoolean(p, 'streaming.replicateToFailoverRegion', s.replicateToFailoverRegion);
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** Git branch names without glob characters (a wildcard would let any matching branch assume the role). */
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
function checkList(p: ProblemSink, field: string, v: unknown, re: RegExp, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    p.add(field, v, `must be a list of ${what}`);
    return [];
  }
  v.forEach((x: unknown, i: number) => {
    if (typeof x !== 'string' || !re.test(x)) {
      p.add(`${field}[${i}]`, x, `must be one exact ${what.replace(/s$/, '')} without wildcards (a '*' would let any matching ref assume the role)`);
    }
  });
  return v as string[];
}

function checkTrust(p: ProblemSink, field: string, t: Obj): void {
  const branches = checkList(p, `${field}.branches`, t.branches, BRANCH, "branch names such as 'main'");
  const environments = checkList(p, `${field}.environments`, t.environments, ENVIRONMENT, "GitHub environment names such as 'production'");
  if (t.branches !== undefined && t.environments !== undefined && branches.length === 0 && environments.length === 0) {
    p.add(field, { branches: t.branches, environments: t.environments }, 'admits no branch and no environment, so no workflow could assume the role; name at least one');
  }
}

function checkImageRepositories(c: Obj, d: Obj, p: ProblemSink): void {
  const list = d.imageRepositories;
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    p.add('delivery.imageRepositories', list, "must be a list such as [{ repository: 'payment-service', pushTo: ['payment-service'] }]");
    return;
  }
  const services = new Set<unknown>([...PLATFORM_REPOSITORIES, ...(Array.isArray(c.repositories) ? c.repositories : [])]);
  const seen = new Set<unknown>();
  list.forEach((r: unknown, i: number) => {
    const field = `delivery.imageRepositories[${i}]`;
    if (!isObj(r)) {
      p.add(field, r, "must be an object such as { repository: 'payment-service', pushTo: ['payment-service'] }");
      return;
    }
    if (typeof r.repository !== 'string' || !GITHUB_REPO.test(r.repository)) {
      p.add(`${field}.repository`, r.repository, "must be a GitHub repository name (letters, digits, '.', '_', '-'), e.g. 'payment-service'");
    } else if (seen.has(r.repository)) {
      p.add(`${field}.repository`, r.repository, 'is listed twice; give each repository one entry with every ECR repository it pushes to');
    } else if (typeof c.name === 'string' && typeof c.environment === 'string'
      && imagePushRoleName({ name: c.name, environment: c.environment }, r.repository).length > 64) {
      p.add(`${field}.repository`, r.repository, `gives the IAM role name '${imagePushRoleName({ name: c.name, environment: c.environment }, r.repository)}' over 64 characters; shorten the repository, name or environment`);
    }
    seen.add(r.repository);
    if (!Array.isArray(r.pushTo) || r.pushTo.length === 0) {
      p.add(`${field}.pushTo`, r.pushTo, "must list the services whose ECR repositories it pushes to, e.g. ['payment-service']");
    } else {
      r.pushTo.forEach((s: unknown, j: number) => {
        if (!services.has(s)) {
          p.add(`${field}.pushTo[${j}]`, s, `is not one of the platform's ECR repositories (${[...services].join(', ')}); add it to repositories or fix the name`);
        }
      });
    }
    checkTrust(p, field, r);
  });
}

/** Checks `config.delivery`. */
export function checkDelivery(c: Obj, p: ProblemSink): void {
  const d = c.delivery;
  if (d === undefined) return;
  if (!isObj(d)) {
    p.add('delivery', d, "must be an object such as { githubOwner: 'verypay', imageRepositories: [...] }, or be omitted for no CI identities");
    return;
  }
  if (typeof d.githubOwner !== 'string' || !GITHUB_OWNER.test(d.githubOwner)) {
    p.add('delivery.githubOwner', d.githubOwner, "must be a GitHub organisation or user name (letters, digits, single hyphens, at most 39 characters), e.g. 'verypay'");
  }
  checkBoolean(p, 'delivery.createOidcProvider', d.createOidcProvider);
  checkImageRepositories(c, d, p);
  const deploy = d.deployRepository;
  if (deploy !== undefined) {
    if (!isObj(deploy)) {
      p.add('delivery.deployRepository', deploy, "must be an object such as { repository: 'payments-platform', environments: ['production'] }");
    } else {
      if (typeof deploy.repository !== 'string' || !GITHUB_REPO.test(deploy.repository)) {
        p.add('delivery.deployRepository.repository', deploy.repository, "must be a GitHub repository name (letters, digits, '.', '_', '-'), e.g. 'payments-platform'");
      }
      checkTrust(p, 'delivery.deployRepository', deploy);
    }
  }
  if (d.bootstrapQualifier !== undefined && (typeof d.bootstrapQualifier !== 'string' || !/^[A-Za-z0-9_-]{1,10}$/.test(d.bootstrapQualifier))) {
    p.add('delivery.bootstrapQualifier', d.bootstrapQualifier, "must be the 1–10 character qualifier given to 'cdk bootstrap --qualifier', e.g. 'hnb659fds' (the default)");
  }
  if (d.imageRepositories === undefined && d.deployRepository === undefined) {
    p.add('delivery', d, 'creates no role: give imageRepositories, deployRepository or both (or omit delivery)');
  }
}
