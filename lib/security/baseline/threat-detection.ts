import { Stack, Validations } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

/** GuardDuty features the platform turns on: EKS audit logs and runtime, S3, RDS, malware. */
export const GUARDDUTY_FEATURES = ['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS', 'EBS_MALWARE_PROTECTION'] as const;

/** Security Hub standards the platform subscribes to (`standards/<id>` of the region). */
export const SECURITY_HUB_STANDARDS = ['pci-dss/v/4.0.1', 'aws-foundational-security-best-practices/v/1.0.0'] as const;

/** Props of {@link ThreatDetection}. */
export interface ThreatDetectionProps {
  /** The IAM Access Analyzer's name. */
  readonly analyzerName: string;
}

/**
 * The regional detective controls of the baseline (PCI DSS 10.7, 11.5, 6.3.1):
 * - GuardDuty with {@link GUARDDUTY_FEATURES} (runtime monitoring manages its EKS add-on);
 * - Security Hub with {@link SECURITY_HUB_STANDARDS} and consolidated control findings;
 * - IAM Access Analyzer for the account (external access to keys, buckets, roles, secrets);
 * - Amazon Inspector enhanced scanning of every ECR repository, continuously.
 */
export class ThreatDetection extends Construct {
  public readonly detector: guardduty.CfnDetector;
  public readonly hub: securityhub.CfnHub;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.detector = new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: GUARDDUTY_FEATURES.map((name) => ({
        name,
        status: 'ENABLED',
        ...(name === 'RUNTIME_MONITORING' ? { additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] } : {}),
      })),
    });
    // The Control Tower control reads the legacy DataSources; GuardDuty rejects a detector that sets
    // both DataSources and Features, and Features is the current API.
    Validations.of(this.detector).acknowledge({
      id: 'cdk-validator-cfnguard::guardduty_s3_protection_enabled_check',
      reason: 'PCI DSS 10.7 / 11.5 (Control Tower CT.GUARDDUTY.PR.1): S3 protection is on through the S3_DATA_EVENTS feature, which replaced DataSources.S3Logs; GuardDuty does not accept both on one detector.',
    });
    this.hub = new securityhub.CfnHub(this, 'SecurityHub', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    for (const standard of SECURITY_HUB_STANDARDS) {
      const s = new securityhub.CfnStandard(this, `Standard-${standard.split('/')[0]}`, {
        standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::standards/${standard}`,
      });
      s.addResourceDependency(this.hub);
    }
    new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ACCOUNT', analyzerName: props.analyzerName });
    new ecr.CfnRegistryScanningConfiguration(this, 'EnhancedScanning', {
      scanType: 'ENHANCED',
      rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    });
  }
}
