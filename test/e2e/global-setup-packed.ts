/** `npm run test:queue`'s global setup: the package packed once for every file (see ./global-setup.ts). */
import { prepareRun } from './global-setup';

export default async function globalSetup(): Promise<void> {
	await prepareRun({ database: false });
}
