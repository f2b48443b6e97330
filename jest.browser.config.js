/**
 * `npm run test:browser`: n8n's editor in a real headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core) against `npm run dev`'s n8n and sandbox. One n8n and one browser for the whole suite
 * (started in test/browser/setup.ts), so the files run one after the other.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/browser/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	globalSetup: '<rootDir>/test/browser/setup.ts',
	globalTeardown: '<rootDir>/test/browser/teardown.ts',
	maxWorkers: 1,
	testTimeout: 120000,
};
