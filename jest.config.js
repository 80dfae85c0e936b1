// Unit specs sit beside the code; e2e suites live in test/ and talk to real PostgreSQL, Redis,
// SMTP and IMAP servers. `npm test` runs both projects.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const moduleNameMapper = {
  '^nestjs-messaging-gateway$': '<rootDir>/libs/messaging-gateway/src',
  '^nestjs-messaging-gateway/(.*)$': '<rootDir>/libs/messaging-gateway/src/$1',
};
const shared = { rootDir: __dirname, transform: { '^.+\\.ts$': tsJest }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
  testTimeout: 60000,
  // A test that leaves a socket or server open fails the run, naming it, instead of hanging it.
  globalTeardown: `${__dirname}/test/helpers/open-handles.global-teardown.js`,
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/libs/messaging-gateway/dist'],
};
