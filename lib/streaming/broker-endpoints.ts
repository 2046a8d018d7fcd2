import { Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { KAFKA_EXPORTER_PORTS, type KafkaCluster } from './kafka-cluster';

/** Construct id of aws-cdk-lib's singleton `AwsCustomResource` function in a stack. */
const SINGLETON_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Props of `KafkaBrokerEndpoints`. */
export interface KafkaBrokerEndpointsProps {
  readonly cluster: KafkaCluster;
  /** The VPC the lookup function runs in (private subnets, no inbound access). */
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /**
   * Security group of the lookup function: one that may reach the Kafka API and S3 (the
   * CloudFormation response) through the NAT gateways, such as the EKS cluster security group the
   * kubectl provider also runs with. The group aws-cdk-lib would create (all egress to 0.0.0.0/0)
   * is closed and left unused.
   */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Key of the function's log group. */
  readonly logsKey: kms.IKey;
  /** Days to keep the function's logs. */
  readonly logRetentionDays: number;
}

/**
 * The brokers' DNS names, which MSK assigns at creation and CloudFormation does not return: read
 * once per deployment with `kafka:ListNodes` (an aws-cdk-lib `AwsCustomResource`, allowed that one
 * call on this one cluster). Clients get `bootstrapServers`; the platform Prometheus scrapes
 * `exporterTargets`.
 */
export class KafkaBrokerEndpoints extends Construct {
  /** One DNS name per broker (deploy-time values). */
  public readonly hostnames: string[];
  public readonly lookup: cr.AwsCustomResource;
  private readonly cluster: KafkaCluster;

  constructor(scope: Construct, id: string, props: KafkaBrokerEndpointsProps) {
    super(scope, id);
    const { cluster } = props;
    this.cluster = cluster;
    const paths = cluster.brokerIds.map((_, i) => `NodeInfoList.${i}.BrokerNodeInfo.Endpoints.0`);
    const call: cr.AwsSdkCall = {
      service: 'Kafka',
      action: 'ListNodes',
      parameters: { ClusterArn: cluster.clusterArn, MaxResults: 100 },
      physicalResourceId: cr.PhysicalResourceId.of(cluster.clusterArn),
      outputPaths: paths,
    };
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logsKey,
    });
    this.lookup = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [cluster.clusterArn] }),
      installLatestAwsSdk: false,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      logGroup,
    });
    // Brokers are listed once the cluster is ACTIVE (CloudFormation waits for it).
    this.lookup.node.addDependency(cluster.resource);
    this.hostnames = paths.map((p) => this.lookup.getResponseField(p));
    this.useSecurityGroup(props.securityGroup);
    this.acknowledgeLookup();
  }

  /** Runs the singleton function with `securityGroup` and closes the all-egress group aws-cdk-lib made for it. */
  private useSecurityGroup(securityGroup: ec2.ISecurityGroup): void {
    const singleton = Stack.of(this).node.tryFindChild(SINGLETON_ID);
    const fn = singleton?.node.tryFindChild('Resource') as lambda.CfnFunction | undefined;
    const ownGroup = singleton?.node.tryFindChild('SecurityGroup')?.node.defaultChild as ec2.CfnSecurityGroup | undefined;
    if (!fn || !ownGroup) throw new Error('KafkaBrokerEndpoints: aws-cdk-lib\'s AwsCustomResource function or its security group was not found; the library layout changed.');
    fn.addPropertyOverride('VpcConfig.SecurityGroupIds', [securityGroup.securityGroupId]);
    ownGroup.securityGroupEgress = [{ cidrIp: '255.255.255.255/32', description: 'Disallow all traffic (unused)', ipProtocol: 'icmp', fromPort: 252, toPort: 86 }];
  }

  /**
   * The lookup runs in aws-cdk-lib's singleton function for `AwsCustomResource`; its findings are
   * acknowledged on exactly the role and policy that carry them.
   */
  private acknowledgeLookup(): void {
    const reason = 'AwsCustomResource, an AWS-maintained custom resource of aws-cdk-lib: CloudFormation invokes it only at deploy time, ' +
      'it runs in the private subnets with no inbound access, and its only permission beyond logging and its VPC ENIs is kafka:ListNodes ' +
      'on this cluster (PCI DSS 7.2.1, 6.3.2).';
    const policy = this.lookup.node.tryFindChild('CustomResourcePolicy');
    for (const id of ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy']) if (policy) Validations.of(policy).acknowledge({ id, reason });
    const singleton = Stack.of(this).node.tryFindChild(SINGLETON_ID);
    const fn = singleton?.node.tryFindChild('Resource');
    if (fn) {
      Validations.of(fn).acknowledge(
        { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason} A failed invocation fails and rolls back the CloudFormation deployment, which records it in the stack events.` },
        { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${reason} It runs only while CloudFormation deploys this stack.` },
      );
    }
    const role = singleton?.node.tryFindChild('ServiceRole');
    if (!role) return;
    for (const managed of ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole']) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${managed}]`, reason });
    }
  }

  /** `host:port,…` of every broker on a client port. */
  public bootstrapServers(port: number): string {
    return Fn.join(',', this.hostnames.map((h) => `${h}:${port}`));
  }

  /**
   * Prometheus scrape jobs for the open-monitoring exporters (plain HTTP inside the VPC, reachable
   * only through the brokers' security group): `kafka-jmx` on 11001 and `kafka-node` on 11002.
   */
  public scrapeConfigs(): Record<string, unknown>[] {
    const name = this.cluster.clusterName;
    const labels = { kafka_cluster: name };
    return [
      { job_name: `${name}-jmx`, scrape_interval: '60s', static_configs: [{ targets: this.hostnames.map((h) => `${h}:${KAFKA_EXPORTER_PORTS.jmx}`), labels }] },
      { job_name: `${name}-node`, scrape_interval: '60s', static_configs: [{ targets: this.hostnames.map((h) => `${h}:${KAFKA_EXPORTER_PORTS.node}`), labels }] },
    ];
  }
}
