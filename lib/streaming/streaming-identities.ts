import * as iam from 'aws-cdk-lib/aws-iam';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { ResolvedStreamingUse } from '../core/identities';
import { workloadRoleName, type NamingConfig } from '../config/naming';
import { PodIdentityRole } from '../cluster/pod-identity-role';
import { kafkaAccessStatements } from './kafka-access';
import { privateCaClientStatements } from './kafka-tls-clients';
import type { KafkaCluster } from './kafka-cluster';

/** One service that declared streaming. */
export interface StreamingClient {
  /** Service name (its ServiceAccount and role suffix). */
  readonly name: string;
  readonly use: ResolvedStreamingUse;
  /**
   * Namespace of its ServiceAccount: the Pod Identity association is made there.
   * @default - `StreamingIdentitiesProps.namespace`
   */
  readonly namespace?: string;
}

/** Props of `StreamingIdentities`. */
export interface StreamingIdentitiesProps {
  readonly cluster: eks.ICluster;
  readonly kafka: KafkaCluster;
  readonly config: NamingConfig;
  readonly region: string;
  /** Namespace of the services. */
  readonly namespace: string;
  readonly clients: readonly StreamingClient[];
  /** Topics the cluster has (`streaming.topics`); a declaration naming another is an error. */
  readonly topics: readonly string[];
  /**
   * Roles that already exist for some services (payment-service's), by service name.
   * @default - a Pod Identity role is created for every client
   */
  readonly existingRoles?: Readonly<Record<string, iam.IRole>>;
  /**
   * The region's Private CA when the cluster accepts client certificates (mutual TLS): every client
   * may obtain its certificate from it (`privateCaClientStatements`).
   * @default - no certificate permissions
   */
  readonly certificateAuthorityArn?: string;
}

/**
 * The IAM side of the services' streaming declarations: each client's Pod Identity role (its own,
 * or a new one bound to its ServiceAccount) gets a managed policy allowing exactly its topics and
 * consumer groups on this region's cluster.
 */
export class StreamingIdentities extends Construct {
  /** The role of every client, by service name. */
  public readonly roles: Record<string, iam.IRole> = {};
  public readonly policies: Record<string, iam.ManagedPolicy> = {};

  constructor(scope: Construct, id: string, props: StreamingIdentitiesProps) {
    super(scope, id);
    const known = new Set(props.topics);
    for (const client of props.clients) {
      for (const topic of [...client.use.produces, ...client.use.consumes]) {
        if (!known.has(topic)) {
          throw new Error(`service '${client.name}': streaming names topic '${topic}', which streaming.topics does not create ` +
            `(topics: ${[...known].join(', ') || 'none'}); add it to streaming.topics or change the service's streaming.`);
        }
      }
      const role = props.existingRoles?.[client.name] ?? new PodIdentityRole(this, `${client.name}Role`, {
        cluster: props.cluster,
        roleName: workloadRoleName(props.config, props.region, client.name),
        namespace: client.namespace ?? props.namespace,
        serviceAccount: client.name,
      }).role;
      this.roles[client.name] = role;
      this.policies[client.name] = new iam.ManagedPolicy(this, `${client.name}Policy`, {
        description: `${client.name}: Kafka topics it declared (produces ${client.use.produces.join(', ') || 'none'}; consumes ${client.use.consumes.join(', ') || 'none'})`,
        roles: [role],
        statements: [
          ...kafkaAccessStatements(props.kafka, client.use),
          ...(props.certificateAuthorityArn ? privateCaClientStatements(props.certificateAuthorityArn) : []),
        ],
      });
    }
  }
}
