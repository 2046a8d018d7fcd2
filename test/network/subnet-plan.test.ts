import { expectRejected } from '../support/invalid-case';
import { checkSubnetPlan, cidrPrefix, defaultSubnetMasks } from '../../lib/network/subnet-plan';

describe('subnet plan', () => {
  test('3 zones in a /16: private /18, public and database /21', () => {
    expect(defaultSubnetMasks(16, 3)).toEqual({ private: 18, public: 21, database: 21 });
  });

  test('3 zones in a /20: private /22, public and database /25', () => {
    expect(defaultSubnetMasks(20, 3)).toEqual({ private: 22, public: 25, database: 25 });
  });

  test.each([16, 17, 18, 19, 20].flatMap((prefix) => [2, 3, 4, 5, 6].map((zones) => [prefix, zones])))(
    'the default plan of a /%s with %s zones fits', (prefix, zones) => {
      expect(() => checkSubnetPlan(`10.0.0.0/${prefix}`, zones, defaultSubnetMasks(prefix, zones))).not.toThrow();
    },
  );

  test('cidrPrefix reads the prefix length', () => {
    expect(cidrPrefix('10.1.0.0/16')).toBe(16);
  });

  test.each([['10.0.0.0'], ['10.0.0.300/16'], ['10.0.0.0/33'], ['ten/16']])('fails when the cidr is %s', (cidr) => {
    expectRejected(() => cidrPrefix(cidr), { what: cidr, input: cidr, field: 'region.cidr', fix: "must be an IPv4 CIDR block like '10.0.0.0/16'" });
  });

  test('fails when the subnets do not fit the VPC', () => {
    expect(() => checkSubnetPlan('10.0.0.0/20', 3, { private: 21, public: 25, database: 25 }))
      .toThrow(/- subnetMasks: need 6912 addresses for 3 availability zones, but the VPC 10\.0\.0\.0\/20 has 4096/);
  });

  test('fails when alignment makes the plan overflow although the sizes add up', () => {
    // 3 × /25 (384 addresses), then 3 × /18 aligned to 10.0.64.0 (ends at 65536), then 3 × /25: 49920 addresses in total, but no room left.
    expect(() => checkSubnetPlan('10.0.0.0/16', 3, { private: 25, public: 18, database: 25 })).toThrow(/need 65920 addresses for 3 availability zones, but the VPC 10\.0\.0\.0\/16 has 65536/);
  });

  test.each([
    ['private', { private: 16, public: 21, database: 21 }, 'must be an integer from 17 to 28 for the VPC 10.0.0.0/16'],
    ['public', { private: 18, public: 29, database: 21 }, 'must be an integer from 17 to 28'],
    ['database', { private: 18, public: 21, database: 21.5 }, 'must be an integer from 17 to 28'],
  ])('fails when the %s mask is out of range', (tier, masks, fix) => {
    expectRejected(() => checkSubnetPlan('10.0.0.0/16', 3, masks), { what: tier, input: masks, field: `subnetMasks.${tier}`, fix });
  });
});
