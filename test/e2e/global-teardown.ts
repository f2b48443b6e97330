/** Removes what ./global-setup.ts prepared (the tarball and the migrated folder). */
import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	const folder = (globalThis as Record<string, unknown>).__talkoverE2ePrepared as string | undefined;
	if (folder) fs.rmSync(folder, { recursive: true, force: true });
	delete process.env.TALKOVER_E2E_PREPARED;
}
