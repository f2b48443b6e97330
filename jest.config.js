/**
 * Tests load the node from its TypeScript source (ts-jest), so a test never runs stale code; the few
 * that check the build output (icons, codex, tarball) get a fresh dist/ from the global setup, which
 * rebuilds only when the source is newer.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	globalSetup: '<rootDir>/test/helpers/ensure-build.js',
	testTimeout: 30000,
};
