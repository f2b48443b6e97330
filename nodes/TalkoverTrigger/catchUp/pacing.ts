import { clock } from '../../shared/transport/clock';

/**
 * The pace of a catch-up's retries (catchUp.ts): a retry QUEUES a delivery, which Talkover sends later on its own,
 * so retries asked without pause come back as one burst to an n8n that has just started (seen on n8n 2.41.1: part
 * of 260 redeliveries answered 503 "Database is not ready" or dropped). At most REDELIVERY_WINDOW redeliveries are
 * asked for and not yet arrived: the next retry is asked when one arrives (this process's webhook() took it, the
 * catch-up's mark, label.ts) or when the oldest has waited ARRIVAL_TIMEOUT_MS (another process took it: queue
 * mode's webhook processes, another main; or n8n refused it and Talkover logged it failed, for the next start).
 */
export const REDELIVERY_WINDOW = 10;
/** How long a redelivery asked for is waited for before the next retry takes its place. */
export const ARRIVAL_TIMEOUT_MS = 10_000;

/** The longest a catch-up of `entries` retries takes after its first (every redelivery arriving elsewhere). */
export function longestPacing(entries: number): number {
	return Math.max(0, Math.ceil(entries / REDELIVERY_WINDOW) - 1) * ARRIVAL_TIMEOUT_MS;
}

const windows = new Map<string, Set<RedeliveryWindow>>();

/** A delivery of the catch-up of webhook `scope` arrived in this process: its window takes the next retry. */
export function redeliveryArrived(scope: string): void {
	for (const window of windows.get(scope) ?? []) window.arrived();
}

/** The redeliveries of one catch-up asked for and not yet arrived (open until `close()`). */
export class RedeliveryWindow {
	/** When each outstanding redelivery was asked for, oldest first. */
	private asked: Array<{ at: number }> = [];
	private wake?: () => void;
	private closed = false;

	constructor(private readonly scope: string) {
		const open = windows.get(scope) ?? new Set();
		open.add(this);
		windows.set(scope, open);
	}

	/** Outstanding now (those asked for ARRIVAL_TIMEOUT_MS ago or longer no longer count). */
	get outstanding(): number {
		const now = clock.now();
		this.asked = this.asked.filter((a) => now - a.at < ARRIVAL_TIMEOUT_MS);
		return this.asked.length;
	}

	/** Resolves when one more redelivery may be asked for (or the window is closed). */
	async room(): Promise<void> {
		while (!this.closed && this.outstanding >= REDELIVERY_WINDOW) {
			const stop = new AbortController();
			this.wake = () => stop.abort();
			try {
				await clock.sleep(this.asked[0].at + ARRIVAL_TIMEOUT_MS - clock.now(), stop.signal);
			} catch {
				// Woken: a redelivery arrived, or the catch-up stopped.
			}
			this.wake = undefined;
		}
	}

	/** A retry is being asked for now: its redelivery is outstanding (`done` takes it back when Talkover queued nothing). */
	ask(): { done(): void } {
		const entry = { at: clock.now() };
		this.asked.push(entry);
		return {
			done: () => {
				this.asked = this.asked.filter((a) => a !== entry);
			},
		};
	}

	/** One redelivery arrived: the oldest outstanding is taken as it. */
	arrived(): void {
		this.asked.shift();
		this.wake?.();
	}

	close(): void {
		this.closed = true;
		this.wake?.();
		const open = windows.get(this.scope);
		open?.delete(this);
		if (open?.size === 0) windows.delete(this.scope);
	}
}
