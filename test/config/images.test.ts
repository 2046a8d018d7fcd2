import { examplePlatformConfig as ex } from '../../bin/example-config';
import { DEFAULT_IMAGES } from '../../lib/config/defaults';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { section } from './config-patches';

/**
 * Image digests in the configuration: the library's digest of a third-party image belongs to its
 * default repository and tag only; any other must bring its own (invalid-inputs.test.ts has the
 * rejections), and a given digest always wins.
 */

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const images = (patch: Record<string, unknown>) => resolvePlatformConfig(section('images', patch)).images;

describe('resolved image digests', () => {
  test('the example runs every third-party image at the library\'s digest', () => {
    const resolved = resolvePlatformConfig(ex).images;
    expect({ geth: resolved.geth, lighthouse: resolved.lighthouse, postgresClient: resolved.postgresClient, awsCli: resolved.awsCli }).toEqual({
      geth: { repository: 'ethereum/client-go', tag: 'v1.17.5', digest: 'sha256:523d3ba26623a619e912019068dc2784f02934070ac46bdae4d5b9df0d917814' },
      lighthouse: { repository: 'sigp/lighthouse', tag: 'v8.2.2', digest: 'sha256:9a62bb8705455136e1cf96613460960f80dc2faa9d75b5c16a3bfcc9210dcdd1' },
      postgresClient: { repository: 'postgres', tag: '17.6-alpine', digest: 'sha256:ef257d85f76e48da1c64832459b59fcaba1a4dac97bf5d7450c77753542eee94' },
      awsCli: { repository: 'amazon/aws-cli', tag: '2.37.5', digest: 'sha256:fb7ccfc7b4e3a05017e6c9ded4ba959b99af622130e211fb976c68c2f4d3f224' },
    });
    expect(DEFAULT_IMAGES.geth).toEqual(resolved.geth);
  });

  test('writing the default repository and tag out keeps the default digest', () => {
    expect(images({ geth: { repository: 'ethereum/client-go', tag: 'v1.17.5' } }).geth.digest).toBe(DEFAULT_IMAGES.geth.digest);
  });

  test('a configured digest wins, for the default tag and for another one', () => {
    expect(images({ geth: { tag: 'v1.17.5', digest: DIGEST } }).geth).toEqual({ repository: 'ethereum/client-go', tag: 'v1.17.5', digest: DIGEST });
    expect(images({ lighthouse: { tag: 'v8.3.0', digest: DIGEST } }).lighthouse).toEqual({ repository: 'sigp/lighthouse', tag: 'v8.3.0', digest: DIGEST });
  });

  test('another tag never inherits the default digest: without its own the configuration is rejected', () => {
    expect(() => images({ geth: { tag: 'v1.17.6' } })).toThrow(/images\.geth\.digest: .*is required when repository or tag differ/);
  });

  test('own services carry the digest CI gives, and none when none is given', () => {
    const resolved = images({ apiGateway: { tag: 'v1.2.3', digest: DIGEST } });
    expect(resolved.apiGateway).toEqual({ tag: 'v1.2.3', digest: DIGEST });
    expect(resolved.paymentService.digest).toBeUndefined();
  });
});
