/** Four projects so CI and developers can run each layer alone (see package.json scripts). */
// Sign-in libraries published as ES modules only (jose, openid-client, oidc-provider and theirs):
// Node 20 requires them natively, Jest's module loader does not, so Jest compiles them to CommonJS.
const esmOnly = [
  'jose',
  'openid-client',
  'oauth4webapi',
  'oidc-provider',
  'got',
  'nanoid',
  'quick-lru',
  'ms',
  '@sindresorhus',
  '@szmarczak',
  'cacheable-lookup',
  'cacheable-request',
  'keyv',
  '@keyv',
  'mimic-response',
  'normalize-url',
  'responselike',
  'lowercase-keys',
  'form-data-encoder',
  'p-cancelable',
];
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  '^.+\\.js$': [
    'ts-jest',
    {
      tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true },
      isolatedModules: true,
    },
  ],
};
const common = {
  testEnvironment: 'node',
  transform: tsJest,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  // Tests start Temporal servers, workers and child processes. A test that fails half-way may leave
  // one of them running (a worker polling a server already stopped, say); the run must still end,
  // with the failure reported, rather than wait on it for ever.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/tests/workflows/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/tests/fuzz/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      // `npm run test:cluster`: the deployment scenarios and a crash drill on the local cluster
      // (scripts/cluster/), with requests spread over two API replicas. Not part of `npm test`.
      ...common,
      displayName: 'cluster',
      testMatch: [
        '<rootDir>/tests/e2e/{decisions,funding,tracking,reporting}.test.ts',
        '<rootDir>/tests/cluster/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/tests/support/on-cluster.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
  ],
};
