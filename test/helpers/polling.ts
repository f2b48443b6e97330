/**
 * Polling a real process (n8n, a queue cluster) until it shows what a test waits for: a bound, never a
 * pass/fail timing (the bound only turns a hang into a failure that says what it waited for).
 */

/** Resolves with `probe()`'s first defined value, asked every 100 ms; fails after `timeoutMs` naming `what`. */
export async function untilDefined<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
