/**
 * Reads call times with the node's reader in this process's time zone (run by test/shared/answers/callList.test.ts
 * with TZ set, since a running process cannot change its own zone for Date): prints, for each argument,
 * the epoch ms read or the problem.
 * Usage: TZ=Asia/Tokyo node scripts/run-ts.js test/helpers/readCallTimes.ts <time>…
 */
import { readCallEntry } from '../../nodes/shared/answers/callList';

const results = process.argv.slice(2).map((createdAt) => {
	try {
		return { createdAt, ms: readCallEntry({ to: '+15550000000', created_at: createdAt }).createdAt };
	} catch (error) {
		return { createdAt, problem: (error as Error).message };
	}
});
process.stdout.write(JSON.stringify({ offsetMinutes: new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset(), results }));
