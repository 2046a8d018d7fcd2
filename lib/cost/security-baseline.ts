/**
 * Prices of the account security baseline (`securityBaseline.mode: 'account'`). These services
 * bill by usage (events analysed, checks run, items recorded, images scanned), so each line is a
 * list price times a stated monthly usage assumption per region. The figures are us-east-1 list
 * prices recalled from the pricing pages below (other regions differ by a few percent) and are
 * not replaced by `--prices`.
 */
export const SECURITY_BASELINE_PRICE_PAGES = [
  'https://aws.amazon.com/guardduty/pricing/',
  'https://aws.amazon.com/security-hub/pricing/',
  'https://aws.amazon.com/config/pricing/',
  'https://aws.amazon.com/cloudtrail/pricing/',
  'https://aws.amazon.com/backup/pricing/',
  'https://aws.amazon.com/inspector/pricing/',
] as const;

/** One priced line of a baseline service: what, how much per month (assumed), unit, unit price. */
export interface BaselineLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
}

/** Monthly lines per resource type; types absent here and free are in `FREE_BASELINE_TYPES`. */
export const SECURITY_BASELINE_LINES: Readonly<Record<string, readonly BaselineLine[]>> = {
  'AWS::GuardDuty::Detector': [
    { item: 'GuardDuty CloudTrail management events (assumed 2 M)', quantity: 2, unit: 'million events', unitPrice: 4.0 },
    { item: 'GuardDuty VPC flow and DNS logs (assumed 100 GB)', quantity: 100, unit: 'GB', unitPrice: 1.0 },
    { item: 'GuardDuty EKS audit logs (assumed 5 M events)', quantity: 5, unit: 'million events', unitPrice: 1.6 },
    { item: 'GuardDuty runtime monitoring (assumed 48 node vCPUs)', quantity: 48, unit: 'vCPU-months', unitPrice: 1.5 },
    { item: 'GuardDuty RDS protection (assumed 16 Aurora vCPUs)', quantity: 16, unit: 'vCPU-months', unitPrice: 1.0 },
    { item: 'GuardDuty S3 protection (assumed 2 M data events)', quantity: 2, unit: 'million events', unitPrice: 0.8 },
    { item: 'GuardDuty malware protection (assumed 50 GB scanned)', quantity: 50, unit: 'GB', unitPrice: 0.15 },
  ],
  'AWS::SecurityHub::Hub': [
    { item: 'Security Hub security checks, PCI DSS + FSBP (assumed 20,000)', quantity: 20000, unit: 'checks', unitPrice: 0.001 },
  ],
  'AWS::Config::ConfigurationRecorder': [
    { item: 'AWS Config configuration items (assumed 3,000)', quantity: 3000, unit: 'items', unitPrice: 0.003 },
    { item: 'AWS Config rule evaluations for Security Hub (assumed 20,000)', quantity: 20000, unit: 'evaluations', unitPrice: 0.001 },
  ],
  'AWS::CloudTrail::Trail': [
    { item: 'CloudTrail data events, backups buckets (assumed 5 M; the first copy of management events is free)', quantity: 50, unit: '100,000 events', unitPrice: 0.1 },
  ],
  'AWS::Backup::BackupVault': [
    { item: 'AWS Backup Aurora snapshots, 35 daily (assumed 500 GB incremental)', quantity: 500, unit: 'GB-months', unitPrice: 0.021 },
    { item: 'AWS Backup cross-region copy transfer (assumed 500 GB)', quantity: 500, unit: 'GB', unitPrice: 0.02 },
  ],
  'AWS::ECR::RegistryScanningConfiguration': [
    { item: 'Inspector ECR scans (assumed 100 new images)', quantity: 100, unit: 'images', unitPrice: 0.09 },
    { item: 'Inspector ECR continuous rescans (assumed 300)', quantity: 300, unit: 'rescans', unitPrice: 0.01 },
  ],
};

/** Baseline resources that cost nothing themselves (or are priced through another resource above). */
export const FREE_BASELINE_TYPES = [
  'AWS::AccessAnalyzer::Analyzer', // external-access analyzers are free
  'AWS::SecurityHub::Standard', // priced through the hub's checks
  'AWS::Config::DeliveryChannel', // delivery is free; the bucket is priced as S3
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', // priced through the vault's storage
  'AWS::Events::Rule', // rules on AWS service events are free
] as const;
