/**
 * What the estimate assumes about usage: a template says how much is provisioned (instances,
 * brokers, volumes, endpoints), not how much traffic or data there will be. Every usage-priced
 * line uses one of these figures, and the report prints them. `--usage <file.json>` overrides them.
 */
export interface UsageAssumptions {
  /** GB through each NAT gateway per month (image pulls, third-party APIs). */
  readonly natGbPerGateway: number;
  /** GB through each interface endpoint per month. */
  readonly interfaceEndpointGbPerEndpoint: number;
  /** Aurora storage per cluster (GB). */
  readonly auroraStorageGb: number;
  /** Aurora Standard I/O requests per cluster per month (millions). */
  readonly auroraIoMillions: number;
  /** Backup storage billed beyond the free allowance (one copy of the data) per cluster (GB): 35 days of backups. */
  readonly auroraBackupGb: number;
  /** Aurora global database replication to each secondary region per month (GB). */
  readonly auroraReplicationGbPerSecondary: number;
  /** Data stored per S3 bucket (GB). */
  readonly s3GbPerBucket: number;
  /** Images stored per ECR repository (GB). */
  readonly ecrGbPerRepository: number;
  /** Requests per web ACL per month (millions). */
  readonly wafMillionRequests: number;
  /** DNS queries per hosted zone per month (millions; alias queries to AWS resources are free). */
  readonly route53MillionQueries: number;
  /** Log volume per log group per month (GB), by kind. */
  readonly logsGbPerGroup: { readonly eksControlPlane: number; readonly flowLogs: number; readonly waf: number; readonly other: number };
  /** Archived log size as a fraction of the ingested size (CloudWatch bills storage compressed). */
  readonly logsCompression: number;
  /** GB each MSK Replicator copies per month. */
  readonly mskReplicatedGb: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
  natGbPerGateway: 200,
  interfaceEndpointGbPerEndpoint: 20,
  auroraStorageGb: 200,
  auroraIoMillions: 300,
  auroraBackupGb: 200,
  auroraReplicationGbPerSecondary: 100,
  s3GbPerBucket: 100,
  ecrGbPerRepository: 5,
  wafMillionRequests: 30,
  route53MillionQueries: 10,
  logsGbPerGroup: { eksControlPlane: 60, flowLogs: 50, waf: 30, other: 2 },
  logsCompression: 0.15,
  mskReplicatedGb: 1000,
};

/** One line per assumption, for the report. */
export function describeUsage(u: UsageAssumptions): string[] {
  return [
    `NAT gateways: ${u.natGbPerGateway} GB processed per gateway; interface endpoints: ${u.interfaceEndpointGbPerEndpoint} GB per endpoint`,
    `Aurora: ${u.auroraStorageGb} GB storage, ${u.auroraIoMillions} M I/O requests and ${u.auroraBackupGb} GB billable backup per cluster; ` +
      `${u.auroraReplicationGbPerSecondary} GB replicated to each secondary region`,
    `S3: ${u.s3GbPerBucket} GB per bucket; ECR: ${u.ecrGbPerRepository} GB per repository`,
    `WAF: ${u.wafMillionRequests} M requests per web ACL; Route 53: ${u.route53MillionQueries} M queries per zone`,
    `CloudWatch Logs per group and month: EKS control plane ${u.logsGbPerGroup.eksControlPlane} GB, flow logs ${u.logsGbPerGroup.flowLogs} GB, ` +
      `WAF ${u.logsGbPerGroup.waf} GB, others ${u.logsGbPerGroup.other} GB; kept for their retention (at most 12 months counted), archived at ${u.logsCompression * 100}% of ingested size`,
    `MSK Replicator: ${u.mskReplicatedGb} GB copied per month; node groups run at their desired size; all prices on-demand, before Savings Plans or reservations`,
  ];
}
