import { z } from 'zod';
import { flag, list, pattern, section } from './schema-helpers';

/** GitHub Actions identities: the OIDC provider, image-push roles and the deploy role. */

const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** Git branch names without glob characters (a wildcard would let any matching branch assume the role). */
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const WILDCARD = "without wildcards (a '*' would let any matching ref assume the role)";

const trust = {
  branches: list(pattern(BRANCH, `must be one exact branch name such as 'main' ${WILDCARD}`, 'Branch.'),
    "must be a list of branch names such as 'main'",
    'Branches whose workflows may assume the role. Default: `main` when no environments are given.').optional(),
  environments: list(pattern(ENVIRONMENT, `must be one exact GitHub environment name such as 'production' ${WILDCARD}`, 'Environment.'),
    "must be a list of GitHub environment names such as 'production'", 'GitHub environments whose jobs may assume the role. Default: none.').optional(),
};

const repository = (example: string) => pattern(GITHUB_REPO, `must be a GitHub repository name (letters, digits, '.', '_', '-'), e.g. '${example}'`, 'Repository name under `githubOwner`.');

/** GitHub Actions as the delivery pipeline. */
export const deliverySchema = section({
  githubOwner: pattern(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
    "must be a GitHub organisation or user name (letters, digits, single hyphens, at most 39 characters), e.g. 'verypay'",
    'GitHub organisation or user that owns the repositories, e.g. `verypay`.'),
  createOidcProvider: flag('must be true or false (or be omitted for the default)',
    "Create the account's GitHub OIDC provider (false when the account already has one).").default(true),
  imageRepositories: list(section({
    repository: repository('payment-service'),
    pushTo: list(z.string(), "must list the services whose ECR repositories it pushes to, e.g. ['payment-service']",
      'Services whose ECR repositories it pushes to.', 1),
    ...trust,
  }, "must be an object such as { repository: 'payment-service', pushTo: ['payment-service'] }", 'A repository whose workflow builds and pushes images.'),
  "must be a list such as [{ repository: 'payment-service', pushTo: ['payment-service'] }]", 'Repositories that push images, each with the ECR repositories it may push to.').default([]),
  deployRepository: section({ repository: repository('payments-platform'), ...trust },
    "must be an object such as { repository: 'payments-platform', environments: ['production'] }",
    'The repository that deploys the stacks (`cdk deploy`). Default: no deploy role.').optional(),
  bootstrapQualifier: pattern(/^[A-Za-z0-9_-]{1,10}$/, "must be the 1–10 character qualifier given to 'cdk bootstrap --qualifier', e.g. 'hnb659fds' (the default)",
    'The CDK bootstrap qualifier whose roles the deploy role may assume.').default('hnb659fds'),
}, "must be an object such as { githubOwner: 'verypay', imageRepositories: [...] }, or be omitted for no CI identities",
'GitHub Actions identities: the OIDC provider, image-push roles and the deploy role.');
