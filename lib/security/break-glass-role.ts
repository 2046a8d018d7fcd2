import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardArns } from './acknowledge';

/** Props of {@link BreakGlassRole}. */
export interface BreakGlassRoleProps {
  /** The role's name: the one principal the platform's key policies let destroy or disable a key. */
  readonly roleName: string;
  /** The key aliases the role may act on, e.g. `alias/verypay-prod-*`. */
  readonly keyAliasPattern: string;
}

/**
 * The break-glass role for key destruction: assumable by principals of this account only with
 * MFA, for one hour, and allowed only to schedule or cancel the deletion of, disable or enable
 * the platform's keys (docs/runbooks/break-glass.md). Every key policy denies those actions to
 * everyone else, and every attempt raises the key-destruction alarm.
 */
export class BreakGlassRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BreakGlassRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: 'Break glass: schedule deletion of or disable a platform KMS key (docs/runbooks/break-glass.md)',
      assumedBy: new iam.AccountPrincipal(stack.account).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      maxSessionDuration: Duration.hours(1),
    });
    const keys = `arn:${stack.partition}:kms:*:${stack.account}:key/*`;
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      statements: [new iam.PolicyStatement({
        actions: ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DisableKey', 'kms:EnableKey', 'kms:DescribeKey'],
        resources: [keys],
        conditions: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': props.keyAliasPattern } },
      })],
    });
    acknowledgeWildcardArns(policy, [keys], `PCI DSS 3.6.1 / 7.2.2: key ids are random, so the policy names the platform's keys by alias (kms:ResourceAliases ${props.keyAliasPattern}) in every region; the role is assumable only with MFA for one hour (docs/runbooks/break-glass.md).`);
  }
}
