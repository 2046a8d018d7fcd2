import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { ResolvedPlatformConfig } from '../config/platform-config';

/** ECR accepts at most this many destinations in a registry's replication configuration. */
const MAX_DESTINATIONS = 25;

/** Props of {@link RegistryReplication}. */
export interface RegistryReplicationProps {
  /** The validated configuration (`name`, `account`, `regions`). */
  readonly config: ResolvedPlatformConfig;
  /**
   * Regions images are copied to.
   * @default - every secondary region
   */
  readonly destinationRegions?: string[];
}

/**
 * Registry-level ECR replication from the primary region (where CI pushes) to the other regions, for
 * the platform's repositories only (prefix `<name>/`). Each region's stack creates its own
 * repositories (CMK encryption, immutable tags, scan on push); replication copies images into those
 * existing repositories, so every region pulls locally and none depends on another at run time.
 * There is one replication configuration per registry (account and region): this construct owns it.
 */
export class RegistryReplication extends Construct {
  public readonly resource: ecr.CfnReplicationConfiguration;
  public readonly destinationRegions: string[];

  constructor(scope: Construct, id: string, props: RegistryReplicationProps) {
    super(scope, id);
    const { config } = props;
    const source = Stack.of(this).region;
    const destinations = props.destinationRegions ?? config.regions.filter((r) => r.role === 'secondary').map((r) => r.region);
    if (destinations.length === 0 || destinations.length > MAX_DESTINATIONS || new Set(destinations).size !== destinations.length) {
      throw new Error(
        `RegistryReplication: destinationRegions ${JSON.stringify(destinations)} must list 1–${MAX_DESTINATIONS} distinct regions ` +
          "(by default the regions with role 'secondary'; a single-region platform needs no replication).",
      );
    }
    if (!Token.isUnresolved(source) && destinations.includes(source)) {
      throw new Error(`RegistryReplication: destinationRegions includes '${source}', the source region of this stack; ECR cannot replicate a registry to itself.`);
    }
    this.destinationRegions = destinations;
    this.resource = new ecr.CfnReplicationConfiguration(this, 'Resource', {
      replicationConfiguration: {
        rules: [
          {
            destinations: destinations.map((region) => ({ region, registryId: config.account })),
            repositoryFilters: [{ filter: `${config.name}/`, filterType: 'PREFIX_MATCH' }],
          },
        ],
      },
    });
  }
}
