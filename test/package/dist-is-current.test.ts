/**
 * The test commands build only when dist/ is not what a build of today's sources wrote
 * (scripts/dist-is-current.js): a changed source, a changed or missing dist/ file, or no build since
 * `npm ci` means building; nothing changed means no second build, so no stage of `.ci/run` deletes dist/
 * under another stage running beside it. Run on a folder made for each test, never on the project's dist/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const { record, staleReason } = require(path.join(ROOT, 'scripts/dist-is-current.js')) as {
	record(root: string): void;
	staleReason(root: string): string | undefined;
};

let root: string;
const write = (file: string, text: string) => {
	fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
	fs.writeFileSync(path.join(root, file), text);
};
beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-dist-'));
	write('nodes/Talkover/Talkover.node.ts', 'export class Talkover {}');
	write('credentials/TalkoverApi.credentials.ts', 'export class TalkoverApi {}');
	write('package.json', '{"name":"n8n-nodes-talkover"}');
	write('tsconfig.json', '{}');
	write('dist/nodes/Talkover/Talkover.node.js', 'class Talkover {}');
	write('dist/credentials/TalkoverApi.credentials.js', 'class TalkoverApi {}');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('whether the test commands build dist/ again', () => {
	test('no build recorded (a fresh npm ci) means building', () => {
		expect(staleReason(root)).toBe('no build recorded since npm ci');
	});

	test('right after a build nothing is built again, however often it is asked', () => {
		record(root);
		expect(staleReason(root)).toBeUndefined();
		expect(staleReason(root)).toBeUndefined();
	});

	test.each([
		['a node source', 'nodes/Talkover/Talkover.node.ts'],
		['a credential source', 'credentials/TalkoverApi.credentials.ts'],
		['package.json', 'package.json'],
		['tsconfig.json', 'tsconfig.json'],
	])('an edited %s means building', (_what, file) => {
		record(root);
		write(file, `${fs.readFileSync(path.join(root, file), 'utf8')} `);
		expect(staleReason(root)).toBe('a source changed since the last build');
	});

	test('a new source file means building', () => {
		record(root);
		write('nodes/Talkover/actions/agent/get.operation.ts', 'export {}');
		expect(staleReason(root)).toBe('a source changed since the last build');
	});

	test('a dist/ file changed or deleted after the build means building', () => {
		record(root);
		write('dist/nodes/Talkover/Talkover.node.js', 'class Talkover { changed() {} }');
		expect(staleReason(root)).toBe('dist/ changed since the last build');
		record(root);
		fs.rmSync(path.join(root, 'dist/credentials/TalkoverApi.credentials.js'));
		expect(staleReason(root)).toBe('dist/ changed since the last build');
	});

	test('dist/ deleted after the build means building', () => {
		record(root);
		fs.rmSync(path.join(root, 'dist'), { recursive: true });
		expect(staleReason(root)).toBe('dist/ is missing');
	});

	test('a file saved again with the same contents builds nothing (contents count, not times)', () => {
		record(root);
		const file = path.join(root, 'nodes/Talkover/Talkover.node.ts');
		fs.utimesSync(file, new Date(2030, 0, 1), new Date(2030, 0, 1));
		expect(staleReason(root)).toBeUndefined();
	});
});

describe('the commands that use it', () => {
	const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

	test('npm run build records what it built, as its last step', () => {
		expect(scripts.build).toMatch(/&& node scripts\/dist-is-current\.js --record$/);
	});

	test.each(['test:e2e', 'test:queue', 'test:browser'])('npm run %s builds first only when dist/ is not current', (name) => {
		expect(scripts[name]).toMatch(/^node scripts\/dist-is-current\.js \|\| npm run build && jest --config jest\.\w+\.config\.js$/);
	});
});
