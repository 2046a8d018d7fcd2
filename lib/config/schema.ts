import { z } from 'zod';
import { accountIdRule, closestMatch } from '../core/rules';
import { clusterSchema } from './schema-cluster';
import { contractArtifactsSchema } from './schema-contracts';
import { cacheSchema, databaseSchema } from './schema-data';
import { deliverySchema } from './schema-delivery';
import { alarmsSchema, edgeSchema, imagesSchema, recoverySchema, retentionSchema } from './schema-edge';
import { list, pattern, section, text } from './schema-helpers';
import { blockchainSchema, blockchainSignerSchema, domainSchema, regionsSchema } from './schema-network';
import { streamingSchema } from './schema-streaming';
import { workloadsSchema } from './schema-workloads';
import { securityBaselineSchema } from './schema-security';
import { PLATFORM_WARNING_IDS } from './warnings';

/**
 * The platform configuration schema: the one declaration of every setting (type, default, bounds,
 * documentation, fix). `PlatformConfig` is its input type, `ResolvedPlatformConfig` (after
 * `resolvePlatformConfig`) its output with every platform-level default filled in. Checks that
 * relate several fields live in `checks.ts`; the README's configuration reference is generated
 * from this schema (`npm run docs:config`).
 */

const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An acknowledgement of a plausibility warning: its id and why it is fine here. */
export const acknowledgementSchema = section({
  id: text((v) => {
    if (typeof v === 'string' && (PLATFORM_WARNING_IDS as readonly string[]).includes(v)) return undefined;
    const near = typeof v === 'string' ? closestMatch(v, PLATFORM_WARNING_IDS) : undefined;
    return `is not a warning id of the library${near ? `; did you mean '${near}'?` : `; use one of ${PLATFORM_WARNING_IDS.join(', ')}`}`;
  }, 'The warning id (see `PLATFORM_WARNINGS`).'),
  reason: pattern(/\S{3,}/, "must say why the warning does not apply, e.g. 'quota raised to 1,000 nodes (case 1234)'", 'Why the warning does not apply; recorded with the acknowledgement.'),
}, "must be an object { id, reason }, e.g. { id: 'payment-platform:node-group-above-quota', reason: 'quota raised (case 1234)' }", 'An acknowledged warning.');

/** The shape of the whole platform configuration (before the derived defaults). */
export const platformConfigShape = {
  name: pattern(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/,
    "must be 2–20 characters of lowercase letters, digits and '-', starting with a letter and not ending with '-', e.g. 'verypay'",
    'Platform name: lowercase letters, digits and hyphens, 2–20 characters, e.g. `verypay`; part of every resource name.'),
  environment: pattern(/^[a-z][a-z0-9]{1,9}$/, "must be 2–10 lowercase letters or digits starting with a letter, e.g. 'prod'",
    'Environment: lowercase letters and digits, 2–10 characters, e.g. `prod`.'),
  account: text(accountIdRule, 'The 12-digit AWS account, as a string.'),
  costCenter: text((v) => (typeof v === 'string' && v.trim() !== '' && v.length <= 256 && /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(v) ? undefined
    : "must be a non-empty tag value of at most 256 letters, digits, spaces and _ . : / = + - @, e.g. 'payments-engineering'"),
  'Cost-allocation tag `CostCenter` on every resource.').default('payments'),
  blockchain: blockchainSchema,
  blockchainSigner: blockchainSignerSchema,
  contractArtifacts: contractArtifactsSchema,
  repositories: list(text((v) => (typeof v === 'string' && REPOSITORY_NAME.test(v) && v.length <= 200 ? undefined
    : "must be a service name of lowercase letters and digits with single '.', '_' or '-' separators, e.g. 'ledger-service' (the repository is '<name>/<service>')"),
  'A service name.'), "must be a list of service names, e.g. ['ledger-service', 'fx-service']",
  "More ECR repositories, `<name>/<service>`, for a team's own services, created in every region like the built-in `api-gateway` and `payment-service`.").default([]),
  regions: regionsSchema,
  domain: domainSchema,
  images: imagesSchema,
  cluster: clusterSchema.prefault({}),
  database: databaseSchema.prefault({}),
  cache: cacheSchema.prefault({}),
  alarms: alarmsSchema.prefault({}),
  edge: edgeSchema.prefault({}),
  retention: retentionSchema.prefault({}),
  recovery: recoverySchema.prefault({}),
  streaming: streamingSchema.optional().meta({ description: 'An Amazon MSK (Kafka) cluster in every region. Default: no streaming.' }),
  delivery: deliverySchema.optional().meta({ description: 'GitHub Actions identities. Default: no CI identities.' }),
  securityBaseline: securityBaselineSchema.prefault({}),
  workloads: workloadsSchema.prefault({}),
  acknowledgedWarnings: list(acknowledgementSchema, "must be a list such as [{ id: 'payment-platform:node-group-above-quota', reason: '...' }]",
    'Plausibility warnings acknowledged for this platform, each with its reason.').default([]),
};

/** The platform configuration schema (no derived defaults; see `resolvePlatformConfig`). */
export const platformConfigSchema = section(platformConfigShape,
  'must be a PlatformConfig object with name, environment, account, regions, domain and images', 'The whole platform.');

/** The configuration as written: what `resolvePlatformConfig` accepts. */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;

/** The configuration after the schema's defaults (before the derived ones). */
export type ParsedPlatformConfig = z.output<typeof platformConfigSchema>;

/** The top-level keys, in declaration order (problems are listed in this order). */
export const TOP_LEVEL_KEYS = Object.keys(platformConfigShape);
