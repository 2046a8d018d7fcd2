import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { repositoryName } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';

/** ECR accepts at most this many destinations in a registry's replication configuration. */
const MAX_DESTINATIONS = 25;
/** ECR accepts at most this many repository filters per rule. */
const MAX_FILTERS = 100;

/** Props of {@link RegistryReplication}. */
export interface RegistryReplicationProps {
  /** The validated configuration (`name`, `account`, `regions`, `repositories`). */
  readonly config: ResolvedPlatformConfig;
  /**
   * Regions images are copied to.
   * @default - every secondary region
   */
  readonly destinationRegions?: string[];
  /**
   * Replication rules of others in this registry (other teams' repositories) to keep: the
   * resource writes the whole configuration, so rules not listed here are removed on deploy.
   * ECR accepts 10 rules per registry.
   * @default - none: the platform's rule is the registry's only rule
   */
  readonly additionalRules?: ecr.CfnReplicationConfiguration.ReplicationRuleProperty[];
}

/**
 * Registry-level ECR replication from the primary region (where CI pushes) to the other regions.
 *
 * **No race with the regions' repositories.** Each region's stack creates its own repositories
 * (CMK encryption, immutable tags, scan on push). Had replication run before a destination
 * repository existed, the first push would let ECR create that repository itself, and the
 * region's stack would then fail with `RepositoryAlreadyExistsException`. So the rule lists every
 * repository by name (one filter each, not a `<name>/` prefix), and it lives in its own stack
 * (`PaymentPlatform-registry-replication`) that deploys after every regional stack: a repository
 * joins replication only once it exists in every destination region, also when a service or a
 * region is added later.
 *
 * **It owns the registry's replication configuration.** ECR keeps one replication configuration
 * per registry (account and primary region) and `AWS::ECR::ReplicationConfiguration` replaces it
 * whole: a rule another team added by hand or in another stack is removed on deploy. The
 * preflight (`payment-platform preflight`) prints the check. Give the platform its own account
 * (the PCI DSS scope usually does anyway), or declare the other rules in `additionalRules` so
 * they are written together with the platform's.
 */
export class RegistryReplication extends Construct {
  public readonly resource: ecr.CfnReplicationConfiguration;
  public readonly destinationRegions: string[];
  /** The repositories replicated (`<name>/<service>`), one filter each. */
  public readonly repositories: string[];

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
    this.repositories = config.repositories.map((svc) => repositoryName(config, svc));
    if (this.repositories.length > MAX_FILTERS) {
      throw new Error(`repositories: ${this.repositories.length} repositories exceed the ${MAX_FILTERS} filters an ECR replication rule accepts; ` +
        'list fewer services or split them over several platforms.');
    }
    const additional = props.additionalRules ?? [];
    if (additional.length + 1 > 10) {
      throw new Error(`RegistryReplication: additionalRules has ${additional.length} rules; ECR accepts 10 rules per registry including the platform's, so list at most 9.`);
    }
    this.destinationRegions = destinations;
    this.resource = new ecr.CfnReplicationConfiguration(this, 'Resource', {
      replicationConfiguration: {
        rules: [
          {
            destinations: destinations.map((region) => ({ region, registryId: config.account })),
            repositoryFilters: this.repositories.map((filter) => ({ filter, filterType: 'PREFIX_MATCH' })),
          },
          ...additional,
        ],
      },
    });
  }
}
