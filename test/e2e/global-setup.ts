/**
 * Once per `npm run test:e2e` (jest.e2e.config.js): the line's n8n is installed if needed, the package is
 * packed once, and one user folder gets the package and a database n8n has migrated. Each file's RealN8n
 * (./real-n8n.ts) then unpacks that tarball and copies that database into its own fresh folder: the same
 * folder the file would otherwise make with its own `npm pack` and its first n8n CLI command (which runs
 * every migration: 5–15 s on a busy machine), made once instead of once per file. Every file still gets
 * its own folder, database, n8n processes and sandbox.
 *
 * `npm run test:queue` (jest.queue.config.js) shares only the tarball (./global-setup-packed.ts): its n8n
 * processes use PostgreSQL.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { HOST, LINE, ensureN8n, host, wantedVersion } from './real-n8n';

export async function prepareRun({ database }: { database: boolean }): Promise<void> {
	const started = Date.now();
	ensureN8n();
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-e2e-prepared-'));
	const tarball = host.packPackage(folder);
	let migrated: string | undefined;
	if (database) {
		migrated = path.join(folder, 'user');
		host.installPackage(migrated, { tarball });
		const empty = path.join(folder, 'no-credentials.json');
		fs.writeFileSync(empty, '[]');
		// What a file's first import does to an empty folder: n8n creates its database and runs its migrations.
		const result = host.n8nCli(['import:credentials', `--input=${empty}`], host.n8nEnv(migrated, { N8N_LOG_LEVEL: 'info' }));
		if (result.status !== 0) throw new Error(`n8n import:credentials into an empty folder failed:\n${result.stderr}\n${result.stdout}`);
	}
	const file = path.join(folder, 'prepared.json');
	fs.writeFileSync(file, JSON.stringify({ line: LINE, host: HOST, tarball, database: migrated }));
	// Read by RealN8n in the test files (in this process, or in workers started after this).
	process.env.TALKOVER_E2E_PREPARED = file;
	(globalThis as Record<string, unknown>).__talkoverE2ePrepared = folder;
	process.stdout.write(`\nn8n ${wantedVersion()} (line ${LINE}): package packed${database ? ', database migrated' : ''} once for every file in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export default async function globalSetup(): Promise<void> {
	await prepareRun({ database: true });
}
