import { examplePlatformConfig } from '../../bin/example-config';
import { configWarnings } from '../../lib/config/plausibility';
import { resolvePlatformConfig } from '../../lib/config/resolve';

const prefixWarnings = (repositories: string[]) => configWarnings(resolvePlatformConfig({ ...examplePlatformConfig, repositories }))
  .filter((w) => w.id === 'payment-platform:repository-name-prefix');

describe('repository names that another repository\'s replication filter matches', () => {
  test('the example has none', () => {
    expect(prefixWarnings(examplePlatformConfig.repositories ?? [])).toEqual([]);
  });

  test('ledger-v2 beside ledger warns: the prefix filter of verypay/ledger already replicates it', () => {
    expect(prefixWarnings(['ledger', 'ledger-v2'])).toEqual([{
      id: 'payment-platform:repository-name-prefix', field: 'repositories',
      message: expect.stringMatching(/^'verypay\/ledger-v2' starts with 'verypay\/ledger', whose replication filter already matches it: .*deploy every secondary regional stack before the first push.*RepositoryAlreadyExistsException$/),
    }]);
  });

  test('a built-in name is a prefix too (payment-service → payment-service-eu)', () => {
    expect(prefixWarnings(['payment-service-eu']).map((w) => w.message)).toEqual([expect.stringContaining("'verypay/payment-service-eu' starts with 'verypay/payment-service'")]);
  });

  test('names that are no prefix of one another do not warn (ledger, led-ger, fx)', () => {
    expect(prefixWarnings(['ledger', 'led-ger', 'fx'])).toEqual([]);
  });
});
