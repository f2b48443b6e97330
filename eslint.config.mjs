// The official n8n community-node rules, assembled the way @n8n/node-cli's own config is (that CLI is
// not a devDependency here: it pulls packages the registry lacks). No eslint-disable comments: n8n's
// scanner ignores them.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	globalIgnores(['dist/', 'node_modules/', 'coverage/', '.n8n-host*/', '.registry-host/', '.stryker-tmp/', 'reports/']),
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			'no-console': 'error',
		},
	},
	{
		// The rules for what ships to n8n users. The dev-only tests, sandbox and benchmark (never in dist/,
		// see "files" in package.json) may use Node's own modules and n8n-core, so they are not held to them.
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['**/*.ts', 'package.json'],
		ignores: [...(n8nCommunityNodesPlugin.configs.recommended.ignores ?? []), 'test/**', 'bench/**'],
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
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// As in @n8n/node-cli: a full documentation URL is allowed (the community rule checks it).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// As in @n8n/node-cli: these two predate NodeConnectionTypes.Main and flag the current form.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
);
