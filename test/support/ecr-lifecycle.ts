/**
 * A model of how ECR applies a repository lifecycle policy (Amazon ECR User Guide, "How
 * lifecycle policies work"): rules are evaluated by ascending `rulePriority`; an image belongs to
 * the first rule whose selection matches it (`tagStatus`, and for tagged rules every pattern of
 * `tagPatternList` matched by one of the image's tags) and no later rule can expire it; a rule
 * with `imageCountMoreThan` expires its images beyond the newest `countNumber` (by push time),
 * one with `sinceImagePushed` those pushed more than `countNumber` days ago.
 */
export interface ModelImage {
  readonly digest: string;
  readonly tags: readonly string[];
  /** Days before "now" the image was pushed. */
  readonly pushedDaysAgo: number;
}

interface Rule {
  readonly rulePriority: number;
  readonly selection: {
    readonly tagStatus: 'tagged' | 'untagged' | 'any';
    readonly tagPatternList?: string[];
    readonly tagPrefixList?: string[];
    readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
    readonly countNumber: number;
  };
  readonly action: { readonly type: 'expire' };
}

function wildcard(pattern: string, tag: string): boolean {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(tag);
}

function selects(rule: Rule, image: ModelImage): boolean {
  const s = rule.selection;
  if (s.tagStatus === 'untagged') return image.tags.length === 0;
  if (s.tagStatus === 'any') return true;
  if (image.tags.length === 0) return false;
  if (s.tagPatternList) return s.tagPatternList.every((p) => image.tags.some((t) => wildcard(p, t)));
  if (s.tagPrefixList) return s.tagPrefixList.every((p) => image.tags.some((t) => t.startsWith(p)));
  return false;
}

/** The digests the policy expires from `images`. */
export function expiredImages(policyText: string, images: readonly ModelImage[]): Set<string> {
  const rules = (JSON.parse(policyText) as { rules: Rule[] }).rules.slice().sort((a, b) => a.rulePriority - b.rulePriority);
  const owner = new Map<string, Rule>();
  for (const image of images) {
    const rule = rules.find((r) => selects(r, image));
    if (rule) owner.set(image.digest, rule);
  }
  const expired = new Set<string>();
  for (const rule of rules) {
    const mine = images.filter((i) => owner.get(i.digest) === rule).sort((a, b) => a.pushedDaysAgo - b.pushedDaysAgo);
    const { countType, countNumber } = rule.selection;
    const out = countType === 'imageCountMoreThan' ? mine.slice(countNumber) : mine.filter((i) => i.pushedDaysAgo > countNumber);
    for (const i of out) expired.add(i.digest);
  }
  return expired;
}
