/**
 * What a wait does once n8n has its outputs: deleting its webhooks does not hold up the resume (n8n runs the rest
 * of the workflow meanwhile). A deletion that fails, or that a stopped process never made, leaves the webhook to a
 * later wait's sweep (sweep.ts), as a failed deletion always did.
 */

const pending = new Set<Promise<unknown>>();

/** Runs `work` after the resume: never awaited by the webhook, never failing it. */
export function afterResume(work: () => Promise<unknown>): void {
	const running = work().catch(() => undefined);
	pending.add(running);
	void running.finally(() => pending.delete(running));
}

/** Resolves once every piece of work started after a resume in this process has ended (for a process about to stop, and tests). */
export async function afterResumeSettled(): Promise<void> {
	while (pending.size > 0) await Promise.allSettled([...pending]);
}
