/**
 * Who provides the account security baseline (CloudTrail, GuardDuty, Security Hub, AWS Config,
 * IAM Access Analyzer, AWS Backup, Inspector ECR scanning):
 * - `account`: the platform creates them in its account (a stack per account, one per region);
 * - `organization`: the AWS Organization provides them (delegated administrators, organization
 *   trail, organization backup policy); the platform creates none and records at synth which
 *   organization-level controls it then relies on.
 */
export type SecurityBaselineMode = 'account' | 'organization';

/** A vault in a separate backup account that every recovery point is copied to. */
export interface BackupAccountConfig {
  /** The 12-digit backup account (not the platform account). */
  readonly accountId: string;
  /** The vault's name in that account (it must exist, with a compliance-mode vault lock). */
  readonly vaultName: string;
  /**
   * The vault's region.
   * @default - the primary region
   */
  readonly region?: string;
}

/** The account security baseline and the key and backup safety settings. */
export interface SecurityBaselineConfig {
  /**
   * `account` creates the baseline services; `organization` relies on the organization's.
   * @default 'organization'
   */
  readonly mode?: SecurityBaselineMode;
  /**
   * Days CloudTrail log files stay locked (S3 Object Lock, compliance mode) and kept; PCI DSS
   * 10.5.1 asks for at least 365. Changing it applies to new log files only.
   * @default 365
   */
  readonly trailRetentionDays?: number;
  /**
   * Days AWS Backup keeps the daily Aurora recovery points, in the region and in the copies
   * (the vault lock's minimum retention is 7 days).
   * @default 35
   */
  readonly backupRetentionDays?: number;
  /**
   * Copy every recovery point to a vault in a separate backup account as well.
   * @default - copies stay in the platform account (the failover region's vault)
   */
  readonly backupAccount?: BackupAccountConfig;
  /**
   * The IAM role (name, in the platform account) that alone may schedule the deletion of, or
   * disable, a platform KMS key. Nobody assumes it in daily work; docs/runbooks/break-glass.md.
   * @default '<name>-<environment>-break-glass'
   */
  readonly breakGlassRoleName?: string;
  /**
   * S3 URI of the AWS Config conformance pack template for PCI DSS (AWS publishes
   * "Operational Best Practices for PCI DSS"; copy it into a bucket of the account). With
   * `mode: 'account'` the pack is deployed in every region.
   * @default - no conformance pack (Security Hub's PCI DSS v4.0.1 standard runs its Config rules)
   */
  readonly pciConformancePackTemplateS3Uri?: string;
}

/** The security baseline after resolution. */
export interface ResolvedSecurityBaselineConfig {
  readonly mode: SecurityBaselineMode;
  readonly trailRetentionDays: number;
  readonly backupRetentionDays: number;
  readonly backupAccount?: Required<BackupAccountConfig>;
  readonly breakGlassRoleName: string;
  readonly pciConformancePackTemplateS3Uri?: string;
}
