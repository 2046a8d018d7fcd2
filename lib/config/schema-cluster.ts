import { z } from 'zod';
import { ec2InstanceTypeRule, labelKeyRule, labelValueRule, publicAccessCidrRule, TAINT_EFFECTS } from '../core/rules';
import { integer, labels, list, oneOf, pattern, section, text } from './schema-helpers';

/** The EKS cluster of each region and its node groups. */

/** The four node pools of the seeds, in creation order. */
export const NODE_GROUP_NAMES = ['system', 'api', 'worker', 'blockchain'] as const;

/** A node pool name. */
export type NodeGroupName = (typeof NODE_GROUP_NAMES)[number];

/** EKS refuses a managed node group of more nodes than this (its hard limit). */
export const MAX_NODE_GROUP_SIZE = 1000;

/** A Kubernetes taint on the nodes of a node group. */
export const taintSchema = section({
  key: text((v) => (labelKeyRule(v) ? "must be a Kubernetes label-style key such as 'role' or 'example.com/dedicated'" : undefined), 'Taint key.'),
  value: z.string({ error: "must be up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or ''), e.g. 'api'" })
    .check(z.superRefine((v, ctx) => {
      if (labelValueRule(v)) ctx.addIssue({ code: 'custom', input: v, message: "must be up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or ''), e.g. 'api'" });
    })).meta({ description: 'Taint value.' }),
  effect: oneOf(TAINT_EFFECTS, "must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'", 'What the taint does to pods that do not tolerate it: `NoSchedule`, `PreferNoSchedule` or `NoExecute`.'),
}, "must be a taint { key, value, effect }, e.g. { key: 'role', value: 'api', effect: 'NoSchedule' }", 'A taint on the nodes.');

/** One EKS managed node group. */
export const nodeGroupSchema = section({
  instanceType: text((v) => ec2InstanceTypeRule(v), "EC2 instance type, e.g. `m5.xlarge`. Changing it replaces the node group."),
  minSize: integer(0, MAX_NODE_GROUP_SIZE, 'e.g. 2 (an integer ≥ 0)', 'Fewest nodes.'),
  maxSize: integer(1, MAX_NODE_GROUP_SIZE, `e.g. 10 (an integer ≥ 1; EKS allows at most ${MAX_NODE_GROUP_SIZE} nodes per managed node group)`, 'Most nodes (the cluster autoscaler scales within minSize..maxSize).'),
  desiredSize: z.number({ error: 'must be an integer within minSize..maxSize, or be omitted to start at minSize' })
    .meta({ description: 'Nodes at creation. Default: `minSize`.' }).optional(),
  diskSizeGiB: integer(20, 16384, 'the gp3 root volume size in GiB, e.g. 100', 'Root (gp3, encrypted) volume size in GiB.'),
  labels: labels(labelKeyRule, labelValueRule, "must be an object of Kubernetes labels, e.g. { role: 'api' }",
    "Node labels, added to the pool's own `role: <pool>` label (which cannot be changed).").optional(),
  taints: list(taintSchema, "must be a list of taints, e.g. [{ key: 'role', value: 'api', effect: 'NoSchedule' }]",
    "Node taints, added to the pool's own `role=<pool>:NoSchedule` taint (api, blockchain).").optional(),
}, "must be an object { instanceType, minSize, maxSize, diskSizeGiB }, e.g. { instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, diskSizeGiB: 100 }",
'One EKS managed node group.');

/** The node groups as configured: each given group replaces the default for that name. */
export const nodeGroupsSchema = section(
  Object.fromEntries(NODE_GROUP_NAMES.map((n) => [n, nodeGroupSchema.optional()])) as Record<NodeGroupName, z.ZodOptional<typeof nodeGroupSchema>>,
  `must be an object keyed by node group name (${NODE_GROUP_NAMES.join(', ')})`,
  'Node groups; a group given here replaces the default for that name. The `blockchain` group exists only with `blockchain` on. Default: the seeds\' system, api, worker and blockchain pools.',
);

/** The EKS cluster of each region. */
export const clusterSchema = section({
  kubernetesVersion: pattern(/^1\.\d{2}$/, "must be a Kubernetes minor version like '1.35'",
    'Kubernetes minor version, e.g. `1.35`. Versions EKS can no longer create are rejected; versions in extended support produce a warning.').default('1.35'),
  endpointPublicAccessCidrs: list(text(publicAccessCidrRule, 'An office or VPN CIDR.'),
    "must be a list of CIDRs such as ['203.0.113.0/24'], or be omitted for a private endpoint",
    'CIDRs allowed to reach a public API endpoint. When empty the endpoint is private only.').default([]),
  adminRoleArn: pattern(/^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/, "must be an IAM role ARN like 'arn:aws:iam::123456789012:role/PlatformAdmin'",
    'IAM role ARN (of the platform account) granted cluster-admin through an EKS access entry. Default: no extra admin besides the deploying role.').optional(),
  nodeGroups: nodeGroupsSchema.optional(),
}, "must be an object (or be omitted for the defaults), e.g. { kubernetesVersion: '1.35' }", 'The EKS cluster of each region.');
