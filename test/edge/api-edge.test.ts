import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ApiCertificate } from '../../lib/edge/api-certificate';
import { ApiEdge } from '../../lib/edge/api-edge';
import { apiHostnames } from '../../lib/edge/hostnames';
import { ShieldAdvancedProtection } from '../../lib/edge/shield-protection';
import { nagFindings } from '../support/compliance';
import { exampleConfig, testApp, testStack } from '../support/fixtures';

function zone(stack: Stack, zoneName = 'verypay.example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName });
}

describe('apiHostnames', () => {
  test('derives the global and regional names from domain.apiLabel and zoneName', () => {
    expect(apiHostnames(exampleConfig(), 'eu-west-1')).toEqual({
      global: 'api.verypay.example.com',
      regional: 'api-eu-west-1.verypay.example.com',
    });
    expect(apiHostnames(exampleConfig({ domain: { zoneName: 'pay.example.org', apiLabel: 'gw' } }), 'us-east-1')).toEqual({
      global: 'gw.pay.example.org',
      regional: 'gw-us-east-1.pay.example.org',
    });
  });
});

describe('ApiCertificate', () => {
  test('covers the global and the regional API name, DNS-validated in the platform zone', () => {
    const stack = testStack(testApp(), 'Cert', 'eu-west-1');
    const cert = new ApiCertificate(stack, 'Cert', { config: exampleConfig(), hostedZone: zone(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.verypay.example.com',
      SubjectAlternativeNames: ['api-eu-west-1.verypay.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'api.verypay.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
        { DomainName: 'api-eu-west-1.verypay.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ],
    });
    expect(cert.domainNames).toEqual(['api.verypay.example.com', 'api-eu-west-1.verypay.example.com']);
    expect(nagFindings(stack)).toEqual([]);
  });

  test('fails when the hosted zone is not the platform zone', () => {
    const stack = testStack();
    expect(() => new ApiCertificate(stack, 'Cert', { config: exampleConfig(), hostedZone: zone(stack, 'other.example.com') }))
      .toThrow(/hostedZone 'other\.example\.com' is not the platform zone 'verypay\.example\.com' \(domain\.zoneName\)/);
  });

  test('fails when no region is given and the stack is environment-agnostic', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    expect(() => new ApiCertificate(stack, 'Cert', { config: exampleConfig(), hostedZone: zone(stack) }))
      .toThrow(/region is not set and the enclosing stack has no concrete region/);
  });
});

describe('ShieldAdvancedProtection', () => {
  test('groups every protected ALB of the account', () => {
    const stack = testStack();
    new ShieldAdvancedProtection(stack, 'Shield', { protectionGroupId: 'verypay-prod-use1-alb' });
    Template.fromStack(stack).hasResourceProperties('AWS::Shield::ProtectionGroup', {
      ProtectionGroupId: 'verypay-prod-use1-alb',
      Pattern: 'BY_RESOURCE_TYPE',
      ResourceType: 'APPLICATION_LOAD_BALANCER',
      Aggregation: 'MEAN',
    });
  });

  test('fails when the protection group id has illegal characters', () => {
    expect(() => new ShieldAdvancedProtection(testStack(), 'Shield', { protectionGroupId: 'bad id!' }))
      .toThrow(/protectionGroupId 'bad id!' must be 1–36 letters/);
  });
});

describe('ApiEdge', () => {
  function build(shieldAdvanced: boolean) {
    const stack = testStack(testApp(), 'Edge', 'ap-southeast-1');
    const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const base = exampleConfig();
    const edge = new ApiEdge(stack, 'Edge', { config: { ...base, edge: { ...base.edge, shieldAdvanced } }, hostedZone: zone(stack), logsKey });
    return { stack, edge, template: Template.fromStack(stack) };
  }

  test('composes certificate and web ACL and exposes what the Ingress needs', () => {
    const { stack, edge, template } = build(false);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::Shield::ProtectionGroup', 0);
    expect(edge.shield).toBeUndefined();
    expect(edge.hostnames).toEqual({ global: 'api.verypay.example.com', regional: 'api-ap-southeast-1.verypay.example.com' });
    expect(stack.resolve(edge.webAclArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EdgeWebAcl/), 'Arn'] });
    expect(stack.resolve(edge.certificateArn)).toEqual({ Ref: expect.stringMatching(/^EdgeCertificate/) });
    expect(nagFindings(stack)).toEqual([]);
  });

  test('adds the Shield Advanced protection group only when edge.shieldAdvanced is true', () => {
    const { template } = build(true);
    template.hasResourceProperties('AWS::Shield::ProtectionGroup', { ProtectionGroupId: 'verypay-prod-apse1-alb' });
  });

  test('fails when the stack has no concrete region', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    expect(() => new ApiEdge(stack, 'Edge', { config: exampleConfig(), hostedZone: zone(stack), logsKey }))
      .toThrow(/ApiEdge: the enclosing stack has no concrete region/);
  });
});
