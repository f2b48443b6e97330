/**
 * `npm run test:queue`: the packed package in n8n's queue mode (Redis, PostgreSQL, main, two workers and a
 * webhook process, all started by the test). TALKOVER_N8N_LINE picks the n8n line (2.8, next or lts). The
 * package is packed once for all files (test/e2e/global-setup-packed.ts).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup-packed.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 300000,
};
