// Jest: TypeScript tests through ts-jest in ESM mode (run with node --experimental-vm-modules).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 60000,
  // Removes the temporary directories each test file made with tempDir (test/helpers/cli.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup/remove-temp-dirs.ts'],
};
