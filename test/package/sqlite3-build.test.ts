/**
 * Installing an n8n line builds sqlite3's binding only when no other line's install under the same cache
 * has a build of the same version (scripts/sqlite3-build.js): the Node-API binding loads in every line's
 * Node, and a copy that the line's Node cannot open a database with is removed and built instead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const { reuseSqlite3Build, builtBinding } = require(path.join(ROOT, 'scripts/sqlite3-build.js')) as {
	reuseSqlite3Build(options: { dir: string; cacheRoot: string; nodeBin: string }): string | undefined;
	builtBinding(cacheRoot: string, version: string, except: string): string | undefined;
};

const BINDING = path.join('build', 'Release', 'node_sqlite3.node');
let cache: string;

/**
 * A stand-in sqlite3 package in `<cache>/<entry>`: its Database opens (answers one = 1) only when its
 * binding file says "loads" — what the real binding's load in the line's Node decides.
 */
function sqlite3In(entry: string, { version = '5.1.7', napi = true, binding }: { version?: string; napi?: boolean; binding?: string } = {}) {
	const dir = path.join(cache, entry, 'node_modules', 'sqlite3');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'sqlite3', version, main: 'index.js', ...(napi ? { binary: { napi_versions: [3, 6] } } : {}) }));
	fs.writeFileSync(
		path.join(dir, 'index.js'),
		`const fs = require('fs'), p = require('path');
		exports.Database = class { get(sql, cb) { const b = fs.readFileSync(p.join(__dirname, ${JSON.stringify(BINDING)}), 'utf8'); if (b !== 'loads') throw new Error('cannot load'); cb(null, { one: 1 }); } };`,
	);
	if (binding !== undefined) {
		fs.mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
		fs.writeFileSync(path.join(dir, BINDING), binding);
	}
	return path.join(cache, entry);
}

beforeEach(() => {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-sqlite3-'));
});

describe('sqlite3’s binding when an n8n line installs', () => {
	it('is copied from a finished install of the same version, and the line builds nothing', () => {
		sqlite3In('n8n-host-aaaa', { binding: 'loads' });
		const installing = sqlite3In('n8n-host-next-bbbb.tmp-4242');
		const from = reuseSqlite3Build({ dir: installing, cacheRoot: cache, nodeBin: process.execPath });
		expect(from).toBe(path.join(cache, 'n8n-host-aaaa', 'node_modules', 'sqlite3', BINDING));
		expect(fs.readFileSync(path.join(installing, 'node_modules', 'sqlite3', BINDING), 'utf8')).toBe('loads');
	});

	it('is never taken from another install under way, a lock, an entry being replaced, another version or a binding that is not Node-API', () => {
		sqlite3In('n8n-host-lts-cccc.tmp-17', { binding: 'loads' });
		sqlite3In('n8n-host-lts-cccc.lock', { binding: 'loads' });
		sqlite3In('n8n-host-lts-cccc.old-18', { binding: 'loads' });
		sqlite3In('n8n-host-old-dddd', { version: '5.1.6', binding: 'loads' });
		sqlite3In('n8n-host-abi-eeee', { napi: false, binding: 'loads' });
		sqlite3In('n8n-host-unbuilt-ffff');
		const installing = sqlite3In('n8n-host-next-bbbb.tmp-4242');
		expect(builtBinding(cache, '5.1.7', installing)).toBeUndefined();
		expect(reuseSqlite3Build({ dir: installing, cacheRoot: cache, nodeBin: process.execPath })).toBeUndefined();
		expect(fs.existsSync(path.join(installing, 'node_modules', 'sqlite3', BINDING))).toBe(false);
	});

	it('copied but not loading in the line’s Node, is removed again so that the line builds it', () => {
		sqlite3In('n8n-host-aaaa', { binding: 'built for another platform' });
		const installing = sqlite3In('n8n-host-next-bbbb.tmp-4242');
		expect(reuseSqlite3Build({ dir: installing, cacheRoot: cache, nodeBin: process.execPath })).toBeUndefined();
		expect(fs.existsSync(path.join(installing, 'node_modules', 'sqlite3', BINDING))).toBe(false);
	});

	it('is built when the cache holds no other line yet (a fresh machine’s first install)', () => {
		const installing = sqlite3In('n8n-host-5da6.tmp-1');
		expect(reuseSqlite3Build({ dir: installing, cacheRoot: cache, nodeBin: process.execPath })).toBeUndefined();
	});
});
