import { RemovalPolicy } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { globalDatabaseIdentifier } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { GlobalWriterEndpoint } from './global-writer-endpoint';

/** How a region's cluster joins the global database (the `globalDatabase` prop of `PaymentDatabase`). */
export interface GlobalDatabaseMembershipSpec {
  readonly identifier: string;
  readonly role: 'primary' | 'secondary';
}

/** Props of {@link PlatformGlobalDatabase}. */
export interface PlatformGlobalDatabaseProps {
  /** The validated configuration (`database.engineVersion`, `regions`, names). */
  readonly config: ResolvedPlatformConfig;
}

/**
 * The Aurora global database (`AWS::RDS::GlobalCluster`), created empty in the global stack. The
 * primary region's cluster joins it as the writer (it is created with `GlobalClusterIdentifier`),
 * then every secondary region's cluster joins as a read-only secondary fed by storage-level
 * replication (typical lag < 1 s). Each regional cluster encrypts with its own region's data key;
 * the global cluster only requires that they are encrypted. Deletion protection on, retained.
 *
 * Why a global database rather than a cross-region read replica: replication at the storage layer
 * (no load on the writer, lag typically below a second even under write load) and a managed
 * switchover / failover that keeps the topology, so RPO ≈ 1 s and a database failover of one to two
 * minutes — see docs/failover.md.
 */
export class PlatformGlobalDatabase extends Construct {
  public readonly globalCluster: rds.CfnGlobalCluster;
  /** The global cluster identifier (`<name>-<environment>-global`). */
  public readonly identifier: string;
  /**
   * The global writer endpoint: a DNS name Aurora points at the writer instance of whichever
   * cluster is the primary, through switchover and failover (`GlobalClusters[0].Endpoint` of
   * `DescribeGlobalClusters`). Every region writes through it. Referenced weakly
   * (`Fn::GetStackOutput`) by the regional stacks, which live in other regions.
   */
  public readonly writerEndpoint: string;
  /** The lookup of the writer endpoint (a read-only `rds:DescribeGlobalClusters` call at deploy time). */
  public readonly writerEndpointLookup: GlobalWriterEndpoint;
  private readonly config: ResolvedPlatformConfig;

  constructor(scope: Construct, id: string, props: PlatformGlobalDatabaseProps) {
    super(scope, id);
    this.config = props.config;
    this.identifier = globalDatabaseIdentifier(props.config);
    // Validated with the configuration (auroraPostgresVersionRule).
    const engineVersion = props.config.database.engineVersion;
    this.globalCluster = new rds.CfnGlobalCluster(this, 'Resource', {
      globalClusterIdentifier: this.identifier,
      engine: 'aurora-postgresql',
      engineVersion,
      storageEncrypted: true,
      deletionProtection: true,
    });
    this.globalCluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.writerEndpointLookup = new GlobalWriterEndpoint(this, 'WriterEndpoint', {
      globalCluster: this.globalCluster,
      logRetentionDays: props.config.retention.logRetentionDays,
    });
    this.writerEndpoint = this.writerEndpointLookup.address;
  }

  /** The membership to pass as `globalDatabase` to the `PaymentDatabase` of `region`. */
  public membershipFor(region: string): GlobalDatabaseMembershipSpec {
    const r = this.config.regions.find((x) => x.region === region);
    if (!r) {
      throw new Error(`PlatformGlobalDatabase.membershipFor: '${region}' is not in config.regions (${this.config.regions.map((x) => x.region).join(', ')}).`);
    }
    return { identifier: this.identifier, role: r.role };
  }
}
