import { isKnownRegion } from './regions';

type Add = (field: string, value: unknown, message: string) => void;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** IAM role names: 1–64 of `[\w+=,.@-]`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** Backup vault names: 2–50 of letters, digits, hyphens and underscores. */
const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;

/** Checks `securityBaseline` (see `SecurityBaselineConfig`), reporting each problem through `add`. */
export function checkSecurityBaseline(c: Obj, add: Add): void {
  const s = c.securityBaseline;
  if (s === undefined) return;
  if (!isObj(s)) {
    add('securityBaseline', s, "must be an object (or be omitted for mode 'organization'), e.g. { mode: 'account' }");
    return;
  }
  if (s.mode !== undefined && s.mode !== 'account' && s.mode !== 'organization') {
    add('securityBaseline.mode', s.mode, "must be 'account' (the platform creates the baseline) or 'organization' (the organization provides it)");
  }
  const trail = s.trailRetentionDays;
  if (trail !== undefined && (!isInt(trail) || trail < 365 || trail > 36500)) {
    add('securityBaseline.trailRetentionDays', trail, 'must be a whole number of days from 365 (PCI DSS 10.5.1 keeps one year) to 36500, e.g. 365');
  }
  const backup = s.backupRetentionDays;
  if (backup !== undefined && (!isInt(backup) || backup < 7 || backup > 36500)) {
    add('securityBaseline.backupRetentionDays', backup, 'must be a whole number of days from 7 (the vault lock minimum) to 36500, e.g. 35');
  }
  if (s.breakGlassRoleName !== undefined && (typeof s.breakGlassRoleName !== 'string' || !ROLE_NAME.test(s.breakGlassRoleName))) {
    add('securityBaseline.breakGlassRoleName', s.breakGlassRoleName, 'must be an IAM role name (1–64 letters, digits and +=,.@_-), e.g. verypay-prod-break-glass');
  }
  const uri = s.pciConformancePackTemplateS3Uri;
  if (uri !== undefined && (typeof uri !== 'string' || !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.(ya?ml|json)$/.test(uri))) {
    add('securityBaseline.pciConformancePackTemplateS3Uri', uri, 'must be the S3 URI of a conformance pack template, e.g. s3://my-bucket/pci-dss.yaml');
  }
  checkBackupAccount(s.backupAccount, c.account, add);
}

function checkBackupAccount(b: unknown, platformAccount: unknown, add: Add): void {
  if (b === undefined) return;
  const field = 'securityBaseline.backupAccount';
  if (!isObj(b)) {
    add(field, b, "must be an object, e.g. { accountId: '210987654321', vaultName: 'payments-backups' }");
    return;
  }
  if (typeof b.accountId !== 'string' || !/^\d{12}$/.test(b.accountId)) {
    add(`${field}.accountId`, b.accountId, 'must be the 12-digit id of the backup account');
  } else if (b.accountId === platformAccount) {
    add(`${field}.accountId`, b.accountId, 'is the platform account itself; a backup account is a separate account, so a compromise of the platform account cannot delete the copies');
  }
  if (typeof b.vaultName !== 'string' || !VAULT_NAME.test(b.vaultName)) {
    add(`${field}.vaultName`, b.vaultName, 'must be a backup vault name (2–50 letters, digits, hyphens, underscores), e.g. payments-backups');
  }
  if (b.region !== undefined && (typeof b.region !== 'string' || !isKnownRegion(b.region))) {
    add(`${field}.region`, b.region, "must be an AWS region code such as 'us-east-1' (or be omitted for the primary region)");
  }
}
