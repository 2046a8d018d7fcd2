import { CrossStackReferences, ReferenceStrength, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';
import { acknowledgeWildcardArns } from '../security/acknowledge';
import type { KafkaCluster } from './kafka-cluster';

/** Props of `KafkaReplicator`. */
export interface KafkaReplicatorProps {
  /** Replicator name (≤ 128 characters). Changing it replaces the replicator. */
  readonly replicatorName: string;
  /** The cluster replicated from (another region's stack). */
  readonly source: KafkaCluster;
  /** The cluster replicated into (this stack's). */
  readonly target: KafkaCluster;
}

function clusterEntry(cluster: KafkaCluster): msk.CfnReplicator.KafkaClusterProperty {
  const info = cluster.resource.brokerNodeGroupInfo as msk.CfnCluster.BrokerNodeGroupInfoProperty;
  return {
    amazonMskCluster: { mskClusterArn: cluster.clusterArn },
    vpcConfig: { subnetIds: info.clientSubnets, securityGroupIds: [cluster.securityGroup.securityGroupId] },
  };
}

/**
 * MSK Replicator from the primary region's cluster to the failover region's, in the failover
 * region's stack: every topic (`.*`, new ones too) with its configuration and the consumer groups'
 * offsets, topic names kept identical so consumers switch region without renaming. References to
 * the source region's stack are weak (`Fn::GetStackOutput`), like the hosted zone's.
 */
export class KafkaReplicator extends Construct {
  public readonly resource: msk.CfnReplicator;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: KafkaReplicatorProps) {
    super(scope, id);
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);
    const { source, target } = props;
    if (Stack.of(source).region === Stack.of(target).region) {
      throw new Error(`KafkaReplicator: source and target are both in ${Stack.of(target).region}; replicate into another region.`);
    }
    this.role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('kafka.amazonaws.com'),
      description: `MSK Replicator ${props.replicatorName}: read the source cluster, write the target cluster`,
    });
    const arns = (c: KafkaCluster, kind: 'topic' | 'group'): string =>
      `arn:${Stack.of(c).partition}:kafka:${Stack.of(c).region}:${Stack.of(c).account}:${kind}/${c.clusterName}/*`;
    const resources = [source.clusterArn, target.clusterArn, arns(source, 'topic'), arns(target, 'topic'), arns(source, 'group'), arns(target, 'group')];
    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      description: `MSK Replicator ${props.replicatorName}: replicate topics and consumer group offsets`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:AlterCluster', 'kafka-cluster:DescribeTopic',
            'kafka-cluster:CreateTopic', 'kafka-cluster:AlterTopic', 'kafka-cluster:WriteData', 'kafka-cluster:ReadData',
            'kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup', 'kafka-cluster:DescribeTopicDynamicConfiguration',
            'kafka-cluster:AlterTopicDynamicConfiguration', 'kafka-cluster:WriteDataIdempotently'],
          resources,
        }),
      ],
    });
    acknowledgeWildcardArns(policy, resources, 'MSK Replicator copies every topic and consumer group of the primary cluster (new ones too), so its ' +
      'role names topics and groups by the two clusters\' ARN prefixes; only kafka.amazonaws.com assumes it (PCI DSS 7.2.1).');

    this.resource = new msk.CfnReplicator(this, 'Resource', {
      replicatorName: props.replicatorName,
      description: `Topics and consumer group offsets from ${Stack.of(source).region} to ${Stack.of(target).region}`,
      serviceExecutionRoleArn: this.role.roleArn,
      kafkaClusters: [clusterEntry(source), clusterEntry(target)],
      replicationInfoList: [{
        sourceKafkaClusterArn: source.clusterArn,
        targetKafkaClusterArn: target.clusterArn,
        targetCompressionType: 'NONE',
        topicReplication: {
          topicsToReplicate: ['.*'],
          copyTopicConfigurations: true,
          copyAccessControlListsForTopics: true,
          detectAndCopyNewTopics: true,
          startingPosition: { type: 'EARLIEST' },
          topicNameConfiguration: { type: 'IDENTICAL' },
        },
        consumerGroupReplication: {
          consumerGroupsToReplicate: ['.*'],
          synchroniseConsumerGroupOffsets: true,
          detectAndCopyNewConsumerGroups: true,
        },
      }],
    });
    this.resource.node.addDependency(policy);
  }
}
