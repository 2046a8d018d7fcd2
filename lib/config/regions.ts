/**
 * AWS commercial regions (partition `aws`) and the availability-zone letters that exist in them.
 *
 * Used to reject a typo'd region or an AZ of another region before synth, since synth is offline
 * and never asks EC2. In the oldest regions AWS maps AZ letters to physical zones per account
 * (us-east-1, us-west-1, us-west-2, ap-northeast-1 ...); the letters listed are every letter any
 * account can see, so `describe-availability-zones` of the target account remains the final word.
 * China, GovCloud and the European Sovereign Cloud are other partitions (other ARNs) and not listed.
 */
export const AWS_REGION_AZ_LETTERS: Readonly<Record<string, string>> = {
  'us-east-1': 'abcdef',
  'us-east-2': 'abc',
  'us-west-1': 'abc', // each account sees two of the three letters
  'us-west-2': 'abcd',
  'ca-central-1': 'abd', // there is no ca-central-1c
  'ca-west-1': 'abc',
  'mx-central-1': 'abc',
  'sa-east-1': 'abc',
  'eu-west-1': 'abc',
  'eu-west-2': 'abc',
  'eu-west-3': 'abc',
  'eu-central-1': 'abc',
  'eu-central-2': 'abc',
  'eu-north-1': 'abc',
  'eu-south-1': 'abc',
  'eu-south-2': 'abc',
  'il-central-1': 'abc',
  'me-south-1': 'abc',
  'me-central-1': 'abc',
  'af-south-1': 'abc',
  'ap-east-1': 'abc',
  'ap-east-2': 'abc',
  'ap-south-1': 'abc',
  'ap-south-2': 'abc',
  'ap-northeast-1': 'abcd', // most accounts see a, c and d
  'ap-northeast-2': 'abcd',
  'ap-northeast-3': 'abc',
  'ap-southeast-1': 'abc',
  'ap-southeast-2': 'abc',
  'ap-southeast-3': 'abc',
  'ap-southeast-4': 'abc',
  'ap-southeast-5': 'abc',
  'ap-southeast-6': 'abc',
  'ap-southeast-7': 'abc',
};

/** Every known AWS commercial region code, sorted. */
export const AWS_COMMERCIAL_REGIONS: readonly string[] = Object.keys(AWS_REGION_AZ_LETTERS).sort();

/** Whether `region` is a known AWS commercial region code such as `eu-west-1`. */
export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(AWS_REGION_AZ_LETTERS, region);
}

/** The availability zones of a known region (`['eu-west-1a', 'eu-west-1b', 'eu-west-1c']`); `[]` for an unknown one. */
export function availabilityZonesOf(region: string): string[] {
  if (!isKnownRegion(region)) return [];
  return [...AWS_REGION_AZ_LETTERS[region]].map((letter) => `${region}${letter}`);
}
