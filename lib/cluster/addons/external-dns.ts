import { Annotations, Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { workloadRoleName } from '../../config/naming';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/** Service account of ExternalDNS. */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = 'external-dns';

/**
 * ExternalDNS, allowed to change records only in the platform's hosted zone (`hostedZoneId`) and
 * filtered to the platform's domain, in `upsert-only` mode (it never deletes records it did not
 * create). Without a zone id it falls back to every zone of the account and warns.
 */
export function addExternalDns(scope: Construct, ctx: AddonContext, hostedZoneId: string | undefined): HelmAddon {
  const zoneArn = `arn:${Aws.PARTITION}:route53:::hostedzone/${hostedZoneId ?? '*'}`;
  const addon = new HelmAddon(scope, 'ExternalDns', {
    cluster: ctx.cluster,
    clusterName: ctx.clusterName,
    pin: HELM_CHARTS.externalDns,
    identity: {
      roleName: workloadRoleName(ctx.config, ctx.region, 'external-dns'),
      serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
      statements: [
        new iam.PolicyStatement({ actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'], resources: [zoneArn] }),
        new iam.PolicyStatement({ actions: ['route53:ListHostedZones', 'route53:ListTagsForResources'], resources: ['*'] }),
      ],
    },
    values: {
      provider: { name: 'aws' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: ctx.region }],
      domainFilters: [ctx.config.domain.zoneName],
      ...(hostedZoneId ? { extraArgs: [`--zone-id-filter=${hostedZoneId}`] } : {}),
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: ctx.clusterName,
      sources: ['ingress', 'service'],
      serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
      nodeSelector: SYSTEM_NODE_SELECTOR,
    },
  });
  Validations.of(addon.policy!).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'route53:ListHostedZones and route53:ListTagsForResources support no resource-level permissions; they only list. ' +
      'Record changes are limited to the platform hosted zone (PCI DSS 7.2.1).',
  });
  if (!hostedZoneId) {
    Validations.of(addon.policy!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::hostedzone/*]',
      reason: 'No hosted zone id configured: ExternalDNS may change any zone of the account but only names under the ' +
        'platform domain (--domain-filter); set domain.hostedZoneId to scope IAM to the zone.',
    });
    Annotations.of(scope).addWarningV2('cdk-payment-platform:externalDnsZoneScope',
      `domain.hostedZoneId is not set: ExternalDNS may change records in every hosted zone of the account (filtered to ` +
      `${ctx.config.domain.zoneName} only by its --domain-filter). Set domain.hostedZoneId or the hostedZoneId prop.`);
  }
  return addon;
}
