import * as fs from 'fs';
import * as path from 'path';
import { NAME_PROPERTIES } from '../../scripts/day2/classify';
import { examplePlatform } from '../app/platform-fixture';
import { modelStacks, type ModelStack } from '../support/deploy-model';

/**
 * Resource types `cdk deploy --import-existing-resources` (CloudFormation change sets with
 * ImportExistingResources) can adopt by their custom name, as the retained ones of this platform
 * need (CloudFormation "Resource type support" for import).
 */
const IMPORTABLE = new Set([
  'AWS::Logs::LogGroup', 'AWS::SecretsManager::Secret', 'AWS::ECR::Repository', 'AWS::S3::Bucket', 'AWS::RDS::GlobalCluster',
  'AWS::KMS::Alias', 'AWS::SNS::Topic', 'AWS::IAM::Role',
]);
/** Types whose name may exist twice: a redeploy creates a second one instead of colliding. */
const DUPLICATES_ALLOWED = new Set(['AWS::Route53::HostedZone']);
const RETAINED = new Set(['Retain', 'RetainExceptOnCreate']);

interface Left { readonly stack: string; readonly type: string; readonly name: string }

/** What `cdk destroy` leaves behind: every retained resource with a fixed name. */
function leftAfterDestroy(stacks: readonly ModelStack[]): Left[] {
  return stacks.flatMap((s) => Object.values(s.template.Resources)
    .filter((r) => RETAINED.has((r as { DeletionPolicy?: string }).DeletionPolicy ?? ''))
    .flatMap((r) => {
      const v = r.Properties?.[NAME_PROPERTIES[r.Type] ?? ''];
      return typeof v === 'string' ? [{ stack: s.name, type: r.Type, name: v }] : [];
    }));
}

/**
 * The redeploy after a destroy: each resource whose fixed name is left over either is adopted by
 * `--import-existing-resources` (an importable type with a DeletionPolicy, as import requires) or
 * may exist twice; anything else collides ("already exists") and rolls the stack back.
 */
function collisions(stacks: readonly ModelStack[], left: readonly Left[]): string[] {
  const out: string[] = [];
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.template.Resources)) {
      const v = r.Properties?.[NAME_PROPERTIES[r.Type] ?? ''];
      if (typeof v !== 'string' || !left.some((l) => l.type === r.Type && l.name === v)) continue;
      if (DUPLICATES_ALLOWED.has(r.Type)) continue;
      const importable = IMPORTABLE.has(r.Type) && (r as { DeletionPolicy?: string }).DeletionPolicy !== undefined;
      if (!importable) out.push(`${s.name}/${id} ${r.Type} '${v}'`);
    }
  }
  return out;
}

describe('destroy, then deploy again', () => {
  const stacks = modelStacks(examplePlatform().assembly);
  const left = leftAfterDestroy(stacks);

  test('destroy retains, by name, the log groups, secrets, repositories, backups buckets, the hosted zone and the global cluster', () => {
    const types = [...new Set(left.map((l) => l.type))].sort();
    expect(types).toEqual(['AWS::ECR::Repository', 'AWS::Logs::LogGroup', 'AWS::RDS::GlobalCluster', 'AWS::Route53::HostedZone',
      'AWS::S3::Bucket', 'AWS::SecretsManager::Secret']);
    expect(left).toContainEqual({ stack: 'PaymentPlatform-global', type: 'AWS::RDS::GlobalCluster', name: 'verypay-prod-global' });
  });

  test('every retained name is adopted by `cdk deploy --all --import-existing-resources`: nothing collides', () => {
    expect(collisions(stacks, left)).toEqual([]);
  });

  test('the model catches a retained fixed-name resource that cannot be imported', () => {
    const broken = stacks.map((s) => s.name !== 'PaymentPlatform-global' ? s : {
      ...s,
      template: { Resources: { ...s.template.Resources, Acl: { Type: 'AWS::WAFv2::WebACL', DeletionPolicy: 'Retain', Properties: { Name: 'verypay-prod-acl' } } } },
    });
    expect(collisions(broken, leftAfterDestroy(broken))).toEqual(["PaymentPlatform-global/Acl AWS::WAFv2::WebACL 'verypay-prod-acl'"]);
  });

  test('the model catches an import the template does not allow: a retained name without DeletionPolicy in the new template', () => {
    const target = left.find((l) => l.type === 'AWS::Logs::LogGroup')!;
    const broken = stacks.map((s) => ({
      ...s,
      template: { Resources: Object.fromEntries(Object.entries(s.template.Resources).map(([id, r]) => [id,
        r.Type === target.type && r.Properties?.LogGroupName === target.name ? { ...r, DeletionPolicy: undefined } : r])) },
    }));
    expect(collisions(broken, left)).toHaveLength(1);
  });

  test('the README documents the destroy and redeploy path and lists what destroy retains', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('npx cdk deploy --all --import-existing-resources');
    for (const t of ['log groups', 'secrets', 'ECR repositories', 'backups buckets', 'KMS keys', 'verypay-prod-global']) expect(readme).toContain(t);
  });
});
