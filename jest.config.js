/**
 * Tests are transpiled with SWC (fast, no type-check); `npm run typecheck` runs tsc strict.
 *
 * Two tiers, one config: `npx jest` runs both. `npm test` runs the first (`--selectProjects unit`:
 * every construct, chart, model and simulation suite, budget 60 s on two cores); `npm run
 * test:tools` runs the second, the suites that drive external tools (promtool and amtool, a real
 * PostgreSQL, the cfn-guard binary). CI runs both (.ci/run).
 */
const TOOL_SUITES = [
  '<rootDir>/test/charts/observability/alert-rules.test.ts', // promtool check/test rules
  '<rootDir>/test/observability/alert-routing.test.ts', // amtool
  '<rootDir>/test/charts/stateful/pg-backup.test.ts', // a real PostgreSQL cluster
  '<rootDir>/test/charts/stateful/pg-backup-gate.test.ts', // a real PostgreSQL cluster (the writer gate)
  '<rootDir>/test/data/database-users-sql.test.ts', // a real PostgreSQL cluster
  '<rootDir>/test/data/pgaudit.test.ts', // a real PostgreSQL cluster with pgaudit
  '<rootDir>/test/compliance/compliance.test.ts', // cfn-guard (Control Tower controls)
];

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...TOOL_SUITES] },
    { ...common, displayName: 'tools', testMatch: TOOL_SUITES },
  ],
  testTimeout: 120000,
  // One temporary directory per run for the cloud assemblies the tests synthesize, removed after it.
  globalSetup: '<rootDir>/test/support/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.js',
  // Jest's default (cores − 1) leaves one of CI's two cores idle; suites are CPU-bound synths.
  maxWorkers: 2,
};
