import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as rules from '../../lib/core/rules';

describe('suggestions', () => {
  test.each([
    ['databse', ['database', 'cache', 'domain'], 'database'],
    ['instanceType', ['instanceClass', 'readerInstanceClass', 'readers'], 'instanceClass'],
    ['autoScaling', ['autoscaling', 'replicas'], 'autoscaling'],
    ['regoins', ['regions', 'domain'], 'regions'],
  ])('%s → %s', (word, known, expected) => {
    expect(rules.closestMatch(word, known)).toBe(expected);
    expect(rules.unknownKeyMessage(word, known)).toBe(`\`${word}\` is not a setting; did you mean \`${expected}\`?`);
  });

  test('no suggestion for an unrelated word: the settings are listed', () => {
    expect(rules.closestMatch('zzz', ['database', 'cache'])).toBeUndefined();
    expect(rules.unknownKeyMessage('zzz', ['database', 'cache'])).toBe('`zzz` is not a setting; use one of database, cache (or remove it)');
  });

  test('edit distance counts a transposition as one edit', () => {
    expect(rules.editDistance('databse', 'database')).toBe(1);
    expect(rules.editDistance('ab', 'ba')).toBe(1);
    expect(rules.editDistance('', 'abc')).toBe(3);
  });
});

describe('CIDR rules', () => {
  test.each([
    ['10.0.0.0/16', undefined],
    ['172.16.0.0/20', undefined],
    ['10.0.0/16', "must be an IPv4 CIDR block like '10.0.0.0/16'"],
    ['10.0.1.0/16', "has host bits set; use the network address '10.0.0.0/16'"],
    ['8.8.0.0/16', 'private (RFC 1918)'],
    ['10.0.0.0/8', 'prefix from /16 to /20'],
    ['10.0.0.0/24', 'prefix from /16 to /20'],
    [16, 'IPv4 CIDR block'],
  ])('VPC CIDR %p', (v, problem) => {
    if (problem === undefined) expect(rules.vpcCidrRule(v)).toBeUndefined();
    else expect(rules.vpcCidrRule(v)).toContain(problem);
  });

  test('public access CIDRs never open the whole internet', () => {
    expect(rules.publicAccessCidrRule('203.0.113.0/24')).toBeUndefined();
    expect(rules.publicAccessCidrRule('0.0.0.0/0')).toContain('whole internet');
    expect(rules.publicAccessCidrRule('::/0')).toContain('whole internet');
  });

  test('overlap and containment', () => {
    const a = rules.parseCidr('10.0.0.0/16') as rules.Cidr;
    const b = rules.parseCidr('10.0.128.0/17') as rules.Cidr;
    const c = rules.parseCidr('10.1.0.0/16') as rules.Cidr;
    expect(rules.cidrsOverlap(a, b)).toBe(true);
    expect(rules.cidrsOverlap(a, c)).toBe(false);
    expect(rules.cidrContains(a, b)).toBe(true);
  });
});

describe('window rules', () => {
  test('daily and weekly windows, minimum length, midnight crossing', () => {
    expect(rules.windowRule('daily', 30)('23:30-00:30')).toBeUndefined();
    expect(rules.windowRule('daily', 30)('03:00-03:15')).toContain('at least 30 minutes');
    expect(rules.windowRule('daily', 30)('3am-4am')).toContain("'hh:mm-hh:mm'");
    expect(rules.windowRule('weekly', 30)('sat:22:00-sat:22:30')).toBeUndefined();
    expect(rules.windowRule('weekly', 30)('sunday 04:00')).toContain("'ddd:hh:mm-ddd:hh:mm'");
  });

  test('a daily window overlapping a weekly one is named', () => {
    expect(rules.windowsOverlapRule('04:30-05:30', 'sun:04:00-sun:05:00', 'backup')).toBe('overlaps the backup window 04:30-05:30; move one of the windows so they do not overlap');
    expect(rules.windowsOverlapRule('03:00-04:00', 'sun:04:00-sun:05:00', 'backup')).toBeUndefined();
  });
});

describe('Kubernetes rules', () => {
  test('labels', () => {
    expect(rules.labelKeyRule('example.com/pool')).toBeUndefined();
    expect(rules.labelKeyRule('bad key!')).toContain('invalid Kubernetes label key');
    expect(rules.labelKeyRule('-role')).toContain('invalid Kubernetes label key');
    expect(rules.labelValueRule('')).toBeUndefined();
    expect(rules.labelValueRule('x'.repeat(64))).toContain('invalid Kubernetes label value');
  });

  test('names', () => {
    expect(rules.dnsLabelRule('namespace')('payments')).toBeUndefined();
    expect(rules.dnsLabelRule('namespace')('Payments')).toContain('Kubernetes namespace');
    expect(rules.dnsLabelRule('namespace')('a'.repeat(64))).toContain('at most 63');
    expect(rules.dnsSubdomainRule('payment-service.v1')).toBeUndefined();
    expect(rules.dnsSubdomainRule('payment_service')).toContain('object name');
  });

  test('taints and tolerations', () => {
    expect(rules.taintEffectRule('NoSchedule')).toBeUndefined();
    expect(rules.taintEffectRule('NoRun')).toBe("must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'");
    expect(rules.tolerationOperatorRule('Exists')).toBeUndefined();
    expect(rules.tolerationOperatorRule('In')).toContain("'Equal' or 'Exists'");
  });

  test('quantities', () => {
    expect(rules.cpuMillicores('500m')).toBe(500);
    expect(rules.cpuMillicores('2')).toBe(2000);
    expect(rules.cpuMillicores('0.5')).toBe(500);
    expect(rules.cpuQuantityRule('500m')).toBeUndefined();
    expect(rules.cpuQuantityRule('half')).toContain('CPU quantity');
    expect(rules.cpuQuantityRule('0')).toContain('greater than 0');
    expect(rules.memoryBytes('512Mi')).toBe(512 * 2 ** 20);
    expect(rules.memoryBytes('1G')).toBe(1e9);
    expect(rules.memoryQuantityRule('2Gi')).toBeUndefined();
    expect(rules.memoryQuantityRule('512m')).toContain("'m' is milli");
    expect(rules.memoryQuantityRule('512')).toContain("did you mean '512Mi'?");
    expect(rules.memoryQuantityRule('512M')).toBe("must be a whole number of Ki, Mi or Gi (binary units), e.g. '488Mi' for '512M'");
    expect(rules.memoryQuantityRule('1.5Gi')).toContain('whole number of Ki, Mi or Gi');
    expect(rules.memoryQuantityRule('65536Ki')).toBeUndefined();
    expect(rules.portRule(8080)).toBeUndefined();
    expect(rules.portRule(70000)).toContain('1 to 65535');
  });
});

describe('schedules and time zones', () => {
  test.each([
    ['0 2 * * *', undefined],
    ['*/15 * * * mon-fri', undefined],
    ['@daily', undefined],
    ['0 2 * *', 'has 4 fields'],
    ['60 2 * * *', "the minute '60' is outside 0-59"],
    ['0 2 * 13 *', "the month '13' is outside 1-12"],
    ['@sometimes', 'is not a cron macro'],
    ['TZ=UTC 0 2 * * *', 'must not carry a time zone'],
    ['', 'must be a cron schedule'],
  ])('cron %p', (v, problem) => {
    if (problem === undefined) expect(rules.cronRule(v)).toBeUndefined();
    else expect(rules.cronRule(v)).toContain(problem);
  });

  test('IANA time zones from the runtime; abbreviations are explained', () => {
    expect(rules.timeZoneRule('Asia/Kolkata')).toBeUndefined();
    expect(rules.timeZoneRule('UTC')).toBeUndefined();
    expect(rules.timeZoneRule('IST')).toContain('abbreviation');
    expect(rules.timeZoneRule('Mars/Olympus')).toContain('IANA time zone');
  });
});

describe('AWS rules', () => {
  test('log retention: CloudWatch values of a year or more', () => {
    expect(rules.logRetentionDaysRule(365)).toBeUndefined();
    expect(rules.logRetentionDaysRule(90)).toContain('PCI DSS 10.5.1');
    expect(rules.logRetentionDaysRule(500)).toContain('one of 365, 400, 545');
    expect(rules.auditLogDaysRule(500)).toBeUndefined();
    expect(rules.auditLogDaysRule(364)).toContain('at least 365');
    expect(rules.auditLogDaysRule(365.5)).toContain('whole number');
  });

  test('the retention list is exactly what aws-cdk-lib knows CloudWatch Logs accepts', () => {
    const cdk = (Object.values(logs.RetentionDays).filter((v) => typeof v === 'number') as number[]).filter((d) => d < 9999);
    expect([...rules.CLOUDWATCH_RETENTION_DAYS].sort((a, b) => a - b)).toEqual([...new Set(cdk)].sort((a, b) => a - b));
  });

  test('instance types: unknown families and sizes are named with a suggestion', () => {
    expect(rules.ec2InstanceTypeRule('m7i-flex.large')).toBeUndefined();
    expect(rules.ec2InstanceTypeRule('t3.nano')).toBeUndefined();
    expect(rules.ec2InstanceTypeRule('x99.large')).toContain("'x99' is no instance family");
    expect(rules.ec2InstanceTypeRule('m5.huge')).toContain("is not an EC2 instance type: the m5 family has no size 'huge'");
    expect(rules.ec2InstanceTypeRule('m5.xlarg')).toContain("did you mean 'xlarge'?");
    expect(rules.ec2InstanceTypeRule('t3.24xlarge')).toContain('the t3 family has no size');
    expect(rules.ec2InstanceTypeRule('m5xlarge')).toContain("'<family>.<size>'");
    expect(rules.dbInstanceClassRule('db.r6g.2xlarge')).toBeUndefined();
    expect(rules.dbInstanceClassRule('r6g.2xlarge')).toContain("starting with 'db.'");
    expect(rules.dbInstanceClassRule('db.r9x.large')).toContain('no instance family');
    expect(rules.cacheNodeTypeRule('cache.r6g.xlarge')).toBeUndefined();
    expect(rules.cacheNodeTypeRule('r6g.xlarge')).toContain("starting with 'cache.'");
  });

  test('engine versions: only versions offered', () => {
    expect(rules.auroraPostgresVersionRule('17.9')).toBeUndefined();
    expect(rules.auroraPostgresVersionRule('17.99')).toContain('is not an Aurora PostgreSQL version AWS offers');
    expect(rules.auroraPostgresVersionRule('14.9')).toContain('end of standard support');
    expect(rules.auroraPostgresVersionRule('16')).toContain("'major.minor'");
    expect(rules.cacheEngineVersionRule('valkey')('8.0')).toBeUndefined();
    expect(rules.cacheEngineVersionRule('valkey')('9.9')).toContain('one of 7.2, 8.0, 8.1');
  });

  test('every Aurora PostgreSQL version offered is one aws-cdk-lib knows', () => {
    const known = Object.values(rds.AuroraPostgresEngineVersion)
      .filter((v): v is rds.AuroraPostgresEngineVersion => v instanceof rds.AuroraPostgresEngineVersion)
      .map((v) => v.auroraPostgresFullVersion);
    for (const v of rules.AURORA_POSTGRES_VERSIONS) expect(known).toContain(v);
  });

  test('account and e-mail', () => {
    expect(rules.accountIdRule('123456789012')).toBeUndefined();
    expect(rules.accountIdRule(123456789012)).toContain('as a string');
    expect(rules.emailRule('oncall@example.com')).toBeUndefined();
    expect(rules.emailRule('oncall')).toContain('e-mail address');
  });
});

describe('PlatformConfigError', () => {
  test('lists every problem with path, value and fix, and carries no stack frames', () => {
    const list = new rules.ProblemList();
    list.check('regions[1].cidr', '8.8.0.0/16', rules.vpcCidrRule);
    list.check('alarms.email', 'oncall', rules.emailRule);
    let error: unknown;
    try {
      list.throwIfAny();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(rules.PlatformConfigError);
    const e = error as rules.PlatformConfigError;
    expect(e.message).toBe([
      'Invalid platform configuration (2 problems):',
      "  - regions[1].cidr: must be a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. '10.0.0.0/16' (got \"8.8.0.0/16\")",
      "  - alarms.email: must be an e-mail address like 'payments-oncall@example.com', or be omitted for no subscription (got \"oncall\")",
    ].join('\n'));
    expect(e.stack).not.toMatch(/\n\s+at /);
    expect(rules.formatPath(['services', 3, 'ports', 'http'])).toBe('services[3].ports.http');
  });

  test('the rules module imports nothing outside itself', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('fs') as typeof import('fs');
    const dir = `${__dirname}/../../lib/core/rules`;
    for (const file of fs.readdirSync(dir)) {
      const imports = [...fs.readFileSync(`${dir}/${file}`, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect({ file, outside: imports.filter((i) => !i.startsWith('./')) }).toEqual({ file, outside: [] });
    }
  });
});

describe('construct prop rules (shared with the schema)', () => {
  test('PropChecks collects every problem, skips tokens and undefined, and throws one PlatformConfigError named after the construct', () => {
    const c = new rules.PropChecks('Thing', (v) => v === 'TOKEN');
    expect(c.prop('a', 'TOKEN', rules.emailRule)).toBe(true);
    expect(c.prop('b', undefined, rules.emailRule)).toBe(true);
    expect(c.prop('c', 'x', rules.emailRule)).toBe(false);
    expect(c.prop('d', 5, rules.integerRule(10, 20, 'e.g. 15'))).toBe(false);
    expect(() => c.done()).toThrow(/^Invalid Thing props \(2 problems\):\n {2}- c: must be an e-mail address.*\n {2}- d: must be an integer from 10 to 20; e\.g\. 15 \(got 5\)$/);
    expect(() => new rules.PropChecks('Empty').done()).not.toThrow();
    expect(() => rules.invalidProp('Thing', 'x', 1, 'is wrong')).toThrow(rules.PlatformConfigError);
  });

  test.each([
    [rules.wafRateLimitRule, 9, 'must be an integer from 10'], [rules.wafRateLimitRule, 2000, undefined],
    [rules.pathRateLimitRule(2000), 2000, 'to below the global rateLimitPer5Minutes (2000)'], [rules.pathRateLimitRule(2000), 1999, undefined],
    [rules.wafPathRule, '/v1 x', 'without spaces'], [rules.wafPathRule, `/${'a'.repeat(200)}`, 'at most 200'], [rules.wafPathRule, '/v1/payments', undefined],
    [rules.countryCodeRule, 'usa', 'ISO 3166'], [rules.countryCodeRule, 'US', undefined],
    [rules.natGatewaysRule(3), 4, 'from 1 to 3'], [rules.natGatewaysRule(3), 0, 'from 1 to 3'], [rules.natGatewaysRule(3), 3, undefined],
    [rules.zoneCountRule, ['a'], 'must list 2 to 6'], [rules.zoneCountRule, ['a', 'b'], undefined],
    [rules.dnsNameRule, 'api_us.example.com', 'lowercase labels'], [rules.dnsNameRule, 'example', 'lowercase labels'], [rules.dnsNameRule, 'api-us-east-1.example.com', undefined],
    [rules.acmCertificateArnRule, 'arn:aws:iam::123456789012:server-certificate/x', 'ACM certificate ARN'],
    [rules.acmCertificateArnRule, 'arn:aws:acm:us-east-1:123456789012:certificate/abc-1', undefined],
    [rules.regionalWebAclArnRule, 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b', 'regional WAFv2'],
    [rules.regionalWebAclArnRule, 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b', undefined],
    [rules.awsIdentifierRule(40), 'a'.repeat(41), '1–40 lowercase'], [rules.awsIdentifierRule(63), 'payments--db', '1–63'], [rules.awsIdentifierRule(63), 'payments-db', undefined],
    [rules.auroraBackupWindowRule, '03:00-03:20', 'at least 30 minutes'], [rules.cacheSnapshotWindowRule, '03:00-03:30', 'at least 60 minutes'],
    [rules.cacheMaintenanceWindowRule, 'sun:05:00-sun:06:00', undefined], [rules.auroraMaintenanceWindowRule, 'sun:05:00', 'ddd:hh:mm'],
    [rules.cacheEngineVersionRule('redis'), '6.2', 'requiring TLS'], [rules.cacheEngineVersionRule('redis'), '7.1', undefined],
  ] as [(v: unknown) => string | undefined, unknown, string | undefined][])('%#: %p', (rule, value, problem) => {
    if (problem === undefined) expect(rule(value)).toBeUndefined();
    else expect(rule(value)).toContain(problem);
  });

  test('repeatedIndexes names the second and later occurrences', () => {
    expect(rules.repeatedIndexes(['/a', '/b', '/a', '/a'])).toEqual([2, 3]);
  });
});

describe('EC2 sizes known per family (instance-type data)', () => {
  test.each([['m5.medium', "the m5 family has no size 'medium'"], ['c5.16xlarge', "the c5 family has no size '16xlarge'"], ['t3.4xlarge', "the t3 family has no size '4xlarge'"]])(
    '%s is rejected (the shape-only check accepted it)', (type, problem) => {
      expect(rules.ec2InstanceTypeRule(type)).toContain(problem);
    });
  test.each(['m5.xlarge', 'c5.2xlarge', 't3.medium', 'm7g.medium', 'm5.metal', 'x2idn.16xlarge'])('%s is accepted', (type) => {
    expect(rules.ec2InstanceTypeRule(type)).toBeUndefined();
  });
});
