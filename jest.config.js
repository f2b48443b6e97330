/**
 * Tests load the node from its TypeScript source (ts-jest), so a test never runs stale code; the few
 * that check the build output (icons, codex, tarball) get a fresh dist/ from the global setup, which
 * builds only when dist/ is not the build of today's sources (scripts/dist-is-current.js). ts-jest only
 * transpiles (isolatedModules in test/tsconfig.json): `npm test` type-checks the tests and the node once,
 * with tsc, before jest.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/helpers/ensure-build.js',
	testTimeout: 30000,
	// One worker per core (jest's default leaves one core to its parent, which only waits): on a 2-core CI
	// machine that is 2 workers instead of 1, and on a busy one a larger share of the cores.
	maxWorkers: '100%',
};
