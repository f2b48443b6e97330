// The lint of what does not ship: the tests (with the sandbox), the benchmarks, the scripts and the root config
// files, run as `eslint -c eslint.dev.config.mjs .` by `npm run lint`. What ships (nodes/, credentials/,
// package.json) is linted by `n8n-node lint` in strict mode with n8n's default eslint.config.mjs; the
// eslint.config.mjs of test/, bench/ and scripts/ keep that run out of these folders. No eslint-disable
// comments: n8n's scanner ignores them.
import eslint from '@eslint/js';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	globalIgnores([
		'nodes/',
		'credentials/',
		'dist/',
		'node_modules/',
		'coverage/',
		'.n8n-host*/',
		'.n8n-dev*/',
		'.registry-host/',
		'.stryker-tmp/',
		'reports/',
	]),
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			'no-console': 'error',
		},
	},
	{
		// Tests read JSON bodies of any shape, and load the built node from dist/ with require().
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [eslint.configs.recommended],
		languageOptions: {
			sourceType: 'commonjs',
			globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly', URL: 'readonly' },
		},
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { sourceType: 'module' },
	},
);
