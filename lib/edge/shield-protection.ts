import * as shield from 'aws-cdk-lib/aws-shield';
import { Construct } from 'constructs';

/** Props of {@link ShieldAdvancedProtection}. */
export interface ShieldAdvancedProtectionProps {
  /**
   * Name of the protection group (letters, digits, `-` and `_`, ≤ 36 characters).
   * Changing it replaces the group.
   */
  readonly protectionGroupId: string;
}

/**
 * AWS Shield Advanced for the region's load balancers. **Costs $3,000 per month per organization
 * (one-year commitment) plus data transfer out**, which is why `edge.shieldAdvanced` is off by default.
 *
 * Prerequisites and limits, because the ALB is created at run time by the AWS Load Balancer Controller
 * and its ARN is unknown at synth:
 * - the account must be subscribed first (`aws shield create-subscription`, once per account);
 * - this construct creates a protection group of pattern `BY_RESOURCE_TYPE` /
 *   `APPLICATION_LOAD_BALANCER`, which gathers every *protected* ALB of the account for detection and
 *   reporting (aggregation `MEAN`, AWS's advice for load balancers sharing traffic);
 * - the ALB itself is protected after the cluster has created it, with one command
 *   (`aws shield create-protection --name <name> --resource-arn <alb arn>`, see docs/failover.md),
 *   and it then joins this group automatically. Application-layer mitigation uses the web ACL.
 */
export class ShieldAdvancedProtection extends Construct {
  public readonly protectionGroup: shield.CfnProtectionGroup;

  constructor(scope: Construct, id: string, props: ShieldAdvancedProtectionProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,36}$/.test(props.protectionGroupId)) {
      throw new Error(
        `ShieldAdvancedProtection: protectionGroupId '${props.protectionGroupId}' must be 1–36 letters, digits, '-' or '_'.`,
      );
    }
    this.protectionGroup = new shield.CfnProtectionGroup(this, 'Resource', {
      protectionGroupId: props.protectionGroupId,
      pattern: 'BY_RESOURCE_TYPE',
      resourceType: 'APPLICATION_LOAD_BALANCER',
      aggregation: 'MEAN',
    });
  }
}
