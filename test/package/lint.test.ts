/**
 * n8n's own linter keeps linting what ships: `n8n-node lint` in strict mode with n8n's default
 * eslint.config.mjs (strict mode refuses any other), the tests, benchmarks and scripts by eslint.dev.config.mjs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

test('eslint.config.mjs is n8n’s default: it only imports config from @n8n/node-cli/eslint and exports it', () => {
	expect(read('eslint.config.mjs').replace(/\s+/g, ' ').trim()).toBe("import { config } from '@n8n/node-cli/eslint'; export default config;");
	// The same text node-cli's strict mode compares it with.
	const template = path.join(ROOT, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs');
	expect(read('eslint.config.mjs').replace(/\s+/g, ' ').trim()).toBe(fs.readFileSync(template, 'utf8').replace(/\s+/g, ' ').trim());
});

test('strict mode is on and node-cli is an exact devDependency', () => {
	expect(pkg.n8n.strict).toBe(true);
	expect(pkg.devDependencies['@n8n/node-cli']).toBe('0.48.3');
	// node-cli's tree holds isolated-vm 7 (engines >=24), whose native build fails on Node 20: npm does not run it.
	expect(pkg.allowScripts).toEqual({ 'isolated-vm': false });
});

test('npm run lint runs n8n-node lint on what ships, then the dev config on the rest', () => {
	expect(pkg.scripts.lint).toBe('ESLINT_FLAGS=unstable_config_lookup_from_file n8n-node lint && eslint -c eslint.dev.config.mjs .');
	expect(read('.ci/run')).toMatch(/^npm run lint$/m);
});

test('the folders that do not ship keep n8n-node lint out (each file’s nearest eslint.config.mjs ignores it) and are linted by the dev config', () => {
	for (const folder of ['test', 'bench', 'scripts']) {
		expect([folder, read(`${folder}/eslint.config.mjs`)]).toEqual([folder, expect.stringContaining("export default [globalIgnores(['**'])];")]);
	}
	const dev = read('eslint.dev.config.mjs');
	expect(dev).toContain("'nodes/',");
	expect(dev).toContain("'credentials/',");
	expect(dev).not.toMatch(/eslint-plugin-n8n-nodes-base|community-nodes/);
	// A new folder of code must be given to one of the two runs on purpose (n8n-node lint would hold it to n8n's rules).
	const codeFolders = fs
		.readdirSync(ROOT, { withFileTypes: true })
		.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !['node_modules', 'dist', 'coverage', 'reports'].includes(e.name))
		.map((e) => e.name)
		.filter((name) => {
			const walk = (dir: string): boolean =>
				fs.readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|js|mjs|cjs)$/.test(e.name)));
			return walk(path.join(ROOT, name));
		});
	expect(codeFolders.sort()).toEqual(['bench', 'credentials', 'nodes', 'scripts', 'test']);
});
