import { CfnCondition, CfnResource, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { clusterName } from '../config/naming';
import { logRetentionDaysRule, PropChecks, publicAccessCidrRule } from '../core/rules';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { addonNetworkPolicies } from './addons/addon-network-policies';
import { addAlbController } from './addons/alb-controller';
import { HELM_CHARTS } from './addons/versions';
import { addClusterAutoscaler } from './addons/cluster-autoscaler';
import type { AddonContext } from './addons/context';
import { addExternalDns } from './addons/external-dns';
import { addExternalSecrets } from './addons/external-secrets';
import type { HelmAddon } from './addons/helm-addon';
import { KubePrometheusStack } from './addons/kube-prometheus-stack';
import { ManagedAddons } from './addons/managed-addons';
import { addMetricsServer } from './addons/metrics-server';
import { addStorageClasses } from './addons/storage-classes';
import { isExistingCluster, resolveKubernetesVersion, type KubernetesVersionCheck } from './kubernetes-version';
import { nagString } from './nag-ref';
import { PaymentNodeGroups } from './node-groups';

/** Props of `PaymentCluster`. */
export interface PaymentClusterProps {
  /** The resolved platform configuration (version, node groups, endpoint CIDRs, admin role, retention). */
  readonly config: ResolvedPlatformConfig;
  /** Region of the cluster (names, ARNs). */
  readonly region: string;
  /** The region's VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the control-plane ENIs, the nodes and the kubectl provider.
   * @default - the VPC's private subnets with egress
   */
  readonly subnets?: ec2.SubnetSelection;
  /** Envelope encryption of Kubernetes secrets (and, by default, node and PV volumes). Changing it replaces the cluster. */
  readonly clusterKey: kms.IKey;
  /**
   * Key of the node root volumes and of the gp3 StorageClasses.
   * @default - `clusterKey`
   */
  readonly volumeKey?: kms.IKey;
  /** Key of the control-plane log group. Its policy must allow the CloudWatch Logs service principal. */
  readonly logsKey: kms.IKey;
  /** Key of the region's Secrets Manager secrets (External Secrets decrypts with it; Grafana's secret uses it). */
  readonly secretsKey: kms.IKey;
  /**
   * Hosted zone ExternalDNS may change.
   * @default - `config.domain.hostedZoneId`; when that is unset too, every zone (filtered by domain) and a warning
   */
  readonly hostedZoneId?: string;
  /**
   * The region's alarm topic and its key, Alertmanager's SNS receiver.
   * @default - Alertmanager has no receiver (a synth warning says so)
   */
  readonly alerting?: { readonly topic: sns.ITopic; readonly topicKey: kms.IKey };
  /**
   * Prometheus scrape jobs for targets outside the cluster (the Kafka brokers' exporters).
   * @default - none
   */
  readonly additionalScrapeConfigs?: Record<string, unknown>[];
  /**
   * "Today" for the Kubernetes version guard (tests pin it).
   * @default - the synth time
   */
  readonly today?: Date;
  /**
   * The cluster already exists: an unsupported Kubernetes version then warns instead of failing synth.
   * @default - from the `payment-platform:existingClusters` context (false when unset)
   */
  readonly existingCluster?: boolean;
}

/** Options of `applyWorkloads`. */
export interface ApplyWorkloadsOptions {
  /**
   * Construct id of the manifest. Changing it deletes and re-creates the chart's objects.
   * @default 'Workloads'
   */
  readonly id?: string;
  /**
   * Add the legacy `kubernetes.io/ingress.class: alb` annotation to the chart's Ingresses. Leave it
   * off when the Ingresses set `spec.ingressClassName` (Kubernetes rejects both on one object).
   * @default false
   */
  readonly ingressAlb?: boolean;
}

/** The cluster's Service CIDR; `kubernetes` (the API server Service) is its first address. Changing it replaces the cluster. */
export const SERVICE_CIDR = '172.20.0.0/16';

const LOG_TYPES = [
  eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * The payment platform's EKS cluster (aws-eks-v2: native `AWS::EKS::Cluster`, access entries,
 * no nested stacks): private API endpoint, all control-plane logs kept `logRetentionDays` in a
 * KMS-encrypted log group, secrets envelope encryption, managed node groups from the
 * configuration, pinned EKS add-ons and Helm add-ons each with its own Pod Identity role, gp3
 * StorageClasses, and `applyWorkloads()` for the cdk8s workload charts.
 */
export class PaymentCluster extends Construct implements ec2.IConnectable {
  public readonly cluster: eks.Cluster;
  public readonly clusterName: string;
  /** The cluster security group (control plane and every managed node): grant data stores access to it. */
  public readonly connections: ec2.Connections;
  public readonly nodeSecurityGroup: ec2.ISecurityGroup;
  /**
   * The cluster's IAM OIDC provider (native `AWS::IAM::OIDCProvider`), which IRSA roles trust:
   * External Secrets' per-namespace `secrets-reader` service accounts.
   */
  public readonly oidcProvider: iam.IOpenIdConnectProvider;
  public readonly controlPlaneLogGroup: logs.LogGroup;
  public readonly nodeGroups: PaymentNodeGroups;
  public readonly managedAddons: ManagedAddons;
  public readonly storageClasses: eks.KubernetesManifest;
  public readonly albController: HelmAddon;
  public readonly externalDns: HelmAddon;
  public readonly externalSecrets: HelmAddon;
  public readonly clusterAutoscaler: HelmAddon;
  public readonly metricsServer: HelmAddon;
  public readonly monitoring: KubePrometheusStack;
  /** Default-deny and allow NetworkPolicies of the add-on namespaces (`addonNetworkPolicies`). */
  public readonly addonNetworkPolicies: eks.KubernetesManifest;
  /** Where the configured version stands in the EKS lifecycle. */
  public readonly kubernetesVersion: KubernetesVersionCheck;

  constructor(scope: Construct, id: string, props: PaymentClusterProps) {
    super(scope, id);
    const { config, region } = props;
    validate(props);
    this.clusterName = clusterName(config, region);
    const subnets = props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const existing = props.existingCluster ?? isExistingCluster(this, region);
    const version = resolveKubernetesVersion(this, config.cluster.kubernetesVersion, props.today, existing);
    this.kubernetesVersion = version.check;

    // EKS writes to /aws/eks/<name>/cluster; creating it first gives it our retention and key.
    this.controlPlaneLogGroup = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${this.clusterName}/cluster`,
      retention: config.retention.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cidrs = config.cluster.endpointPublicAccessCidrs;
    const privateSubnets = props.vpc.selectSubnets(subnets).subnets;
    // The additional control-plane security group: egress only inside the VPC (kubelets, admission
    // webhooks, pods), never to the internet.
    const controlPlaneSecurityGroup = new ec2.SecurityGroup(this, 'ControlPlaneSecurityGroup', {
      vpc: props.vpc,
      description: `EKS control plane of ${this.clusterName}: egress inside the VPC only`,
      allowAllOutbound: false,
    });
    controlPlaneSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'Kubelets, webhooks and pods in the VPC');
    this.cluster = new eks.Cluster(this, 'Resource', {
      securityGroup: controlPlaneSecurityGroup,
      clusterName: this.clusterName,
      version: version.version,
      vpc: props.vpc,
      vpcSubnets: [subnets],
      endpointAccess: cidrs.length > 0 ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs) : eks.EndpointAccess.PRIVATE,
      clusterLogging: LOG_TYPES,
      secretsEncryptionKey: props.clusterKey,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      bootstrapSelfManagedAddons: false,
      // Stated, not defaulted: the add-on NetworkPolicies name the `kubernetes` Service address.
      serviceIpv4Cidr: SERVICE_CIDR,
      // Create-only in EKS: off, so whoever deploys the stack gets no hidden cluster-admin entry; admin
      // access exists only through the configured access entries (and the kubectl provider's own).
      bootstrapClusterCreatorAdminPermissions: false,
      kubectlProviderOptions: { kubectlLayer: version.kubectlLayer, privateSubnets },
      tags: { 'payment-platform/cluster': this.clusterName },
    });
    // The control plane (not its role or the kubectl provider) waits for its log group, so EKS logs into ours.
    (this.cluster.node.defaultChild ?? this.cluster).node.addDependency(this.controlPlaneLogGroup);
    this.nodeSecurityGroup = this.cluster.clusterSecurityGroup;
    // Created here, not through `cluster.openIdConnectProvider`, whose kind depends on a feature flag.
    this.oidcProvider = new eks.OidcProviderNative(this, 'OidcProvider', { url: this.cluster.clusterOpenIdConnectIssuerUrl, removalPolicy: RemovalPolicy.DESTROY });
    // Nodes and pods use the EKS-managed cluster security group; the control plane's additional
    // group never needs to reach the data tier, so peers see only the former.
    this.connections = new ec2.Connections({ securityGroups: [this.nodeSecurityGroup] });
    if (config.cluster.adminRoleArn) {
      this.cluster.grantAccess('Admin', config.cluster.adminRoleArn, [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
      ]);
    }
    this.acknowledgeClusterRole();
    Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: "EncryptionConfig.Resources is marked deprecated in the resource schema, but EKS still takes ['secrets'] to " +
        'envelope-encrypt Kubernetes secrets with the cluster key instead of an AWS-owned key (PCI DSS 3.5.1).',
    });
    this.hardenKubectlProvider(props.logsKey);
    this.startControlPlaneEarly(props.vpc);

    const context: AddonContext = { cluster: this.cluster, config, region, clusterName: this.clusterName, vpc: props.vpc };
    const volumeKey = props.volumeKey ?? props.clusterKey;
    this.managedAddons = new ManagedAddons(this, 'Addons', { context, volumeKey });
    this.nodeGroups = new PaymentNodeGroups(this, 'NodeGroups', {
      cluster: this.cluster, nodeGroups: config.cluster.nodeGroups, volumeKey, subnets, kubernetesVersion: config.cluster.kubernetesVersion,
    });
    // The node groups start with the networking add-ons instead of after them (saves their three
    // minutes on the deploy's critical path): an instance boots and its kubelet registers the node
    // without a CNI; the node turns Ready when aws-node runs. Everything that schedules pods waits
    // for both the nodes and the networking add-ons.
    const groups = Object.values(this.nodeGroups.groups);
    for (const group of groups) group.node.addDependency(props.vpc);
    for (const addon of this.managedAddons.afterNodes) addon.node.addDependency(...groups, ...this.managedAddons.beforeNodes);

    // StorageClasses are plain API objects: applied as soon as kubectl reaches the cluster, so the
    // charts with volumes need not wait for the EBS CSI driver (their claims bind once it runs).
    this.storageClasses = addStorageClasses(this.cluster, volumeKey);
    const afterNodes = [...groups, ...this.managedAddons.beforeNodes];
    this.albController = addAlbController(this, context);
    this.externalDns = addExternalDns(this, context, props.hostedZoneId ?? config.domain.hostedZoneId);
    this.externalSecrets = addExternalSecrets(this, context);
    this.clusterAutoscaler = addClusterAutoscaler(this, context);
    this.metricsServer = addMetricsServer(this, context);
    for (const addon of [this.albController, this.externalDns, this.externalSecrets, this.clusterAutoscaler, this.metricsServer]) {
      addon.chart.node.addDependency(...afterNodes);
    }
    this.monitoring = new KubePrometheusStack(this, 'Monitoring', {
      context, secretsKey: props.secretsKey, externalSecrets: this.externalSecrets.chart, storageClasses: this.storageClasses, oidcProvider: this.oidcProvider,
      alerting: props.alerting,
      additionalScrapeConfigs: props.additionalScrapeConfigs,
    });
    this.monitoring.chart.node.addDependency(...afterNodes);

    // Default deny in every add-on namespace, with the add-ons' own allows (enforced by vpc-cni).
    this.addonNetworkPolicies = this.cluster.addManifest('AddonNetworkPolicies', ...addonNetworkPolicies({
      appSubnets: privateSubnets.map((s) => s.ipv4CidrBlock),
      apiServiceAddress: '172.20.0.1',
      prometheusNamespace: HELM_CHARTS.kubePrometheusStack.namespace,
    }));
    this.addonNetworkPolicies.node.addDependency(this.albController.chart, this.externalDns.chart, this.externalSecrets.chart,
      this.clusterAutoscaler.chart, this.metricsServer.chart, this.monitoring.chart, this.monitoring.prerequisites, ...this.managedAddons.afterNodes);
  }

  /**
   * The Helm charts whose CRDs and admission webhooks workload objects use (External Secrets,
   * kube-prometheus-stack), plus the StorageClasses: anything applying ExternalSecret,
   * SecretStore, ServiceMonitor or PrometheusRule objects must depend on these.
   */
  public get workloadPrerequisites(): Construct[] {
    return [this.externalSecrets.chart, this.monitoring.chart, this.storageClasses, this.albController.chart];
  }

  /**
   * Applies a cdk8s chart (e.g. `PaymentWorkloads`) through the kubectl provider, after the
   * operators whose CRDs it uses and the StorageClasses.
   */
  public applyWorkloads(chart: cdk8s.Chart, options: ApplyWorkloadsOptions = {}): eks.KubernetesManifest {
    const manifest = this.cluster.addCdk8sChart(options.id ?? 'Workloads', chart, { ingressAlb: options.ingressAlb ?? false });
    manifest.node.addDependency(...this.workloadPrerequisites);
    return manifest;
  }

  /**
   * With a private endpoint, aws-eks-v2 makes the control plane wait for the whole VPC (NAT
   * gateways, interface endpoints) because kubectl must reach it from private subnets. The control
   * plane itself needs only its subnets (which it references): it starts at once, and the wait
   * moves to the kubectl barrier every manifest and chart depends on, and to the node groups, whose
   * nodes need egress to join. Saves the NAT gateway time (about 2 minutes) on the critical path.
   */
  private startControlPlaneEarly(vpc: ec2.IVpc): void {
    const cfnCluster = this.cluster.node.defaultChild as CfnResource;
    cfnCluster.addOverride('DependsOn', [Stack.of(this).getLogicalId(this.controlPlaneLogGroup.node.defaultChild as CfnResource)]);
    this.cluster.node.findChild('KubectlReadyBarrier').node.addDependency(vpc);
  }

  /** The cluster service role needs the AWS-managed policy EKS documents. */
  private acknowledgeClusterRole(): void {
    Validations.of(this.cluster.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKSClusterPolicy]',
      reason: 'EKS requires the AWS-managed AmazonEKSClusterPolicy on the cluster service role; only eks.amazonaws.com assumes it (PCI DSS 7.2.1).',
    });
  }

  /**
   * The aws-eks-v2 kubectl provider (two Lambda functions of aws-cdk-lib): its log groups are
   * encrypted with the logs key, and the findings of its AWS-managed internals are acknowledged
   * on exactly the role or function that carries them.
   */
  private hardenKubectlProvider(logsKey: kms.IKey): void {
    const provider = this.cluster.node.tryFindChild('KubectlProvider');
    if (!provider) return;
    const handler = provider.node.findChild('Handler') as lambda.Function;
    const onEvent = provider.node.findChild('Provider').node.findChild('framework-onEvent') as lambda.Function;
    for (const fn of [handler, onEvent]) {
      const logGroup = fn.node.tryFindChild('LogGroup');
      const cfnLogGroup = logGroup?.node.defaultChild as logs.CfnLogGroup | undefined;
      if (cfnLogGroup) cfnLogGroup.kmsKeyId = logsKey.keyArn;
    }
    const reason = 'aws-eks-v2 kubectl provider, an AWS-maintained custom resource of aws-cdk-lib: CloudFormation invokes it only at ' +
      'deploy time, it runs in the private subnets and reaches only this cluster through its access entry (PCI DSS 7.2.1, 6.3.2).';
    const managed = (name: string): string => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`;
    const ecrPublic = provider.node.findAll().find((c): c is CfnCondition => c instanceof CfnCondition);
    const handlerIds = [
      managed('service-role/AWSLambdaBasicExecutionRole'),
      managed('service-role/AWSLambdaVPCAccessExecutionRole'),
      managed('AmazonEC2ContainerRegistryReadOnly'),
    ];
    if (ecrPublic) {
      const condition = Stack.of(this).getLogicalId(ecrPublic);
      handlerIds.push(`AwsSolutions-IAM4[Policy::${JSON.stringify({ 'Fn::If': [condition,
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly']] },
        { Ref: 'AWS::NoValue' }] })}]`);
    }
    for (const id of handlerIds) Validations.of(handler.role!).acknowledge({ id, reason });
    for (const id of [managed('service-role/AWSLambdaBasicExecutionRole'), managed('service-role/AWSLambdaVPCAccessExecutionRole'),
      `AwsSolutions-IAM5[Resource::${nagString(this, handler.functionArn)}:*]`]) {
      Validations.of(onEvent.role!).acknowledge({ id, reason });
    }
    for (const fn of [handler, onEvent]) {
      const policy = fn.role?.node.tryFindChild('DefaultPolicy');
      for (const id of ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy']) {
        if (policy) Validations.of(policy).acknowledge({ id, reason });
      }
      // CloudFormation calls the provider once per kubectl resource change and waits for its answer:
      // a failed call fails the deployment (stack events, CloudTrail), so a dead-letter queue would
      // hold nothing anyone reads, and deploy-time calls cannot exhaust the account's concurrency.
      Validations.of(fn).acknowledge(
        { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason} A failed invocation fails and rolls back the CloudFormation deployment, which records it in the stack events.` },
        { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${reason} It runs only while CloudFormation deploys this stack, one call per kubectl resource change.` },
      );
    }
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `${reason} Its runtime is chosen by aws-cdk-lib and moves with aws-cdk-lib upgrades.`,
    });
  }
}

/** The construct's own checks of the settings it reads, with the rules the configuration schema uses. */
function validate(props: PaymentClusterProps): void {
  const checks = new PropChecks('PaymentCluster', (v) => Token.isUnresolved(v));
  checks.prop('retention.logRetentionDays', props.config.retention.logRetentionDays, logRetentionDaysRule);
  props.config.cluster.endpointPublicAccessCidrs.forEach((cidr, i) => checks.prop(`cluster.endpointPublicAccessCidrs[${i}]`, cidr, publicAccessCidrRule));
  checks.done();
}
