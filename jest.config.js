// Jest: TypeScript tests through ts-jest in ESM mode (run with node --experimental-vm-modules).
export default {
  testEnvironment: 'node',
  // No soft deletion of a test file's globals: signal-exit (through execa) keeps its emitter on the global object, and
  // jest's warning on reading it after a file ended once recursed into a stack overflow that failed the next file.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  testTimeout: 60000,
  // terminal-env pins TERM and the locale first. Then in this order, since hooks of one block run in the order they were added: after each test, end the children it
  // left running (test/helpers/children.ts), then run what it registered with afterTest (test/helpers/cleanup.ts);
  // after each test file, remove the temporary directories it made with tempDir (test/helpers/cli.ts), once nothing
  // is writing to them.
  setupFilesAfterEnv: [
    '<rootDir>/test/setup/terminal-env.ts',
    '<rootDir>/test/setup/end-left-children.ts',
    '<rootDir>/test/setup/end-what-tests-left.ts',
    '<rootDir>/test/setup/remove-temp-dirs.ts',
  ],
};
