import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { poolNodeSelector } from '../../core/placement';

/** What every add-on needs to know about the cluster it is installed in. */
export interface AddonContext {
  readonly cluster: eks.Cluster;
  readonly config: ResolvedPlatformConfig;
  /** Region of the cluster, e.g. `us-east-1`. */
  readonly region: string;
  /** The cluster's deterministic name. */
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
}

/** Schedules a chart's pods on the system node group (no taints, sized for cluster services). */
export const SYSTEM_NODE_SELECTOR: Readonly<Record<string, string>> = poolNodeSelector('system');
