import { RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResolvedPlatformConfig, ResolvedRegionConfig } from '../config/platform-config';
import { logRetentionDaysRule, natGatewaysRule, PropChecks, vpcCidrRule, zoneCountRule } from '../core/rules';
import { checkSubnetPlan, cidrPrefix, defaultSubnetMasks, type SubnetMasks } from './subnet-plan';

/** What other constructs need from the network. */
export interface INetwork {
  readonly vpc: ec2.IVpc;
  /** Private subnets with NAT egress: EKS nodes and pods, interface endpoints. */
  readonly appSubnets: ec2.SubnetSelection;
  /** Isolated subnets without any route to the internet: PostgreSQL and Redis. */
  readonly dataSubnets: ec2.SubnetSelection;
  /** Public subnets: NAT gateways and the internet-facing load balancer only. */
  readonly publicSubnets: ec2.SubnetSelection;
}

/** Props of {@link PlatformNetwork}. */
export interface PlatformNetworkProps {
  /**
   * The region: its `cidr` (the VPC block), `availabilityZones` (one subnet per tier in each) and
   * `natGateways`. Changing the CIDR or the zones replaces the VPC or subnets.
   */
  readonly region: Pick<ResolvedRegionConfig, 'cidr' | 'availabilityZones' | 'natGateways'>;
  /** The key that encrypts the flow-log log group (the platform's `logs` key). */
  readonly logsKey: IKey;
  /**
   * `retention.logRetentionDays`: days to keep VPC flow logs, a CloudWatch Logs retention value of
   * at least 365 (PCI DSS 10.5.1). A `ResolvedPlatformConfig` fits.
   */
  readonly config: { readonly retention: Pick<ResolvedPlatformConfig['retention'], 'logRetentionDays'> };
  /**
   * Subnet masks per tier. Changing them replaces the subnets.
   * @default - see `defaultSubnetMasks`: for a /16 with 3 zones, private /18, public /21, database /21
   */
  readonly subnetMasks?: Partial<SubnetMasks>;
  /**
   * Also create interface endpoints for EC2, Elastic Load Balancing and Auto Scaling, which EKS
   * nodes, the AWS Load Balancer Controller and the Cluster Autoscaler call. Each interface endpoint
   * costs about USD 7.30 per zone per month plus data; with NAT egress they are optional.
   * @default true
   */
  readonly eksServiceEndpoints?: boolean;
  /**
   * Also create the AWS Private CA (`acm-pca`) interface endpoint, through which Kafka clients
   * with mutual TLS obtain their certificates (`streaming.tlsClientAuthentication`).
   * @default false
   */
  readonly privateCaEndpoint?: boolean;
}

/** Interface endpoints every platform VPC gets (private DNS on). */
const CORE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  S3Interface: ec2.InterfaceVpcEndpointAwsService.S3,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  // The CloudWatch exporter and the OpenTelemetry Collector reach their APIs inside the VPC.
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  XRay: ec2.InterfaceVpcEndpointAwsService.XRAY,
  // Alertmanager publishes alerts to the alarm topic.
  Sns: ec2.InterfaceVpcEndpointAwsService.SNS,
};

/** Interface endpoints EKS add-ons use (see `eksServiceEndpoints`). */
const EKS_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  Ec2: ec2.InterfaceVpcEndpointAwsService.EC2,
  ElasticLoadBalancing: ec2.InterfaceVpcEndpointAwsService.ELASTIC_LOAD_BALANCING,
  AutoScaling: ec2.InterfaceVpcEndpointAwsService.AUTOSCALING,
};

/**
 * The VPC of one region: public, private-with-egress and isolated (database) subnets in each
 * configured zone, NAT gateways, the default security group without rules, VPC flow logs (ALL)
 * to a CMK-encrypted log group, an S3 gateway endpoint and interface endpoints reachable on 443
 * from the VPC only. Subnets carry the tags the AWS Load Balancer Controller discovers.
 */
export class PlatformNetwork extends Construct implements INetwork {
  public readonly vpc: ec2.IVpc;
  public readonly appSubnets: ec2.SubnetSelection = { subnetGroupName: 'Private' };
  public readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: 'Database' };
  public readonly publicSubnets: ec2.SubnetSelection = { subnetGroupName: 'Public' };
  /** The flow-log log group. */
  public readonly flowLogGroup: logs.ILogGroup;
  /** The security group of the interface endpoints (443 from the VPC CIDR only). */
  public readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** The subnet masks in use. */
  public readonly subnetMasks: SubnetMasks;
  /** The interface endpoints by name (`S3Interface`, `Sts`, `SecretsManager`, ...), each limited to this account by its policy. */
  public readonly interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const { cidr, availabilityZones, natGateways } = props.region;
    const zones = availabilityZones.length;
    // The construct's own checks (for callers without the configuration), with the schema's rules.
    const checks = new PropChecks('PlatformNetwork', (v) => Token.isUnresolved(v));
    checks.prop('region.cidr', cidr, vpcCidrRule);
    const zonesOk = checks.prop('region.availabilityZones', availabilityZones, zoneCountRule);
    if (zonesOk) checks.prop('region.natGateways', natGateways, natGatewaysRule(zones));
    checks.prop('config.retention.logRetentionDays', props.config.retention.logRetentionDays, logRetentionDaysRule);
    checks.done();
    this.subnetMasks = { ...defaultSubnetMasks(cidrPrefix(cidr), zones), ...props.subnetMasks };
    checkSubnetPlan(cidr, zones, this.subnetMasks);

    const vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: [...availabilityZones],
      natGateways,
      natGatewaySubnets: this.publicSubnets,
      restrictDefaultSecurityGroup: true,
      // Largest tier first: the allocator aligns each subnet, so this order wastes no space.
      subnetConfiguration: [
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: this.subnetMasks.private },
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: this.subnetMasks.public, mapPublicIpOnLaunch: false },
        { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: this.subnetMasks.database },
      ],
    });
    this.vpc = vpc;
    for (const subnet of [...vpc.privateSubnets, ...vpc.publicSubnets, ...vpc.isolatedSubnets]) {
      Validations.of(subnet.node.defaultChild!).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason: 'The zones are configuration (regions[].availabilityZones, validated against the region) so synth needs no lookup and subnets never move between zones.',
      });
    }
    for (const subnet of vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of vpc.privateSubnets) Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
    for (const subnet of vpc.publicSubnets) {
      const reason = 'PCI DSS 1.3.1/1.3.2: only the public subnets route 0.0.0.0/0 to the internet gateway; they hold NAT gateways and the internet-facing ALB (443 only, WAF in front), never cardholder-data systems, which live in the private and isolated subnets.';
      for (const id of ['PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW']) {
        Validations.of(subnet.node.findChild('DefaultRoute')).acknowledge({ id, reason });
      }
    }

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      encryptionKey: props.logsKey,
      retention: props.config.retention.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.flowLogGroup = flowLogGroup;
    // A customer-managed policy instead of the L2's inline one (PCI DSS 7.2: reviewable, reusable grants).
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Delivers the VPC flow logs to their log group',
    });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [flowLogRole],
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [flowLogGroup.logGroupArn],
      })],
    });
    new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const s3Gateway = vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    this.endpointSecurityGroup = endpointSecurityGroup;
    const endpoints = {
      ...CORE_ENDPOINTS, ...((props.eksServiceEndpoints ?? true) ? EKS_ENDPOINTS : {}),
      ...(props.privateCaEndpoint ? { AcmPca: ec2.InterfaceVpcEndpointAwsService.PRIVATE_CERTIFICATE_AUTHORITY } : {}),
    };
    const account = Stack.of(this).account;
    for (const [name, service] of Object.entries(endpoints)) {
      const endpoint = vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        subnets: this.appSubnets,
        securityGroups: [endpointSecurityGroup],
        open: false,
      });
      // Only principals of this account may use the endpoint: stolen credentials of another
      // account cannot carry data out through it (PCI DSS 1.4.4 / data-exfiltration perimeter).
      endpoint.addToPolicy(new iam.PolicyStatement({
        sid: 'OnlyThisAccount',
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
      }));
      if (name === 'S3Interface') {
        // Pods reach S3 at addresses in the application subnets (their network policies name
        // those, never the internet); the gateway endpoint stays for the nodes' ECR layer pulls.
        const cfn = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
        cfn.dnsOptions = { privateDnsOnlyForInboundResolverEndpoint: 'AllResolvers' };
        endpoint.node.addDependency(s3Gateway);
      }
      this.interfaceEndpoints[name] = endpoint;
    }
  }
}
