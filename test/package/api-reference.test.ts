/**
 * The tests and scripts that compare the committed copies of Talkover's API reference with the reference
 * itself find it in one way (scripts/api-reference.js), and fail when it is not there instead of passing
 * unchecked.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const { apiReference } = require(path.join(ROOT, 'scripts/api-reference.js')) as {
	apiReference(explicit?: string, options?: { root?: string; env?: NodeJS.ProcessEnv; top?: string }): string;
};

describe('Talkover’s API reference, as the contract tests find it', () => {
	let top: string;
	// Each search is confined to `top`: a reference in a folder above the temp folder (TMPDIR inside a checkout's
	// parent) is not this test's.
	beforeEach(() => {
		top = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-reference-'));
		fs.mkdirSync(path.join(top, 'work', 'clone'), { recursive: true });
	});
	const reference = () => {
		fs.mkdirSync(path.join(top, 'shared', 'talkover-api'), { recursive: true });
		fs.writeFileSync(path.join(top, 'shared', 'talkover-api', 'openapi.json'), '{}');
		return path.join(top, 'shared', 'talkover-api');
	};

	it('is the folder TALKOVER_API_DIR names, or the one a script is given, before any other', () => {
		reference();
		expect(apiReference(undefined, { root: path.join(top, 'work', 'clone'), env: { TALKOVER_API_DIR: '/api' } })).toBe('/api');
		expect(apiReference('/given', { root: path.join(top, 'work', 'clone'), env: { TALKOVER_API_DIR: '/api' } })).toBe('/given');
	});

	it('is shared/talkover-api beside the clone or beside a folder above it (a worktree, a temp clone)', () => {
		const found = reference();
		expect(apiReference(undefined, { root: path.join(top, 'work', 'clone'), env: {}, top })).toBe(found);
		expect(apiReference(undefined, { root: path.join(top, 'clone'), env: {}, top })).toBe(found);
	});

	it('not found, fails with what to set', () => {
		expect(() => apiReference(undefined, { root: path.join(top, 'work', 'clone'), env: {}, top })).toThrow(
			'Talkover API reference not found: set TALKOVER_API_DIR',
		);
	});
});
