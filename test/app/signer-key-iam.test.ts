import { PlatformIam } from '../support/platform-iam';
import { examplePlatform } from './platform-fixture';

/**
 * The blockchain signer key, evaluated with iam-simulate on the example's synthesized templates:
 * payment-service's role signs, no other role does (not even one with `kms:*` on `*`), and the
 * account keeps administration only. The "fails on defect" case puts back the key policy every KMS
 * key gets by default (the account root allowed `kms:*`), which lets any administrator sign.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '123456789012';
const sign = { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' };
const admin = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }];

function region(name: string): { iam: PlatformIam; templates: Json[]; keyId: string; key: Json } {
  const { platform, assembly } = examplePlatform();
  const stack = platform.regionalStack(name);
  const templates = [assembly.getStackByName(stack.stackName).template, assembly.getStackByName(`${stack.stackName}-base`).template];
  const all: Record<string, Json> = Object.assign({}, ...templates.map((t) => t.Resources));
  const keyId = Object.keys(all).find((k) => ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'].includes(all[k].Type) && k.startsWith('BlockchainSignerKey'))!;
  return { iam: PlatformIam.of(templates, name), templates, keyId, key: all[keyId] };
}

describe.each(['us-east-1', 'eu-west-1', 'ap-southeast-1'])('%s', (name) => {
  const short = { 'us-east-1': 'use1', 'eu-west-1': 'euw1', 'ap-southeast-1': 'apse1' }[name]!;
  const role = (w: string) => `verypay-prod-${short}-${w}`;
  const arn = (w: string) => `arn:aws:iam::${ACCOUNT}:role/${role(w)}`;
  let r: ReturnType<typeof region>;
  let keyArn: string;
  let policy: unknown;
  beforeAll(() => {
    r = region(name);
    keyArn = r.iam.value(`${r.keyId}.Arn`);
    policy = r.iam.keyPolicy(r.keyId);
  });
  // aws:PrincipalArn is what the key policy's conditions compare: the calling role's ARN.
  const can = (w: string, action: string, ctx: Record<string, string> = sign) =>
    r.iam.roleCan(role(w), action, keyArn, { ...ctx, 'aws:PrincipalArn': arn(w) }, policy);
  const adminArn = `arn:aws:iam::${ACCOUNT}:role/Admin`;

  test(name === 'us-east-1' ? 'the primary: an asymmetric secp256k1 signing key, multi-Region, retained' : 'a replica of the primary key (same key material, same address)', () => {
    if (name === 'us-east-1') {
      expect(r.key.Type).toBe('AWS::KMS::Key');
      expect(r.key.Properties).toMatchObject({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY', MultiRegion: true, EnableKeyRotation: false, PendingWindowInDays: 30 });
    } else {
      expect(r.key.Type).toBe('AWS::KMS::ReplicaKey');
      expect(r.key.Properties.PrimaryKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BlockchainSignerKeyPrimaryLookup/), 'KeyMetadata.Arn'] });
      expect(r.key.Properties.PendingWindowInDays).toBe(30);
    }
    expect([r.key.DeletionPolicy, r.key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  test("payment-service signs transaction digests with ECDSA_SHA_256 and reads the public key (its address)", async () => {
    expect(await can('payment-service', 'kms:Sign')).toBe('Allowed');
    expect(await can('payment-service', 'kms:GetPublicKey', {})).toBe('Allowed');
  });

  test('…but signs no raw messages, and may not decrypt, export or administer the key', async () => {
    expect(await can('payment-service', 'kms:Sign', { ...sign, 'kms:MessageType': 'RAW' })).toBe('ImplicitlyDenied');
    for (const action of ['kms:Verify', 'kms:PutKeyPolicy', 'kms:CreateGrant']) {
      expect([action, await can('payment-service', action, {})]).toEqual([action, 'ImplicitlyDenied']);
    }
    // Destruction is denied to everyone but the break-glass role.
    expect(await can('payment-service', 'kms:ScheduleKeyDeletion', {})).toBe('ExplicitlyDenied');
  });

  test('no other workload role signs or reads the public key (the key policy denies everyone but payment-service)', async () => {
    for (const w of ['api-gateway', 'postgres-backup', 'aws-load-balancer-controller', 'secrets-verypay-api']) {
      expect([w, await can(w, 'kms:Sign')]).toEqual([w, 'ExplicitlyDenied']);
      expect([w, await can(w, 'kms:GetPublicKey', {})]).toEqual([w, 'ExplicitlyDenied']);
    }
  });

  test('an administrator with kms:* on * administers the key but cannot sign, read the public key, grant either or destroy the key', async () => {
    const adminCan = (action: string, ctx: Record<string, string> = {}) => r.iam.principalCan(adminArn, admin, action, keyArn, { ...ctx, 'aws:PrincipalArn': adminArn }, policy);
    for (const action of ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:TagResource', 'kms:EnableKey']) expect([action, await adminCan(action)]).toEqual([action, 'Allowed']);
    // Destruction only by the break-glass role, as for every platform key.
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey']) expect([action, await adminCan(action)]).toEqual([action, 'ExplicitlyDenied']);
    const breakGlass = `arn:aws:iam::${ACCOUNT}:role/verypay-prod-break-glass`;
    expect(await r.iam.principalCan(breakGlass, admin, 'kms:ScheduleKeyDeletion', keyArn, { 'aws:PrincipalArn': breakGlass }, policy)).toBe('Allowed');
    expect(await r.iam.principalCan(breakGlass, admin, 'kms:Sign', keyArn, { ...sign, 'aws:PrincipalArn': breakGlass }, policy)).toBe('ExplicitlyDenied');
    expect(await adminCan('kms:Sign', sign)).toBe('ExplicitlyDenied');
    expect(await adminCan('kms:GetPublicKey')).toBe('ExplicitlyDenied');
    expect(await adminCan('kms:CreateGrant')).toBe('ImplicitlyDenied');
    // Another account's principal gets nothing.
    const other = 'arn:aws:iam::999999999999:role/Admin';
    expect(await r.iam.principalCan(other, admin, 'kms:DescribeKey', keyArn, { 'aws:PrincipalArn': other }, policy)).toBe('ImplicitlyDenied');
  });

  test('fails on defect: with the default key policy (account root kms:*), an administrator signs', async () => {
    const defaultPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    expect(await r.iam.principalCan(adminArn, admin, 'kms:Sign', keyArn, { ...sign, 'aws:PrincipalArn': adminArn }, defaultPolicy)).toBe('Allowed');
    expect(await r.iam.principalCan(adminArn, admin, 'kms:Sign', keyArn, { ...sign, 'aws:PrincipalArn': adminArn }, policy)).toBe('ExplicitlyDenied');
  });
});

test('no private key exists outside KMS: no signer-key secret, nobody may read one', async () => {
  const r = region('us-east-1');
  const secrets = r.templates.flatMap((t) => Object.values<Json>(t.Resources)).filter((x) => x.Type === 'AWS::SecretsManager::Secret').map((x) => x.Properties.Name);
  expect(secrets.some((n: string) => n.includes('signer-key'))).toBe(false);
  const signerSecret = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:verypay/prod/us-east-1/blockchain/signer-key-AbCdEf`;
  expect(await r.iam.roleCan('verypay-prod-use1-payment-service', 'secretsmanager:GetSecretValue', signerSecret)).toBe('ImplicitlyDenied');
  expect(await r.iam.roleCan('verypay-prod-use1-secrets-verypay-api', 'secretsmanager:GetSecretValue', signerSecret)).toBe('ImplicitlyDenied');
});
