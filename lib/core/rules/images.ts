/**
 * Container image rules: digests, and the digest a changed third-party image must bring along
 * (the library's default digest belongs to its default repository and tag only).
 */

/** A digest as registries print it: `sha256:` and 64 lowercase hex digits. */
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

const DIGEST_FIX = "must be an image digest: 'sha256:' and 64 lowercase hex digits, as `docker buildx imagetools inspect <image>` or `aws ecr describe-images` print it";

/** `sha256:<64 hex>`. */
export function imageDigestRule(v: unknown): string | undefined {
  return typeof v === 'string' && IMAGE_DIGEST.test(v) ? undefined : DIGEST_FIX;
}

/** A third-party image as configured (after its defaults): repository, tag, digest. */
export interface PinnedImageValue {
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string;
}

/**
 * A third-party image whose repository or tag differs from the library's pinned one must name its
 * own digest: the library's digest would run the old image, and none would leave the tag mutable.
 */
export function pinnedImageDigestRule(image: PinnedImageValue, pinned: Pick<PinnedImageValue, 'repository' | 'tag'>): string | undefined {
  if (image.digest !== undefined || (image.repository === pinned.repository && image.tag === pinned.tag)) return undefined;
  const ref = `${image.repository}:${image.tag}`;
  return `is required when repository or tag differ from the library's pinned ${pinned.repository}:${pinned.tag}: ` +
    `set the digest of ${ref} ('sha256:' and 64 hex digits, as \`docker buildx imagetools inspect ${ref}\` prints it), ` +
    'so a re-pushed tag cannot change what runs';
}
