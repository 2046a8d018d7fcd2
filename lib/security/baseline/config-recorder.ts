import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardArns } from '../acknowledge';

/** Props of {@link ConfigRecorder}. */
export interface ConfigRecorderProps {
  /** The bucket (of the account security stack, any region) the delivery channel writes to. */
  readonly bucketName: string;
  /** The bucket's region. */
  readonly bucketRegion: string;
  /** The alias of the bucket's default-encryption key (S3 encrypts the deliveries with it). */
  readonly bucketKeyAlias: string;
  /** Record IAM and other global resources (in one region only, the primary). */
  readonly includeGlobalResources: boolean;
  /**
   * S3 URI of a conformance pack template deployed after the recorder.
   * @default - none
   */
  readonly conformancePackTemplateS3Uri?: string;
  /** The conformance pack's name. @default 'pci-dss' */
  readonly conformancePackName?: string;
}

/**
 * AWS Config in one region: a recorder of every supported resource type (continuous), its role
 * (the AWS-managed AWS_ConfigRole plus delivery to the one bucket), a delivery channel with daily
 * snapshots, and optionally a conformance pack (PCI DSS 1.1.1, 2.2, 11.5: configuration history).
 */
export class ConfigRecorder extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'AWS Config recorder and delivery channel',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason: 'PCI DSS 7.2.1: AWS_ConfigRole is the AWS-maintained read-only policy AWS Config needs to describe every resource type it records; AWS adds new types to it. Only config.amazonaws.com of this account assumes the role.',
    });
    const bucketArn = `arn:${stack.partition}:s3:::${props.bucketName}`;
    const objects = `${bucketArn}/AWSLogs/${stack.account}/Config/*`;
    const keys = `arn:${stack.partition}:kms:${props.bucketRegion}:${stack.account}:key/*`;
    const delivery = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [keys],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${props.bucketRegion}.amazonaws.com` },
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.bucketKeyAlias },
          },
        }),
      ],
    });
    acknowledgeWildcardArns(delivery, [objects, keys], 'PCI DSS 7.2.1: AWS Config names its snapshot and history objects by date under ' +
      'AWSLogs/<account>/Config/ and the role may only write there; the bucket key lives in another region\'s stack, so it is named by ' +
      'alias (kms:ResourceAliases) and usable only through S3 (kms:ViaService).');
    this.recorder = new config.CfnConfigurationRecorder(this, 'Resource', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResources },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.bucketName,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(this.recorder);
    if (props.conformancePackTemplateS3Uri) {
      const pack = new config.CfnConformancePack(this, 'ConformancePack', {
        conformancePackName: props.conformancePackName ?? 'pci-dss',
        templateS3Uri: props.conformancePackTemplateS3Uri,
      });
      pack.addResourceDependency(channel);
    }
  }
}
