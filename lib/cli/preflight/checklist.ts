import { regionalStackName, repositoryName } from '../../config/naming';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { nodeGroupTypes, offeringsCommand } from './offerings';
import { classesInUse, orderableCommand } from './orderable';
import { BOOTSTRAP_VERSION_PARAMETER, MIN_BOOTSTRAP_VERSION, accountRequirements, regionRequirements } from './requirements';
import type { CheckResult } from './result';
import { VCPU_QUOTAS } from './vcpus';

/** The scope label of the account lines. */
export function accountScope(account: string): string {
  return `account ${account}`;
}

/** The prerequisites as a checklist, each with the command that checks it by hand (no AWS calls). */
export function checklist(config: ResolvedPlatformConfig): CheckResult[] {
  const acct = accountRequirements(config);
  const scope = accountScope(config.account);
  const out: CheckResult[] = [];
  out.push(acct.adminRole
    ? { scope, title: 'Admin principal', status: 'manual', detail: `${acct.adminRole.arn} must exist: the cluster access entry names it and fails otherwise.`,
      fix: `aws iam get-role --role-name ${acct.adminRole.name} (create it, or set cluster.adminRoleArn to an existing role)` }
    : { scope, title: 'Admin principal', status: 'manual', detail: 'cluster.adminRoleArn is not set: only the deploying role is cluster admin.',
      fix: 'set cluster.adminRoleArn to the operators\' role (e.g. PlatformAdmin) so someone besides CloudFormation can reach the cluster' });
  for (const slr of acct.serviceLinkedRoles) {
    out.push({ scope, title: `Service-linked role ${slr.role}`, status: 'manual',
      detail: `used by ${slr.usedBy}; AWS creates it on first use if the deploying role may call iam:CreateServiceLinkedRole (the CDK execution role may).`,
      fix: `aws iam get-role --role-name ${slr.role}` });
  }
  out.push(acct.zone.hostedZoneId
    ? { scope, title: 'Hosted zone delegation', status: 'manual', detail: `${acct.zone.name} (${acct.zone.hostedZoneId}) must be delegated: its name servers in the parent zone, or certificates never validate.`,
      fix: `aws route53 get-hosted-zone --id ${acct.zone.hostedZoneId}; dig NS ${acct.zone.name} must list the same servers` }
    : { scope, title: 'Hosted zone delegation', status: 'manual', detail: `PaymentPlatform-global creates ${acct.zone.name}; delegate it (output NameServers) before any regional stack, or certificates never validate.`,
      fix: `after deploying PaymentPlatform-global: add its NameServers as NS records of ${acct.zone.name} in the parent zone or registrar` });
  if (acct.replicationRegion) {
    out.push({ scope, title: 'ECR replication configuration', status: 'manual',
      detail: `the platform owns the replication configuration of the ${acct.replicationRegion} registry: a deploy replaces rules it does not list, ` +
        `and a rule copying ${config.name}/ repositories by prefix into another region before its stack exists makes that stack fail (RepositoryAlreadyExistsException).`,
      fix: `aws ecr describe-registry --region ${acct.replicationRegion}: no rules but the platform's (remove a prefix rule such as '${config.name}/'; pass others as additionalReplicationRules)` });
  }
  for (const r of regionRequirements(config)) {
    const region = r.region.region;
    out.push({ scope: region, title: 'CDK bootstrap', status: 'manual', detail: `bootstrap stack version >= ${MIN_BOOTSTRAP_VERSION} in ${region}.`,
      fix: `aws ssm get-parameter --region ${region} --name ${BOOTSTRAP_VERSION_PARAMETER}; if missing: npx cdk bootstrap aws://${config.account}/${region}` });
    const types = [...nodeGroupTypes(config)].map(([type, groups]) => `${type} (${groups.join(', ')})`);
    out.push({ scope: region, title: 'EC2 instance types', status: 'manual',
      detail: `${types.join(', ')} must be offered in ${region} and in each of its zones ${r.region.availabilityZones.join(', ')}: a node group spans every configured zone and fails to launch in one without its type ` +
        '(the configuration checks families and sizes offline; which types a region and zone offer only EC2 knows).',
      fix: `${offeringsCommand(region, [...nodeGroupTypes(config).keys()], r.region.availabilityZones)}: every type must be listed for every zone` });
    const db = config.database;
    out.push({ scope: region, title: 'Aurora engine and classes', status: 'manual',
      detail: `Aurora PostgreSQL ${db.engineVersion} with ${classesInUse(config).join(', ')} must be orderable in ${region}` +
        `${config.regions.length > 1 ? ' in a global database (SupportsGlobalDatabases)' : ''}, or the cluster cannot be created.`,
      fix: `${orderableCommand(region, db.engineVersion)}: each class listed${config.regions.length > 1 ? ' with True' : ''}` });
    for (const need of r.vcpus) {
      const q = VCPU_QUOTAS[need.quota];
      out.push({ scope: region, title: `vCPU quota ${q.code}`, status: 'manual',
        detail: `${q.name}: ${need.desired} vCPUs at desired size, ${need.max} at maximum (${need.breakdown.join(', ')}); a new account's default is far lower.`,
        fix: `aws service-quotas get-service-quota --region ${region} --service-code ec2 --quota-code ${q.code}; raise it to ${need.max} with ` +
          `aws service-quotas request-service-quota-increase --region ${region} --service-code ec2 --quota-code ${q.code} --desired-value ${need.max}` });
    }
    const repositories = config.repositories.map((svc) => repositoryName(config, svc));
    out.push({ scope: region, title: 'ECR repositories', status: 'manual',
      detail: `${repositories.join(', ')} must be absent or belong to ${regionalStackName(region)}: one outside CloudFormation (kept by a destroy, or created by ECR when an image replicated here first) fails the deploy with RepositoryAlreadyExistsException.`,
      fix: `aws ecr describe-repositories --region ${region} --repository-names ${repositories.join(' ')}; for each found: aws cloudformation describe-stack-resources --region ${region} --physical-resource-id <name> ` +
        `(no stack: adopt it with npx cdk deploy ${regionalStackName(region)} --import-existing-resources, or delete a replicated copy with aws ecr delete-repository --force)` });
    for (const stack of r.stacks) {
      out.push({ scope: region, title: `Stack ${stack}`, status: 'manual', detail: 'absent (created) or in a *_COMPLETE state other than ROLLBACK_COMPLETE (updated).',
        fix: `aws cloudformation describe-stacks --region ${region} --stack-name ${stack}` });
    }
  }
  return out;
}
