import { z } from 'zod';
import {
  countryCodeRule, emailRule, imageDigestRule, logRetentionDaysRule, pinnedImageDigestRule, WAF_MAX_RATE, WAF_MIN_RATE, WAF_RATE_FIX, wafPathRule,
} from '../core/rules';
import { flag, integer, list, numeric, pattern, section, text } from './schema-helpers';
import { thresholdsSchema } from './schema-thresholds';

/** Images, alarms, edge protection, retention and recovery objectives. */

const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPO_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d{1,5})?/)';
const REPOSITORY = new RegExp(`^${REGISTRY}?${REPO_COMPONENT}(?:/${REPO_COMPONENT})*$`);

function tagRule(tag: unknown): string | undefined {
  if (typeof tag !== 'string' || tag.trim() === '') return "is required: pin a release tag, e.g. 'v1.2.3'";
  if (tag.toLowerCase() === 'latest') return "must not be 'latest' (it moves, so deployments are not reproducible); pin a release tag, e.g. 'v1.2.3'";
  if (!DOCKER_TAG.test(tag)) return "must be a Docker tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-', e.g. 'v1.2.3'";
  return undefined;
}

function repositoryRule(repo: unknown): string | undefined {
  if (typeof repo === 'string' && (repo.includes('@') || /:[^/]*$/.test(repo.replace(/^[^/]*\//, '')))) {
    return "must not include a tag or digest; put the tag in 'tag', e.g. repository 'ethereum/client-go', tag 'v1.16.7'";
  }
  if (typeof repo !== 'string' || repo.length > 255 || !REPOSITORY.test(repo)) {
    return "must be an image repository like 'ethereum/client-go' or '123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/api-gateway' (lowercase path)";
  }
  return undefined;
}

const IMAGE_FIX = "must be an object with a pinned tag, e.g. { tag: 'v1.2.3' }";
const repositoryField = text(repositoryRule, 'Repository.');
const tagField = text(tagRule, 'A pinned tag (never `latest`).');
const digestField = text(imageDigestRule,
  'The image digest (`sha256:` and 64 hex digits; a multi-arch image\'s manifest-list digest): the reference becomes `repository:tag@digest`, so a re-pushed tag cannot change what runs.');

/** An image of the platform's own services: a pinned tag, the repository defaults to the regional ECR repository. */
function ownImage(description: string) {
  return section({
    repository: repositoryField.optional(),
    tag: tagField,
    digest: digestField.optional().meta({ description: 'The digest CI pushed (`aws ecr describe-images`); the reference becomes `repository:tag@digest`. Default: none (the regional repositories\' tags are immutable).' }),
  }, IMAGE_FIX, `${description} Default repository: the regional ECR repository \`<name>/<service>\`.`);
}

/**
 * A third-party image this library pins by tag and digest. The default digest belongs to the
 * default repository and tag only: another repository or tag must bring its own digest
 * (`pinnedImageDigestRule`), so a changed tag never runs unpinned and never runs the old image.
 */
function pinnedImage(description: string, repository: string, tag: string, digest: string) {
  const doc = `${description} Default: \`${repository}:${tag}@${digest}\`; a changed repository or tag needs its own \`digest\`.`;
  return section({
    repository: repositoryField.default(repository),
    tag: tagField.default(tag),
    digest: digestField.optional().meta({ description: `Image digest. Default: \`${digest}\` while repository and tag are the defaults; required otherwise.` }),
  }, IMAGE_FIX, doc)
    .check(z.superRefine((image, ctx) => {
      const message = pinnedImageDigestRule(image, { repository, tag });
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: image.digest, path: ['digest'] });
    }))
    .meta({ description: doc })
    .transform((image) => ({ ...image, digest: image.digest ?? digest }))
    .prefault({});
}

/** Images of the workloads. */
export const imagesSchema = section({
  apiGateway: ownImage('The api-gateway release.'),
  paymentService: ownImage('The payment-service release.'),
  // Third-party images pinned by this library (the seeds' `ethereum/client-go:v1.13.4` is years old and exposed `personal`).
  // Digests: README "Supply chain" says where each was published.
  geth: pinnedImage('Ethereum execution client.', 'ethereum/client-go', 'v1.17.5', 'sha256:523d3ba26623a619e912019068dc2784f02934070ac46bdae4d5b9df0d917814'),
  lighthouse: pinnedImage('Ethereum consensus client.', 'sigp/lighthouse', 'v8.2.2', 'sha256:9a62bb8705455136e1cf96613460960f80dc2faa9d75b5c16a3bfcc9210dcdd1'),
  postgresClient: pinnedImage("PostgreSQL client image for the nightly dump (major must be ≥ the server's).", 'postgres', '17.6-alpine',
    'sha256:ef257d85f76e48da1c64832459b59fcaba1a4dac97bf5d7450c77753542eee94'),
  awsCli: pinnedImage("AWS CLI image that uploads the dump with the job's IAM role.", 'amazon/aws-cli', '2.37.5',
    'sha256:fb7ccfc7b4e3a05017e6c9ded4ba959b99af622130e211fb976c68c2f4d3f224'),
}, "must be an object with at least { apiGateway: { tag: 'v1.2.3' }, paymentService: { tag: 'v1.2.3' } }", 'Images of the workloads.');

function fraction(example: string, description: string) {
  return numeric((v) => (typeof v === 'number' && v > 0 && v < 1 ? undefined : `must be a fraction between 0 and 1, e.g. ${example}`), description);
}

/** Where alarms go, and the API gateway's objectives. */
export const alarmsSchema = section({
  email: text(emailRule, 'E-mail subscribed to the alarm topic (CloudWatch alarms and Prometheus alerts). Default: no subscription.').optional(),
  pagerDuty: flag('must be true (page critical alerts through PagerDuty) or false',
    'Page critical Prometheus alerts through PagerDuty (Events API v2); the stack creates the secret `<name>/<environment>/<region>/monitoring/pagerduty-routing-key` for the routing key.').optional(),
  slack: section({
    channel: pattern(/^#[a-z0-9][a-z0-9._-]{0,79}$/, "must be a Slack channel like '#payments-alerts' (lower case, starting with #)", 'Channel, e.g. `#payments-alerts`.'),
  }, "must be an object like { channel: '#payments-alerts' }",
  'Post critical and warning Prometheus alerts to a Slack channel; the stack creates the secret `<name>/<environment>/<region>/monitoring/slack-webhook-url` for the webhook. Default: no Slack receiver.').optional(),
  slo: section({
    availability: fraction('0.999 for 99.9 %', 'Fraction of requests without a 5xx answer (30-day window). Default 0.999.').optional(),
    latency: fraction('0.99 for 99 % of requests within the threshold', 'Fraction of requests answered within `latencyThresholdSeconds`. Default 0.99.').optional(),
    latencyThresholdSeconds: numeric((v) => (typeof v === 'number' && v > 0 && v <= 60 ? undefined
      : 'must be a bucket boundary of http_request_duration_seconds in seconds (0 < t ≤ 60), e.g. 0.5'),
    "A bucket boundary of the gateway's `http_request_duration_seconds` histogram. Default 0.5.").optional(),
  }, 'must be an object like { availability: 0.999 }', "The API gateway's service-level objectives, watched by multi-window burn-rate alerts.").optional(),
  thresholds: thresholdsSchema.optional(),
}, "must be an object, e.g. { email: 'payments-oncall@example.com', pagerDuty: true }", 'Where alarms go.');

export { WAF_MAX_RATE, WAF_MIN_RATE } from '../core/rules';

/** Edge protection in front of the public load balancer. */
export const edgeSchema = section({
  rateLimitPer5Minutes: integer(WAF_MIN_RATE, WAF_MAX_RATE, WAF_RATE_FIX, 'Requests per IP in 5 minutes before WAF blocks (GlobalPay: 2,000).').default(2000),
  pathRateLimits: list(section({
    path: text(wafPathRule, 'Path prefix, starting with `/`.'),
    limit: z.number({ error: `must be an integer from ${WAF_MIN_RATE} (the WAF minimum) to below the global rateLimitPer5Minutes, e.g. 300` })
      .meta({ description: 'Requests per IP in 5 minutes (WAF minimum 10, below the global limit).' }),
  }, "must be an object like { path: '/v1/payments', limit: 300 }", 'A per-path WAF rate limit.'),
  "must be a list like [{ path: '/v1/payments', limit: 300 }]", "Tighter per-path limits, e.g. `{ path: '/v1/payments', limit: 300 }`.").default([]),
  geoAllowList: list(text(countryCodeRule, 'Country code.'),
    "must be a non-empty list of ISO 3166 country codes such as ['US', 'GB'], or be omitted for no geo restriction",
    'ISO 3166 country codes allowed; when set, every other country is blocked. Default: no geo restriction.', 1).optional(),
  shieldAdvanced: flag('must be true or false', 'AWS Shield Advanced protection of the load balancer ($3,000 per month per organization plus data transfer).').default(false),
  healthCheckPath: pattern(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,254}$/,
    "must be an absolute URL path without query, at most 255 characters (Route 53's limit), e.g. '/health' or '/api/v1/health/ready'",
    "The api-gateway path the load balancer's target group and the Route 53 health checks probe (the catalog's gateway must declare the same `healthCheckPath`); it must answer 200 only when this region can serve payments. Changing it replaces the health checks.").default('/health'),
  healthCheckIntervalSeconds: z.union([z.literal(10), z.literal(30)], { error: 'must be 10 (fast health checks, billed extra) or 30 (standard), the only intervals Route 53 offers' })
    .meta({ description: 'Seconds between the Route 53 health checks of each region (failover after three failures). Default: the global stack\'s default, 30.' }).optional(),
}, 'must be an object (or be omitted for the defaults), e.g. { rateLimitPer5Minutes: 2000 }', 'Edge protection in front of the public load balancer.');

/** Retention periods; PCI DSS 10.5.1 asks for one year of audit logs. */
export const retentionSchema = section({
  logRetentionDays: numeric(logRetentionDaysRule, 'Days to keep logs (flow logs, database, cache, cluster, WAF and broker logs, and the load balancer\'s access logs in S3): a CloudWatch Logs value of at least 365.').default(365),
  dumpExpirationDays: integer(1, Number.MAX_SAFE_INTEGER, 'days to keep postgres/ dumps, e.g. 30', 'Days to keep `postgres/` dumps in the backups bucket.').default(30),
  noncurrentVersionExpirationDays: integer(1, Number.MAX_SAFE_INTEGER, 'days to keep old object versions, e.g. 90', 'Days to keep non-current object versions in the backups bucket.').default(90),
}, 'must be an object (or be omitted for the defaults), e.g. { logRetentionDays: 365 }', 'Retention periods; PCI DSS 10.5.1 asks for one year of audit logs.');

/** Recovery objectives the configuration must be able to meet. */
export const recoverySchema = section({
  rpoSeconds: numeric((v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'must be a number greater than 0, e.g. 1'), 'Recovery point objective in seconds.').default(1),
  rtoMinutes: integer(1, 1440, "whole minutes from 1 to 1440 (the Region switch plan's recovery time objective), e.g. 5",
    'Recovery time objective in minutes; the ARC Region switch plans carry it and report each execution against it.').default(5),
  approval: flag('must be true (a person approves each Region switch execution) or false',
    'Whether a Region switch execution waits for a person to approve it. Default: true when `environment` is `prod` or `production`.').optional(),
  approvalTimeoutMinutes: integer(1, 1440, 'minutes the approval step waits, from 1 to 1440, e.g. 10',
    'How long the approval step waits before the execution fails, in minutes; counts towards the recovery time.').default(10),
}, 'must be an object (or be omitted for the defaults), e.g. { rpoSeconds: 1, rtoMinutes: 5 }', 'Recovery objectives the configuration must be able to meet.');
