import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { secretNamePrefix, workloadRoleName } from '../../config/naming';
import {
  ALERTMANAGER_RECEIVERS_SECRET, alertmanagerConfig, PAGERDUTY_KEY, SLACK_KEY,
} from '../../observability/alert-routing';
import { PodIdentityRole } from '../pod-identity-role';
import type { AddonContext } from './context';
import { HELM_CHARTS } from './versions';

/** Service account of Alertmanager (kube-prometheus-stack `alertmanager.serviceAccount.name`). */
export const ALERTMANAGER_SERVICE_ACCOUNT = 'alertmanager';

/** Where Alertmanager sends alerts. */
export interface MonitoringAlertingProps {
  readonly context: AddonContext;
  /** The region's alarm topic (the one the CloudWatch alarms publish to). */
  readonly topic: sns.ITopic;
  /** The topic's key: Alertmanager encrypts through SNS with it. */
  readonly topicKey: kms.IKey;
  /** Key of the receivers' secrets (the region's secrets key). */
  readonly secretsKey: kms.IKey;
}

/**
 * Alertmanager's receivers: an IAM role bound by EKS Pod Identity to Alertmanager's service
 * account that may publish to the alarm topic only (SigV4, no keys), the Secrets Manager secrets
 * of the PagerDuty routing key and the Slack webhook URL when `config.alarms` enables them (the
 * stack creates them with a placeholder; on-call puts the real value), the ExternalSecret that
 * syncs them into the monitoring namespace, and the chart values of the routing tree.
 */
export class MonitoringAlerting extends Construct {
  public readonly role: PodIdentityRole;
  /** The receivers' secrets by key (`pagerduty-routing-key`, `slack-webhook-url`). */
  public readonly secrets: Record<string, secretsmanager.Secret> = {};
  /** kube-prometheus-stack values for Alertmanager (config, service account, mounted secret). */
  public readonly values: Record<string, unknown>;
  /** The ExternalSecret of the receivers (absent when neither PagerDuty nor Slack is on). */
  public readonly externalSecret?: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: MonitoringAlertingProps) {
    super(scope, id);
    const ctx = props.context;
    const alarms = ctx.config.alarms;
    const namespace = HELM_CHARTS.kubePrometheusStack.namespace;
    this.role = new PodIdentityRole(this, 'Identity', {
      cluster: ctx.cluster,
      clusterName: ctx.clusterName,
      roleName: workloadRoleName(ctx.config, ctx.region, 'alertmanager'),
      namespace,
      serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
      description: 'EKS Pod Identity of Alertmanager: publish alerts to the alarm topic',
    });
    new iam.ManagedPolicy(this, 'Policy', {
      description: 'Alertmanager: publish to the region\'s alarm topic (SigV4) with its key, nothing else',
      roles: [this.role.role],
      statements: [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.topic.topicArn] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.topicKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${ctx.region}.amazonaws.com` } },
        }),
      ],
    });

    const prefix = `${secretNamePrefix(ctx.config, ctx.region)}monitoring/`;
    const receiverSecret = (key: string, cid: string, what: string) => {
      const secret = new secretsmanager.Secret(this, cid, {
        secretName: `${prefix}${key}`,
        description: `${what} for Alertmanager; replace the placeholder with put-secret-value (External Secrets syncs it within 1 h)`,
        encryptionKey: props.secretsKey,
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `A third-party credential (${what}) issued by that service, which Secrets Manager cannot rotate; PCI DSS 8.3.9: ` +
          'rotated in the issuing service by the access-review runbook and put here, External Secrets syncs it.',
      });
      this.secrets[key] = secret;
      return secret;
    };
    if (alarms.pagerDuty) receiverSecret(PAGERDUTY_KEY, 'PagerDutyRoutingKey', 'PagerDuty Events API v2 routing key');
    if (alarms.slack) receiverSecret(SLACK_KEY, 'SlackWebhookUrl', 'Slack incoming-webhook URL');

    const keys = Object.entries(this.secrets);
    if (keys.length > 0) {
      this.externalSecret = {
        apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret',
        metadata: { name: ALERTMANAGER_RECEIVERS_SECRET, namespace },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
          target: { name: ALERTMANAGER_RECEIVERS_SECRET, creationPolicy: 'Owner' },
          data: keys.map(([key]) => ({ secretKey: key, remoteRef: { key: `${prefix}${key}` } })),
        },
      };
    }
    this.values = {
      serviceAccount: { create: true, name: ALERTMANAGER_SERVICE_ACCOUNT },
      config: alertmanagerConfig({
        snsTopicArn: props.topic.topicArn, region: ctx.region, pagerDuty: alarms.pagerDuty, slackChannel: alarms.slack?.channel,
      }),
      alertmanagerSpec: keys.length > 0 ? { secrets: [ALERTMANAGER_RECEIVERS_SECRET] } : {},
    };
  }
}
