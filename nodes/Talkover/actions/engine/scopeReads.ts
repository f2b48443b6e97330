import type { IExecuteFunctions } from 'n8n-workflow';

import { clock } from '../../../shared/transport';
import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import type { ItemGuard } from './itemGuard';
import { endedSince, readStamp, turnKey } from './numberTurns';
import type { DialTarget, Recent } from './recentCalls';
import { readNumberRecent, readRecent } from './recentCalls';
import type { RetriedFrom } from './retriedChain';

/**
 * How long one read of a scope's calls stands for the items checked after it: a run longer than that (Batch
 * Interval, 429 waits, 1,000 leads at the account's rate) reads again, at most once a minute per agent (campaign).
 */
export const FRESH_MS = 60_000;

/**
 * One run's reads of Talkover's calls, by agent (campaign): what the dial guard (dialGuard.ts) checks each item
 * against, read once and again only when a read may be stale (FRESH_MS, another run's call to the number).
 */
export class ScopeReads {
	/** Each scope's read and when it was sent: reused for the items checked within FRESH_MS of it. */
	private readonly recent = new Map<string, { read: Promise<Recent>; at: number; stamp: number }>();
	/** The scopes whose Talkover did not search by number (it listed other numbers' calls): read whole each time. */
	private readonly searchIgnored = new Set<string>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly items: Array<ItemGuard | undefined>,
		/** A retried execution: calls are read back to its chain's start. */
		private readonly retriedFrom: RetriedFrom | undefined,
		/** The credential's Base URL: the Talkover whose numbers take turns (numberTurns). */
		private readonly talkover: string,
	) {}

	/**
	 * One read per agent (campaign) in the run, over the longest window any of its items asks for (and a retried
	 * execution's), for the numbers of its items; read again for an item checked more than FRESH_MS after
	 * it was sent (a run paced by Batch Interval, 429 waits or the account's rate), so another execution's call to
	 * the number since then is seen: at most one read per scope a minute.
	 */
	recentOf(target: DialTarget, i: number): Promise<Recent> {
		const scope = `${target.scope}:${target.id}`;
		const known = this.recent.get(scope);
		const fresh = (read: { at: number; stamp: number } | undefined) => read !== undefined && clock.now() - read.at <= FRESH_MS && !endedSince(turnKey(this.talkover, target.to), read.stamp);
		// Read again when another run in this process placed a call to the number after this read was sent.
		if (known && fresh(known)) return known.read;
		const inScope = (g: ItemGuard | undefined): g is ItemGuard & { target: DialTarget } => g?.target !== undefined && `${g.target.scope}:${g.target.id}` === scope;
		const minutes = Math.max(0, ...this.items.map((g) => (inScope(g) ? g.windowMinutes : 0)));
		const windowMs = Math.max(minutes * 60_000, this.retriedFrom === undefined ? 0 : clock.now() - this.retriedFrom.since);
		if (known && !this.searchIgnored.has(scope)) {
			// The scope was read, longer ago than a minute: only this number's calls, read now (one search, however busy
			// the agent is), so a call another execution placed since is seen before the number is dialled.
			const numberScope = `${scope}|${numberKey(target.to)}`;
			const mine = this.recent.get(numberScope);
			if (mine && fresh(mine)) return mine.read;
			const stamp = readStamp();
			const read = readNumberRecent(this.ctx, target, windowMs, i, this.items[i]!.maxRetries).then((recent) => {
				if (recent) return recent;
				// Talkover did not search: the whole scope is read again, as before.
				this.searchIgnored.add(scope);
				this.recent.delete(scope);
				return this.recentOf(target, i);
			});
			read.catch(() => undefined);
			this.recent.set(numberScope, { read, at: clock.now(), stamp });
			return read;
		}
		// A scope the retried execution dialled with but this run does not (the Agent edited since): every item's number.
		const anyInScope = this.items.some(inScope);
		const numbers = [...new Set(this.items.flatMap((g) => ((anyInScope ? inScope(g) : g?.target !== undefined) ? [g!.target!.to] : [])))];
		if (!numbers.includes(target.to)) numbers.push(target.to);
		const stamp = readStamp();
		const read = readRecent(this.ctx, target, windowMs, numbers, i, this.items[i]!.maxRetries);
		read.catch(() => undefined);
		this.recent.set(scope, { read, at: clock.now(), stamp });
		return read;
	}

	/**
	 * The item's number's calls back to the creation of its last call, which timed out (Call Again Until Reached:
	 * `lastCallEndedAs.placedFrom`), however long ago: a read of its own, that only this item is judged by (the
	 * run's other items keep the run's read), searched by the number (the whole scope, for the number, when
	 * Talkover did not search).
	 */
	async lastCallOf(target: DialTarget, i: number, placedFrom: number): Promise<Recent> {
		const windowMs = Math.max(0, clock.now() - placedFrom);
		const { maxRetries } = this.items[i]!;
		return (await readNumberRecent(this.ctx, target, windowMs, i, maxRetries)) ?? (await readRecent(this.ctx, target, windowMs, [target.to], i, maxRetries));
	}
}
