import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DESTRUCTIVE_KEY_ACTIONS } from './platform-keys';

/** Props of {@link KeyDestructionAlarm}. */
export interface KeyDestructionAlarmProps {
  /** The alarm topic of the region. */
  readonly topic: sns.ITopic;
  /** The key that encrypts the topic: EventBridge is allowed to use it to publish. */
  readonly topicKey: kms.IKey;
}

/**
 * Publishes to the alarm topic every call of `kms:ScheduleKeyDeletion` or `kms:DisableKey` in this
 * region and account, allowed or denied (CloudTrail records both; EventBridge receives the
 * management events of every trail, so the account or organization trail is a prerequisite).
 * The message is the CloudTrail event: who called, from where, on which key, and the error code
 * when the key policy denied it.
 */
export class KeyDestructionAlarm extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: KeyDestructionAlarmProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Any attempt to schedule the deletion of, or disable, a KMS key (PCI DSS 3.6.1, 10.2.1.7)',
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['kms.amazonaws.com'], eventName: DESTRUCTIVE_KEY_ACTIONS.map((a) => a.replace('kms:', '')) },
      },
    });
    this.rule.addTarget(new targets.SnsTopic(props.topic));
    // EventBridge encrypts the message with the topic's key (no-op for imported keys).
    props.topicKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeKeyDestructionAlarm',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
  }
}
