import { databaseClusterIdentifier, regionalPrefix, type NamingConfig } from '../lib/core/naming';

/**
 * Marker in every deploy-time placeholder. `cdk8s synth` has no AWS account, so the values only
 * CDK knows are written as readable placeholders containing this marker; the cluster stack passes
 * the real values (tokens) through the chart props (`workloadsPropsFromConfig(config, region, deployTime)` in the package root), and a
 * test can assert that no applied manifest contains it.
 */
export const DEPLOY_TIME_MARKER = 'REPLACED-AT-DEPLOY';

/** The values only the CDK app knows. */
export interface DeployTimeValues {
  /** ACM certificate of the regional and global API hostnames. */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL of the ALB. */
  readonly wafAclArn: string;
  /** The region's load-balancer access-log bucket (`LoadBalancerLogBucket`). */
  readonly loadBalancerLogsBucket: string;
  /** Primary endpoint address of the region's cache. */
  readonly cacheEndpoint: string;
  /**
   * Where writes go: the Aurora global writer endpoint (multi-region), or the region's cluster
   * endpoint (one region).
   */
  readonly databaseEndpoint: string;
  /** The region's own Aurora reader endpoint. */
  readonly databaseReaderEndpoint: string;
  /** ARN of the backups key (the dump upload names it; the bucket refuses any other). */
  readonly backupsKeyArn: string;
  /**
   * `host:9098,…` of the region's Kafka brokers (only with `config.streaming`).
   * @default - `REPLACED-AT-DEPLOY.kafka.<region>.amazonaws.com:9098`
   */
  readonly kafkaBootstrapServers?: string;
  /**
   * `host:9094,…` of the brokers for certificate-authenticated clients (only with
   * `streaming.tlsClientAuthentication`).
   * @default - `REPLACED-AT-DEPLOY.kafka.<region>.amazonaws.com:9094`
   */
  readonly kafkaTlsBootstrapServers?: string;
}

/** The brokers' TLS port for clients with a certificate (Amazon MSK mutual TLS). */
export const KAFKA_TLS_PORT = 9094;

/** The brokers' TLS port for IAM-authenticated clients (Amazon MSK). */
export const KAFKA_IAM_PORT = 9098;

/**
 * Readable placeholders for `cdk8s synth`:
 * - `arn:aws:acm:<region>:<account>:certificate/REPLACED-AT-DEPLOY`
 * - `arn:aws:wafv2:<region>:<account>:regional/webacl/REPLACED-AT-DEPLOY/REPLACED-AT-DEPLOY`
 * - `<name>-<env>-<region code>-alb-logs-REPLACED-AT-DEPLOY` (lower-case parts of a bucket name around the marker)
 * - `REPLACED-AT-DEPLOY.cache.<region>.amazonaws.com`
 * - writer: `<global id>.global-REPLACED-AT-DEPLOY.global.rds.amazonaws.com` (several regions) or
 *   `<cluster id>.cluster-REPLACED-AT-DEPLOY.<region>.rds.amazonaws.com` (one region)
 * - reader: `<cluster id>.cluster-ro-REPLACED-AT-DEPLOY.<region>.rds.amazonaws.com`
 * - `arn:aws:kms:<region>:<account>:key/REPLACED-AT-DEPLOY`
 */
export function deployTimePlaceholders(config: NamingConfig & { readonly regions: readonly unknown[] }, region: string): DeployTimeValues {
  const cluster = databaseClusterIdentifier(config, region);
  return {
    certificateArn: `arn:aws:acm:${region}:${config.account}:certificate/${DEPLOY_TIME_MARKER}`,
    wafAclArn: `arn:aws:wafv2:${region}:${config.account}:regional/webacl/${DEPLOY_TIME_MARKER}/${DEPLOY_TIME_MARKER}`,
    loadBalancerLogsBucket: `${regionalPrefix(config, region)}-alb-logs-${DEPLOY_TIME_MARKER}`,
    cacheEndpoint: `${DEPLOY_TIME_MARKER}.cache.${region}.amazonaws.com`,
    databaseEndpoint: config.regions.length > 1
      ? `${config.name}-${config.environment}-global.global-${DEPLOY_TIME_MARKER}.global.rds.amazonaws.com`
      : `${cluster}.cluster-${DEPLOY_TIME_MARKER}.${region}.rds.amazonaws.com`,
    databaseReaderEndpoint: `${cluster}.cluster-ro-${DEPLOY_TIME_MARKER}.${region}.rds.amazonaws.com`,
    backupsKeyArn: `arn:aws:kms:${region}:${config.account}:key/${DEPLOY_TIME_MARKER}`,
  };
}

/** The chart id (and so the `dist/<id>.k8s.yaml` file name) of a region: `verypay-prod-us-east-1`. */
export function workloadsChartId(config: Pick<NamingConfig, 'name' | 'environment'>, region: string): string {
  return `${config.name}-${config.environment}-${region}`;
}
