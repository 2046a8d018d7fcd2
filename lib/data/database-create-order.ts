import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';

/**
 * The create order of a `PaymentDatabase`, kept to what the resources need (the deploy critical
 * path, `npm run critical-path`, runs through it):
 * - the `AWS::RDS::DBCluster` waits for the PostgreSQL log group, so the log group RDS exports
 *   into is ours (CMK-encrypted, retained) and never one RDS created first; nothing else of the
 *   database (subnet group, security group, monitoring role, secret) waits for it;
 * - in a global **secondary** the readers are created beside the writer instance instead of after
 *   it. aws-cdk-lib orders readers after the writer because the first instance of a cluster
 *   becomes its writer; a secondary cluster has no writer at all (every instance is read-only
 *   until a switchover or failover promotes the cluster, and then Aurora picks the instance to
 *   promote by promotion tier: `Writer` is tier 0, readers tier 1). A primary keeps the order.
 */
export function applyCreateOrder(cluster: rds.DatabaseCluster, logGroup: logs.ILogGroup, secondary: boolean): void {
  cluster.node.defaultChild!.node.addDependency(logGroup);
  if (!secondary) return;
  const writer = cluster.node.tryFindChild('Writer');
  if (!writer) return;
  for (const reader of cluster.node.children.filter((c) => /^Reader\d+$/.test(c.node.id))) {
    reader.node.removeDependency(writer);
  }
}
