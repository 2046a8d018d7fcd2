import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ApiIngress, PlatformNamespace, ServiceCatalog, type ServiceSpec, workloadsPropsFromConfig } from '../../charts';
import type { DeployTimeValues } from '../../charts';
import type { ResolvedPlatformConfig } from '../../lib';
import { drivoPayCatalog } from '../drivopay-catalog';
import { DRIVOPAY_RELEASE } from './config';

/** Props of `DrivoPayWorkloads`. */
export interface DrivoPayWorkloadsProps {
  /** Namespace of the ten services. */
  readonly namespace: string;
  /** Namespace Prometheus scrapes from. */
  readonly monitoringNamespace: string;
  /** Registry prefix of the images (`<account>.dkr.ecr.<region>.amazonaws.com/drivopay`). */
  readonly registry: string;
  /** The release tag every service runs. */
  readonly tag: string;
  /** The region's VPC CIDR: the ALB's IP targets send from there. */
  readonly vpcCidr: string;
  /** `api-<region>.<zone>` (ExternalDNS) and `api.<zone>` (Route 53 failover record of the global stack). */
  readonly hostnames: { readonly regional: string; readonly global: string };
  /** ALB group name. */
  readonly ingressGroupName: string;
  /** ACM certificate of both hostnames (a CDK token when applied by the regional stack). */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL (a CDK token when applied by the regional stack). */
  readonly wafAclArn: string;
}

/**
 * DrivoPay's workloads without blockchain: a restricted, default-deny namespace, the ten services
 * of the seed as data (`ServiceCatalog`: Deployment, Service, HPA, PDB, ServiceAccount,
 * NetworkPolicy and ServiceMonitor each) and the public Ingress in front of api-gateway.
 * Built from the library's chart constructs only; no new workload code.
 */
export class DrivoPayWorkloads extends Chart {
  public readonly catalog: ServiceCatalog;

  constructor(scope: Construct, id: string, props: DrivoPayWorkloadsProps) {
    super(scope, id, { labels: { 'app.kubernetes.io/part-of': 'drivopay', 'app.kubernetes.io/managed-by': 'cdk8s' } });
    const namespace = new PlatformNamespace(this, 'Namespace', { name: props.namespace, tier: 'application', podSecurity: 'restricted' });
    // The ALB (target type ip) reaches api-gateway from the VPC; every other call is declared in the catalog.
    const services: ServiceSpec[] = drivoPayCatalog(props.registry, props.tag).map((s) => s.name !== 'api-gateway' ? s : {
      ...s,
      ingress: [...(s.ingress ?? []), { peers: [{ cidr: props.vpcCidr }], ports: [{ port: s.port }] }],
    });
    this.catalog = new ServiceCatalog(this, 'Services', {
      namespace: namespace.name,
      services,
      metricsScrapers: [{ namespace: props.monitoringNamespace }],
      serviceMonitorLabels: { 'app.kubernetes.io/part-of': 'drivopay' },
    });
    new ApiIngress(this, 'Ingress', {
      namespace: namespace.name,
      service: this.catalog.services['api-gateway'].service,
      regionalHostname: props.hostnames.regional,
      globalHostname: props.hostnames.global,
      certificateArn: props.certificateArn,
      wafAclArn: props.wafAclArn,
      groupName: props.ingressGroupName,
    });
  }
}

/**
 * The chart props of one region, from the platform configuration: the same namespaces, hostnames
 * and ALB group `PaymentWorkloads` would use. `deployTime` carries the CDK values; without it the
 * `REPLACED-AT-DEPLOY` placeholders are used (for `cdk8s synth`).
 */
export function drivoPayWorkloadsProps(config: ResolvedPlatformConfig, region: string, deployTime: Partial<DeployTimeValues> = {}): DrivoPayWorkloadsProps {
  const base = workloadsPropsFromConfig(config, region, deployTime);
  return {
    namespace: base.namespaces.api,
    monitoringNamespace: base.namespaces.monitoring,
    registry: `${config.account}.dkr.ecr.${region}.amazonaws.com/${config.name}`,
    tag: DRIVOPAY_RELEASE,
    vpcCidr: base.vpcCidr,
    hostnames: base.hostnames,
    ingressGroupName: base.ingressGroupName,
    certificateArn: base.certificateArn,
    wafAclArn: base.wafAclArn,
  };
}
