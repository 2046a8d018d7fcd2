import { Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { MONITORING_COMPONENTS } from '../core/identities';
import { platformNamespaces, workloadRoleName, type NamingConfig } from '../config/naming';
import { PodIdentityRole } from './pod-identity-role';

/** Props of `ObservabilityIdentities`. */
export interface ObservabilityIdentitiesProps {
  readonly cluster: eks.ICluster;
  readonly config: NamingConfig;
  readonly region: string;
}

/**
 * IAM roles of the monitoring components the workload chart runs in the monitoring namespace,
 * bound by EKS Pod Identity: the CloudWatch exporter reads metrics (no write, no other service),
 * the OpenTelemetry Collector writes traces to X-Ray. Both APIs have no resource-level
 * permissions (Service Authorization Reference: `cloudwatch:GetMetricData`, `xray:PutTraceSegments`
 * take only `*`), so the actions are the boundary.
 */
export class ObservabilityIdentities extends Construct {
  public readonly cloudwatchExporter: PodIdentityRole;
  public readonly otelCollector: PodIdentityRole;

  constructor(scope: Construct, id: string, props: ObservabilityIdentitiesProps) {
    super(scope, id);
    const namespace = platformNamespaces(props.config).monitoring;
    const role = (cid: string, name: string, description: string, actions: string[], reason: string): PodIdentityRole => {
      const r = new PodIdentityRole(this, cid, {
        cluster: props.cluster,
        roleName: workloadRoleName(props.config, props.region, name),
        namespace,
        serviceAccount: name,
        description: `EKS Pod Identity of ${name}: ${description}`,
      });
      const policy = new iam.ManagedPolicy(this, `${cid}Policy`, {
        description: `${name}: ${description}`,
        roles: [r.role],
        statements: [new iam.PolicyStatement({ actions, resources: ['*'] })],
      });
      Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
      return r;
    };
    this.cloudwatchExporter = role('CloudWatchExporter', MONITORING_COMPONENTS.cloudwatchExporter.name, 'read CloudWatch metrics',
      ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics'],
      'CloudWatch metric reads have no resource-level permissions; the role may only read metrics (no alarms, no writes), ' +
      'and only this exporter\'s service account assumes it (PCI DSS 7.2.1).');
    this.otelCollector = role('OtelCollector', MONITORING_COMPONENTS.otelCollector.name, 'write traces to X-Ray',
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
      'X-Ray trace and sampling APIs have no resource-level permissions; the role may only send traces and read sampling rules ' +
      '(the AWSXrayWriteOnlyAccess actions), and only the collector\'s service account assumes it (PCI DSS 7.2.1).');
  }
}
