import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NamespaceNetworkPolicies } from './network-policies';
import type { PodSecurityLevel } from './security';
import { dnsLabelRule, PropChecks } from '../../lib/core/rules';

/** Props of `PlatformNamespace`. */
export interface PlatformNamespaceProps {
  readonly name: string;
  /** The seeds' `tier` label: application, blockchain, worker, infrastructure. */
  readonly tier: string;
  /** Pod Security admission level, enforced, audited and warned. */
  readonly podSecurity: PodSecurityLevel;
  /**
   * Default-deny NetworkPolicy plus DNS egress.
   * @default true
   */
  readonly defaultDeny?: boolean;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * A namespace with the seeds' labels, Pod Security admission labels (`enforce`, `audit`, `warn` at
 * the same level, version `latest`), and a default-deny NetworkPolicy with DNS allowed.
 */
export class PlatformNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const checks = new PropChecks('PlatformNamespace');
    checks.prop('name', props.name, dnsLabelRule('namespace name'));
    checks.done();
    this.name = props.name;
    const level = props.podSecurity;
    new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          name: props.name,
          tier: props.tier,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });
    if (props.defaultDeny ?? true) new NamespaceNetworkPolicies(this, 'NetworkPolicies', { namespace: props.name });
  }
}
