import { examplePlatformConfig } from '../../bin/example-config';
import { PlatformConfigError } from '../../lib/config/errors';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import type { StreamingConfig } from '../../lib/config/streaming-config';
import type { DeliveryConfig } from '../../lib/config/delivery-config';

function problems(config: unknown): { field: string; value: unknown; message: string }[] {
  try {
    resolvePlatformConfig(config as PlatformConfig);
  } catch (e) {
    if (e instanceof PlatformConfigError) return e.problems.map((p) => ({ field: p.field, value: p.value, message: p.message }));
    throw e;
  }
  return [];
}
const withStreaming = (streaming: unknown) => problems({ ...examplePlatformConfig, streaming });
const withDelivery = (delivery: unknown) => problems({ ...examplePlatformConfig, delivery });
const only = (list: { field: string }[]) => list.map((p) => p.field);

describe('streaming: defaults', () => {
  test('{} resolves to the seed sizes on a supported version', () => {
    const s = resolvePlatformConfig({ ...examplePlatformConfig, streaming: {} }).streaming!;
    expect(s).toEqual({
      kafkaVersion: '3.9.x.kraft', brokerInstanceType: 'kafka.m7g.2xlarge', brokersPerZone: 2, volumeSizeGiB: 1000,
      provisionedThroughputMiBps: 250, scram: false, enhancedMonitoring: 'PER_TOPIC_PER_PARTITION', replicateToFailoverRegion: true,
      topics: [{ name: 'payment-events', partitions: 12, replicationFactor: 3, retentionHours: 168 }],
    });
  });
  test('without streaming, nothing is resolved', () => {
    expect(resolvePlatformConfig({ ...examplePlatformConfig, streaming: undefined }).streaming).toBeUndefined();
  });
});

describe('streaming: fails when', () => {
  const cases: [string, unknown, string][] = [
    ['the section is not an object', 'yes', 'streaming'],
    ['kafkaVersion is not one MSK accepts', { kafkaVersion: '3.5.2' }, 'streaming.kafkaVersion'],
    ['brokerInstanceType is not an MSK Standard type', { brokerInstanceType: 'm5.2xlarge' }, 'streaming.brokerInstanceType'],
    ['brokerInstanceType is an Express broker', { brokerInstanceType: 'express.m7g.large' }, 'streaming.brokerInstanceType'],
    ['brokersPerZone is 0', { brokersPerZone: 0 }, 'streaming.brokersPerZone'],
    ['brokersPerZone is not an integer', { brokersPerZone: 1.5 }, 'streaming.brokersPerZone'],
    ['volumeSizeGiB is over 16384', { volumeSizeGiB: 20000 }, 'streaming.volumeSizeGiB'],
    ['the default 250 MiB/s meets a broker that cannot provision throughput (the seed\'s m5.2xlarge)', { brokerInstanceType: 'kafka.m5.2xlarge' }, 'streaming.provisionedThroughputMiBps'],
    ['throughput is set on a broker that cannot provision it', { brokerInstanceType: 'kafka.m5.xlarge', provisionedThroughputMiBps: 300 }, 'streaming.provisionedThroughputMiBps'],
    ['throughput is above the broker\'s maximum', { provisionedThroughputMiBps: 400 }, 'streaming.provisionedThroughputMiBps'],
    ['throughput is below 250', { brokerInstanceType: 'kafka.m5.4xlarge', provisionedThroughputMiBps: 100 }, 'streaming.provisionedThroughputMiBps'],
    ['throughput is not a number', { provisionedThroughputMiBps: 'fast' }, 'streaming.provisionedThroughputMiBps'],
    ['scram is not a boolean', { scram: 'on' }, 'streaming.scram'],
    ['enhancedMonitoring is unknown', { enhancedMonitoring: 'VERBOSE' }, 'streaming.enhancedMonitoring'],
    ['topics is empty', { topics: [] }, 'streaming.topics'],
    ['a topic is not an object', { topics: ['payment-events'] }, 'streaming.topics[0]'],
    ['a topic name has a space', { topics: [{ name: 'payment events', partitions: 1 }] }, 'streaming.topics[0].name'],
    ['a topic is listed twice', { topics: [{ name: 'a', partitions: 1 }, { name: 'a', partitions: 1 }] }, 'streaming.topics[1].name'],
    ['a topic has 0 partitions', { topics: [{ name: 'a', partitions: 0 }] }, 'streaming.topics[0].partitions'],
    ['a topic has one replica', { topics: [{ name: 'a', partitions: 1, replicationFactor: 1 }] }, 'streaming.topics[0].replicationFactor'],
    ['a topic has more replicas than the smallest cluster has brokers', { brokersPerZone: 1, topics: [{ name: 'a', partitions: 1, replicationFactor: 3 }] }, ''],
    ['retentionHours is 0', { topics: [{ name: 'a', partitions: 1, retentionHours: 0 }] }, 'streaming.topics[0].retentionHours'],
    ['replicateToFailoverRegion is not a boolean', { replicateToFailoverRegion: 1 }, 'streaming.replicateToFailoverRegion'],
  ];
  test.each(cases)('%s', (_, streaming, field) => {
    const found = withStreaming(streaming);
    if (field === '') {
      // Three zones × one broker = 3 brokers: a replication factor of 3 fits, so this configuration is valid.
      expect(found).toEqual([]);
      return;
    }
    expect(only(found)).toEqual([field]);
    if (field === 'streaming') expect(found[0].value).toEqual(streaming);
    expect(found[0].message.length).toBeGreaterThan(20);
  });
  test('a replication factor above the brokers of a two-zone region is rejected', () => {
    const regions = examplePlatformConfig.regions.map((r, i) => i === 1 ? { ...r, availabilityZones: r.availabilityZones.slice(0, 2) } : r);
    const found = problems({ ...examplePlatformConfig, regions, streaming: { brokersPerZone: 1, topics: [{ name: 'a', partitions: 1, replicationFactor: 3 }] } satisfies StreamingConfig });
    expect(found).toEqual([{ field: 'streaming.topics[0].replicationFactor', value: 3, message: expect.stringContaining('2 brokers of the smallest regional cluster') }]);
  });
  test('the error names the field, the value and the fix', () => {
    expect(() => resolvePlatformConfig({ ...examplePlatformConfig, streaming: { brokerInstanceType: 'kafka.m5.2xlarge' } }))
      .toThrow(/streaming\.provisionedThroughputMiBps: .*kafka\.m5\.4xlarge, kafka\.m7g\.2xlarge and larger.*set provisionedThroughputMiBps: false/);
  });
  test('the seed\'s broker type is accepted with throughput off', () => {
    expect(withStreaming({ brokerInstanceType: 'kafka.m5.2xlarge', provisionedThroughputMiBps: false })).toEqual([]);
  });
});

const DELIVERY: DeliveryConfig = {
  githubOwner: 'verypay',
  imageRepositories: [{ repository: 'payment-service', pushTo: ['payment-service'] }],
  deployRepository: { repository: 'payments-platform', environments: ['production'] },
};

describe('delivery', () => {
  test('defaults: branch main unless environments are named, the CDK default qualifier, a new provider', () => {
    const d = resolvePlatformConfig({ ...examplePlatformConfig, delivery: DELIVERY }).delivery!;
    expect(d).toEqual({
      githubOwner: 'verypay', createOidcProvider: true, bootstrapQualifier: 'hnb659fds',
      imageRepositories: [{ repository: 'payment-service', pushTo: ['payment-service'], branches: ['main'], environments: [] }],
      deployRepository: { repository: 'payments-platform', branches: [], environments: ['production'] },
    });
  });

  const cases: [string, unknown, string][] = [
    ['the section is not an object', [], 'delivery'],
    ['githubOwner is missing', { ...DELIVERY, githubOwner: undefined }, 'delivery.githubOwner'],
    ['githubOwner has a double hyphen', { ...DELIVERY, githubOwner: 'very--pay' }, 'delivery.githubOwner'],
    ['createOidcProvider is not a boolean', { ...DELIVERY, createOidcProvider: 'no' }, 'delivery.createOidcProvider'],
    ['imageRepositories is not a list', { ...DELIVERY, imageRepositories: {} }, 'delivery.imageRepositories'],
    ['an image repository is not an object', { ...DELIVERY, imageRepositories: ['x'] }, 'delivery.imageRepositories[0]'],
    ['an image repository name has a slash', { ...DELIVERY, imageRepositories: [{ repository: 'a/b', pushTo: ['api-gateway'] }] }, 'delivery.imageRepositories[0].repository'],
    ['an image repository is listed twice', { ...DELIVERY, imageRepositories: [{ repository: 'a', pushTo: ['api-gateway'] }, { repository: 'a', pushTo: ['payment-service'] }] }, 'delivery.imageRepositories[1].repository'],
    ['the role name would exceed 64 characters', { ...DELIVERY, imageRepositories: [{ repository: 'x'.repeat(60), pushTo: ['api-gateway'] }] }, 'delivery.imageRepositories[0].repository'],
    ['pushTo is empty', { ...DELIVERY, imageRepositories: [{ repository: 'a', pushTo: [] }] }, 'delivery.imageRepositories[0].pushTo'],
    ['pushTo names a repository the platform does not have', { ...DELIVERY, imageRepositories: [{ repository: 'a', pushTo: ['ledger'] }] }, 'delivery.imageRepositories[0].pushTo[0]'],
    ['a branch is a wildcard', { ...DELIVERY, imageRepositories: [{ repository: 'a', pushTo: ['api-gateway'], branches: ['*'] }] }, 'delivery.imageRepositories[0].branches[0]'],
    ['branches is not a list', { ...DELIVERY, imageRepositories: [{ repository: 'a', pushTo: ['api-gateway'], branches: 'main' }] }, 'delivery.imageRepositories[0].branches'],
    ['an environment is a wildcard', { ...DELIVERY, deployRepository: { repository: 'p', environments: ['prod*'] } }, 'delivery.deployRepository.environments[0]'],
    ['both lists are empty', { ...DELIVERY, deployRepository: { repository: 'p', branches: [], environments: [] } }, 'delivery.deployRepository'],
    ['deployRepository is not an object', { ...DELIVERY, deployRepository: 'p' }, 'delivery.deployRepository'],
    ['deployRepository has no name', { ...DELIVERY, deployRepository: { environments: ['production'] } }, 'delivery.deployRepository.repository'],
    ['bootstrapQualifier is longer than 10', { ...DELIVERY, bootstrapQualifier: 'qualifier-too-long' }, 'delivery.bootstrapQualifier'],
    ['no role would be created', { githubOwner: 'verypay' }, 'delivery'],
  ];
  test.each(cases)('fails when %s', (_, delivery, field) => {
    const found = withDelivery(delivery);
    expect(only(found)).toEqual([field]);
    expect(found[0].message.length).toBeGreaterThan(20);
  });
  test('a catalog repository from `repositories` may be pushed to', () => {
    expect(problems({ ...examplePlatformConfig, repositories: ['ledger'], delivery: { ...DELIVERY, imageRepositories: [{ repository: 'ledger', pushTo: ['ledger'] }] } })).toEqual([]);
  });
});
