import { z } from 'zod';
import { dnsNameRule, vpcCidrRule, ZONE_COUNT_FIX } from '../core/rules';
import { isKnownRegion } from './regions';
import { flag, list, oneOf, pattern, section, text } from './schema-helpers';
import { thresholdsSchema } from './schema-thresholds';

/** Regions and DNS of the platform. */

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** One AWS region of the platform. Each region gets its own independent `RegionalStack`. */
export const regionSchema = section({
  region: text((v) => (typeof v === 'string' && isKnownRegion(v) ? undefined
    : "must be a known AWS commercial region code such as 'us-east-1', 'eu-west-1' or 'ap-southeast-1' (see AWS_COMMERCIAL_REGIONS)"),
  'AWS region code, e.g. `us-east-1`.'),
  role: oneOf(['primary', 'secondary'], "must be 'primary' or 'secondary'",
    'Whether the region serves traffic (`primary`, exactly one) or stands by to take over (`secondary`).'),
  cidr: text(vpcCidrRule,
    "The VPC CIDR: a private (RFC 1918) /16 to /20 block that overlaps no other region's CIDR, so the regions can later be peered. Changing it replaces the VPC."),
  availabilityZones: list(z.string({ error: "must be an availability zone name such as 'us-east-1a'" }),
    ZONE_COUNT_FIX,
    'Availability zones of the region, e.g. `[\'us-east-1a\', \'us-east-1b\', \'us-east-1c\']`, given explicitly so synth never needs a context lookup (2 to 6). Changing them replaces subnets.', 2)
    .max(6, { error: ZONE_COUNT_FIX }),
  natGateways: z.number({
    error: 'must be an integer from 1 to the number of availability zones; private subnets need a NAT gateway for egress, and one per AZ avoids a cross-zone dependency',
  }).meta({ description: 'NAT gateways in the region (1 to the number of zones). Default: one per availability zone (no cross-zone dependency for egress).' }).optional(),
  alarmThresholds: thresholdsSchema.optional().meta({ description: "This region's alarm thresholds, over `alarms.thresholds` (e.g. a standby region's lower traffic). Default: `alarms.thresholds`." }),
}, 'must be an object { region, role, cidr, availabilityZones }', 'One AWS region of the platform.');

/** The regions; exactly one is primary. */
export const regionsSchema = list(regionSchema,
  "must be a non-empty list of regions, e.g. [{ region: 'us-east-1', role: 'primary', cidr: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }]",
  'The regions; exactly one is primary. Each gets its own stacks (`PaymentPlatform-<region>`).', 1);

/** DNS of the platform. */
export const domainSchema = section({
  zoneName: text(dnsNameRule,
  "The platform's hosted zone, e.g. `verypay.example.com`."),
  hostedZoneId: pattern(/^Z[A-Z0-9]{1,32}$/,
    "must be a Route 53 hosted zone id like 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/'), or be omitted to create the zone",
    'Import this existing hosted zone instead of creating one in the global stack. Default: the global stack creates the zone.').optional(),
  apiLabel: pattern(DNS_LABEL, "must be one DNS label (lowercase letters, digits, '-'), e.g. 'api'",
    'Label of the global API hostname (`<label>.<zoneName>`); each region also gets `<label>-<region>.<zoneName>`.').default('api'),
}, "must be an object like { zoneName: 'verypay.example.com' }", 'DNS of the platform.');

/** Run the Ethereum part of the platform. */
export const blockchainSchema = flag('must be true or false (or be omitted: true); false leaves out geth, Lighthouse, the blockchain node group and secrets',
  "Run the Ethereum part of the platform: geth + Lighthouse in the blockchain namespace, the blockchain node group, the `blockchain/*` secrets and payment-service's Web3 wiring. A platform without blockchain (DrivoPay) sets it to false.").default(true);

/** How payment-service signs blockchain transactions. */
export const blockchainSignerSchema = oneOf(['kms', 'private-key'] as const,
  "must be 'kms' (default: payment-service signs with a secp256k1 KMS key) or 'private-key' (opt-in: a private key in Secrets Manager)",
  "How payment-service signs blockchain transactions. `kms`: with the region's asymmetric `ECC_SECG_P256K1` KMS key (a multi-Region key: the failover regions hold replicas, so the address is the same everywhere); only payment-service's role may `kms:Sign` and the private key never leaves KMS. `private-key`: an explicit opt-in for an application that cannot sign through KMS: a hex private key in Secrets Manager (`blockchain/signer-key`), mounted as a file.").default('kms');
