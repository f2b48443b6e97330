/**
 * `npm run test:e2e`: the packed package inside a real n8n (installed apart, see scripts/n8n-host.js; TALKOVER_N8N_LINE picks 2.8, next or lts). One file at a
 * time: each starts n8n processes of its own. The global setup packs the package and migrates one n8n
 * database once for all files (test/e2e/global-setup.ts).
 */
// The sandbox answers a request Talkover's documents do not describe with 400 naming the rule
// (test/sandbox/contract.js): a real n8n's requests are checked like the in-process ones.
process.env.TALKOVER_SANDBOX_STRICT = '1';

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 120000,
};
