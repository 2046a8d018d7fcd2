/**
 * Typical CloudFormation create times per resource type, in seconds, for the deploy critical-path
 * estimate. Figures are rounded typical values, not guarantees; each says where it comes from.
 * Types not listed count as DEFAULT_CREATE_SECONDS.
 */
export interface CreateTime {
  readonly seconds: number;
  readonly source: string;
}

export const DEFAULT_CREATE_SECONDS = 10;

export const CREATE_TIMES: Record<string, CreateTime> = {
  'AWS::EKS::Cluster': { seconds: 900, source: 'aws/containers-roadmap#1227: "control plane provisioning time currently averages 15 minutes"' },
  'AWS::EKS::Nodegroup': { seconds: 300, source: 'EKS managed node group create: EC2 launch + node join, typically 3–5 min (EKS user guide, managed node groups)' },
  'AWS::EKS::Addon': { seconds: 90, source: 'EKS add-on create until ACTIVE, typically 1–2 min (EKS user guide, managing add-ons)' },
  'AWS::EKS::AccessEntry': { seconds: 10, source: 'API call, seconds' },
  'AWS::EKS::PodIdentityAssociation': { seconds: 10, source: 'API call, seconds' },
  'Custom::AWSCDK-EKS-HelmChart': { seconds: 180, source: 'helm upgrade --install --wait through the kubectl provider Lambda; bounded by its 15-min timeout, typically 2–3 min' },
  'Custom::AWSCDK-EKS-KubernetesResource': { seconds: 30, source: 'kubectl apply through the kubectl provider Lambda, typically < 1 min' },
  'AWS::RDS::DBCluster': { seconds: 300, source: 'Aurora cluster volume create, typically 5 min (Aurora user guide, creating a DB cluster)' },
  'AWS::RDS::DBInstance': { seconds: 600, source: 'Aurora instance create, typically 8–12 min (Aurora user guide, creating a DB instance)' },
  'AWS::RDS::GlobalCluster': { seconds: 60, source: 'metadata object, about 1 min' },
  'AWS::ElastiCache::ReplicationGroup': { seconds: 720, source: 'Multi-AZ replication group with encryption, typically 10–15 min (ElastiCache user guide)' },
  'AWS::EC2::NatGateway': { seconds: 120, source: 'NAT gateway to available, typically 1–3 min (VPC user guide, NAT gateways)' },
  'AWS::EC2::VPCEndpoint': { seconds: 120, source: 'interface endpoint to available, typically 1–3 min (PrivateLink guide)' },
  'AWS::EC2::VPC': { seconds: 15, source: 'API call, seconds' },
  'AWS::EC2::Subnet': { seconds: 10, source: 'API call, seconds' },
  'AWS::KMS::Key': { seconds: 30, source: 'key create plus policy propagation, under 1 min' },
  'AWS::CertificateManager::Certificate': { seconds: 300, source: 'DNS validation in Route 53: typically a few minutes after the record exists (ACM user guide, DNS validation)' },
  'AWS::Route53::HostedZone': { seconds: 60, source: 'zone create plus INSYNC, about 1 min' },
  'AWS::Route53::RecordSet': { seconds: 60, source: 'change INSYNC, typically within 60 s (Route 53 developer guide)' },
  'AWS::Route53::HealthCheck': { seconds: 10, source: 'API call, seconds' },
  'AWS::WAFv2::WebACL': { seconds: 30, source: 'API call, under 1 min' },
  'AWS::Lambda::Function': { seconds: 20, source: 'function create, seconds (VPC functions may wait for ENIs)' },
  'AWS::SecretsManager::Secret': { seconds: 10, source: 'API call, seconds' },
  'AWS::SecretsManager::RotationSchedule': { seconds: 60, source: 'first rotation invocation, about 1 min' },
  'AWS::S3::Bucket': { seconds: 20, source: 'API call, seconds' },
  'AWS::ECR::Repository': { seconds: 10, source: 'API call, seconds' },
  'AWS::IAM::Role': { seconds: 15, source: 'API call plus propagation, seconds' },
  'AWS::Logs::LogGroup': { seconds: 5, source: 'API call, seconds' },
};

export function createTime(type: string): CreateTime {
  return CREATE_TIMES[type] ?? { seconds: DEFAULT_CREATE_SECONDS, source: 'default for short API calls' };
}
