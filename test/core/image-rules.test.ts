import { imageDigestRule, pinnedImageDigestRule } from '../../lib/core/rules';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('imageDigestRule', () => {
  test('accepts sha256 and 64 lowercase hex digits', () => {
    expect(imageDigestRule(DIGEST)).toBeUndefined();
  });

  test.each([
    ['63 digits', DIGEST.slice(0, -1)],
    ['65 digits', `${DIGEST}0`],
    ['upper case', DIGEST.toUpperCase().replace('SHA256', 'sha256')],
    ['another algorithm', DIGEST.replace('sha256', 'sha512')],
    ['no algorithm', DIGEST.slice('sha256:'.length)],
    ['a reference instead of a digest', `postgres@${DIGEST}`],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s, with the fix', (_what, value) => {
    expect(imageDigestRule(value)).toMatch(/^must be an image digest: 'sha256:' and 64 lowercase hex digits, as `docker buildx imagetools inspect <image>`/);
  });
});

describe('pinnedImageDigestRule', () => {
  const pinned = { repository: 'ethereum/client-go', tag: 'v1.17.5' };

  test('the pinned repository and tag need no digest of their own (the library has one)', () => {
    expect(pinnedImageDigestRule(pinned, pinned)).toBeUndefined();
  });

  test('another tag or repository with its digest is fine', () => {
    expect(pinnedImageDigestRule({ ...pinned, tag: 'v1.17.6', digest: DIGEST }, pinned)).toBeUndefined();
    expect(pinnedImageDigestRule({ ...pinned, repository: 'public.ecr.aws/ethereum/client-go', digest: DIGEST }, pinned)).toBeUndefined();
  });

  test('fails when the tag differs and no digest is given, naming the image to inspect', () => {
    expect(pinnedImageDigestRule({ ...pinned, tag: 'v1.17.6' }, pinned)).toBe(
      "is required when repository or tag differ from the library's pinned ethereum/client-go:v1.17.5: set the digest of ethereum/client-go:v1.17.6 " +
      "('sha256:' and 64 hex digits, as `docker buildx imagetools inspect ethereum/client-go:v1.17.6` prints it), so a re-pushed tag cannot change what runs");
  });

  test('fails when only the repository differs (the same tag elsewhere is another image)', () => {
    expect(pinnedImageDigestRule({ ...pinned, repository: 'ghcr.io/acme/geth' }, pinned)).toMatch(/set the digest of ghcr\.io\/acme\/geth:v1\.17\.5/);
  });
});
