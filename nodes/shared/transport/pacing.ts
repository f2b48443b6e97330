import { AutoConcurrency, type Outcome } from './autoConcurrency';
import { RateWindow } from './rateWindow';
import type { Clock } from './clock';
import { WaitQueue } from './waitQueue';

/** One request on its way: handed out by beforeSend(), given back to answered(). */
export interface Ticket {
	sentAt: number;
	probe: boolean;
}

/** While the window's budget is all taken by requests already waiting, Auto looks again this often at most. */
const BUDGET_RECHECK_MS = 1_000;

/**
 * Everything this process knows about one account's (base URL + token) rate limit, shared by every
 * execution and every item that uses it:
 * - the window (./rateWindow) and the queue of requests waiting for it, released first come first
 *   served, no faster than the window allows;
 * - the Auto controller (./autoConcurrency) and the queue of items waiting for one of its slots.
 * Items in Auto mode take a slot first (slot()), then every request waits for the window
 * (beforeSend()) and reports its answer (answered()). Items with a fixed Batch Size skip the slots.
 */
export class AccountPacing {
	readonly window: RateWindow;
	readonly auto = new AutoConcurrency();
	private readonly pacer: WaitQueue<boolean>;
	private readonly slots: WaitQueue<void>;

	constructor(
		private readonly clock: Clock,
		random: () => number = () => clock.random(),
	) {
		this.window = new RateWindow(random);
		this.pacer = new WaitQueue<boolean>(
			{
				waitMs: (now) => this.window.waitMs(now),
				take: (now) => this.window.take(now),
			},
			clock,
		);
		this.slots = new WaitQueue<void>(
			{
				waitMs: (now) => this.slotWaitMs(now),
				take: () => {
					this.auto.inFlight += 1;
				},
			},
			clock,
		);
	}

	/** Items waiting for an Auto slot, and requests waiting for the window. */
	get waiting(): { slots: number; window: number } {
		return { slots: this.slots.length, window: this.pacer.length };
	}

	private slotWaitMs(now: number): number {
		if (this.auto.inFlight >= this.auto.allowed(this.window.ratePerMs(now))) return Infinity;
		// Never more in flight than X-RateLimit-Remaining allows: the requests already waiting count.
		const { remaining } = this.window;
		if (remaining !== undefined && remaining - this.pacer.length <= 0) {
			return Math.max(1, Math.min(this.window.msUntilReset(now) || BUDGET_RECHECK_MS, BUDGET_RECHECK_MS * 60));
		}
		return 0;
	}

	/** Auto: waits for a slot for one item; call the returned function when the item is done. */
	async slot(signal?: AbortSignal): Promise<() => void> {
		await this.slots.acquire(signal);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.auto.inFlight = Math.max(0, this.auto.inFlight - 1);
			this.slots.notify();
		};
	}

	/**
	 * Auto: waits for a slot at most `budgetMs` (an item's whole time limit). When the time is up first,
	 * the item goes without a slot: its first request's deadline, which started when it began waiting
	 * (RequestSettings.queue), is over, so it fails at once without sending anything.
	 */
	async slotWithin(budgetMs: number, signal?: AbortSignal): Promise<() => void> {
		const timer = this.clock.timer?.(budgetMs);
		if (!timer) return await this.slot(signal);
		const both = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
		try {
			// Cancelled: the cancellation goes on; the time is up: the item goes on without a slot.
			return await this.slot(both).catch(async (error: unknown) =>
				timer.signal.aborted && !signal?.aborted ? () => undefined : await Promise.reject(error),
			);
		} finally {
			timer.cancel();
		}
	}

	/**
	 * Waits until the window allows one more request. `again`: the request is sent again after a 429
	 * and goes ahead of the others.
	 */
	async beforeSend(signal?: AbortSignal, again = false): Promise<Ticket> {
		const probe = await this.pacer.acquire(signal, again);
		return { sentAt: this.clock.now(), probe };
	}

	/** A request that took its turn and then was not sent after all (its caller withheld it): nothing to learn from, its place given back. */
	unsent(ticket: Ticket): void {
		this.window.untake(ticket.probe);
		this.pacer.notify();
		this.slots.notify();
	}

	/**
	 * A request is over: its answer's headers and status, or none (network failure). A 429's wait holds
	 * every request of the account (see RateWindow.tooMany).
	 */
	answered(ticket: Ticket, answer: { headers?: Record<string, unknown>; statusCode?: number; waitMs?: number }): void {
		const now = this.clock.now();
		if (answer.headers) this.window.observe(answer.headers, now);
		const { statusCode } = answer;
		if (statusCode === 429) this.window.tooMany(now, answer.waitMs ?? 0);
		this.window.done(ticket.probe);
		const outcome: Outcome =
			statusCode === undefined || statusCode >= 500 ? 'failed' : statusCode === 429 ? 'tooMany' : statusCode >= 400 ? 'refused' : 'ok';
		this.auto.record(now, outcome, statusCode === undefined ? undefined : now - ticket.sentAt, this.slots.length > 0);
		this.pacer.notify();
		this.slots.notify();
	}
}

const MAX_ACCOUNTS = 200;
const accounts = new Map<string, AccountPacing>();

/** Whether an account's pacing may be forgotten: nothing in flight, nobody waiting. */
function idle(pacing: AccountPacing): boolean {
	const { slots, window } = pacing.waiting;
	return slots === 0 && window === 0 && pacing.window.inFlight === 0 && pacing.auto.inFlight === 0;
}

/** The pacing of one account (base URL + token) in this process; the least recently used idle ones are forgotten. */
export function pacingFor(key: string, clock: Clock): AccountPacing {
	let pacing = accounts.get(key);
	if (pacing) {
		accounts.delete(key);
	} else {
		if (accounts.size >= MAX_ACCOUNTS) {
			const oldest = [...accounts].find(([, p]) => idle(p))?.[0];
			if (oldest !== undefined) accounts.delete(oldest);
		}
		pacing = new AccountPacing(clock);
	}
	accounts.set(key, pacing);
	return pacing;
}

/** Forgets every account (tests start from a clean slate). */
export function resetPacing(): void {
	accounts.clear();
}
