import { accountIdRule } from '../core/rules';
import { flag, integer, oneOf, pattern, section, text } from './schema-helpers';

/** The account security baseline and the key and backup safety settings. */
export const securityBaselineSchema = section({
  mode: oneOf(['account', 'organization'], "must be 'account' (the platform creates the baseline) or 'organization' (the organization provides it)",
    '`account` creates the baseline services (CloudTrail, GuardDuty, Security Hub, AWS Config, Access Analyzer, AWS Backup) in the platform account; `organization` relies on the organization\'s.').default('organization'),
  trailRetentionDays: integer(365, 36500, 'a whole number of days from 365 (PCI DSS 10.5.1 keeps one year) to 36500, e.g. 365',
    'Days CloudTrail log files stay locked (S3 Object Lock, compliance mode) and kept. Changing it applies to new log files only.').default(365),
  backupRetentionDays: integer(7, 36500, 'a whole number of days from 7 (the vault lock minimum) to 36500, e.g. 35',
    'Days AWS Backup keeps the daily Aurora recovery points, in the region and in the copies.').default(35),
  backupAccount: section({
    accountId: text((v) => (accountIdRule(v) ? 'must be the 12-digit id of the backup account' : undefined), 'The 12-digit backup account (not the platform account).'),
    vaultName: pattern(/^[A-Za-z0-9_-]{2,50}$/, 'must be a backup vault name (2–50 letters, digits, hyphens, underscores), e.g. payments-backups',
      "The vault's name in that account, the same in every platform region (Aurora copies cannot change account and region at once, so each region copies into the backup account's vault of the same region)."),
    createVaults: flag('must be true (the platform deploys the vaults into the backup account) or false (they exist already)',
      'Deploy the vault of every platform region into the backup account (stacks `PaymentPlatform-<region>-backup-account`: compliance-mode vault lock, own key, copies from the platform account only); false when that account\'s team manages them. Default: true.').default(true),
  }, "must be an object, e.g. { accountId: '210987654321', vaultName: 'payments-backups' }",
  'Copy every Aurora recovery point to a compliance-locked vault of a separate backup account as well (a plan of its own: AWS Backup copies Aurora across accounts or across regions, not both in one plan). Default: copies stay in the platform account.').optional(),
  breakGlassRoleName: pattern(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (1–64 letters, digits and +=,.@_-), e.g. verypay-prod-break-glass',
    "The IAM role that alone may schedule the deletion of, or disable, a platform KMS key. Default: '<name>-<environment>-break-glass'.").optional(),
  pciConformancePackTemplateS3Uri: pattern(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.(ya?ml|json)$/, 'must be the S3 URI of a conformance pack template, e.g. s3://my-bucket/pci-dss.yaml',
    'S3 URI of the AWS Config conformance pack template for PCI DSS; with `mode: \'account\'` the pack is deployed in every region. Default: no conformance pack.').optional(),
}, "must be an object (or be omitted for mode 'organization'), e.g. { mode: 'account' }", 'The account security baseline and the key and backup safety settings.');
