import * as iam from 'aws-cdk-lib/aws-iam';
import type { KafkaCluster } from './kafka-cluster';

/** What one client may do on a cluster (the `streaming` declaration of a service). */
export interface KafkaAccess {
  /** Topics it writes. @default - none */
  readonly produces?: string[];
  /** Topics it reads. @default - none */
  readonly consumes?: string[];
  /** Consumer groups it joins. @default - none */
  readonly consumerGroups?: string[];
}

/**
 * IAM statements for Kafka access control (`kafka-cluster:*`), topic by topic: connect to this
 * cluster; describe and write the produced topics (idempotently, the default of Kafka 3 producers);
 * describe and read the consumed topics; join the named consumer groups. Nothing on other topics,
 * groups, clusters, or cluster administration.
 */
export function kafkaAccessStatements(cluster: KafkaCluster, access: KafkaAccess): iam.PolicyStatement[] {
  const produces = [...new Set(access.produces ?? [])];
  const consumes = [...new Set(access.consumes ?? [])];
  const groups = [...new Set(access.consumerGroups ?? [])];
  if (produces.length + consumes.length === 0) {
    throw new Error('kafkaAccessStatements: the client neither produces nor consumes a topic; list topics in produces or consumes.');
  }
  if (consumes.length > 0 && groups.length === 0) {
    throw new Error(`kafkaAccessStatements: the client consumes ${consumes.join(', ')} but joins no consumer group; name its consumerGroups.`);
  }
  const statements = [
    new iam.PolicyStatement({
      sid: 'Connect',
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', ...(produces.length > 0 ? ['kafka-cluster:WriteDataIdempotently'] : [])],
      resources: [cluster.clusterArn],
    }),
  ];
  if (produces.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'Produce',
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: produces.map((t) => cluster.topicArn(t)),
    }));
  }
  if (consumes.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'Consume',
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      resources: consumes.map((t) => cluster.topicArn(t)),
    }), new iam.PolicyStatement({
      sid: 'ConsumerGroups',
      actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      resources: groups.map((g) => cluster.groupArn(g)),
    }));
  }
  return statements;
}
