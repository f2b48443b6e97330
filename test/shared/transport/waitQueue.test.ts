/** The queue requests wait in: first come first served, never early, cancellable; on a fake clock. */
import { WaitQueue } from '../../../nodes/shared/transport/waitQueue';
import { settle, TestClock } from '../../helpers/clock';

/** A gate that lets one waiter go every `gapMs`. */
function spaced(clock: TestClock, gapMs: number) {
	let nextAt = clock.now();
	return {
		waitMs: (now: number) => Math.max(0, nextAt - now),
		take: (now: number) => {
			nextAt = now + gapMs;
			return now;
		},
	};
}

test('waiters go in the order they came, each no earlier than the gate allows', async () => {
	const clock = new TestClock({ held: true });
	const queue = new WaitQueue(spaced(clock, 100), clock);
	const released: Array<[string, number]> = [];
	const start = clock.now();
	const all = ['a', 'b', 'c', 'd'].map(async (name) => released.push([name, (await queue.acquire()) - start]));
	await clock.runUntil(() => released.length === 4);
	await Promise.all(all);
	expect(released).toEqual([
		['a', 0],
		['b', 100],
		['c', 200],
		['d', 300],
	]);
});

test('a request sent again after a 429 goes ahead of those waiting', async () => {
	const clock = new TestClock({ held: true });
	const queue = new WaitQueue(spaced(clock, 100), clock);
	await queue.acquire();
	const order: string[] = [];
	const later = queue.acquire().then(() => order.push('waiting'));
	const again = queue.acquire(undefined, true).then(() => order.push('again'));
	await clock.runUntil(() => order.length === 2);
	await Promise.all([later, again]);
	expect(order).toEqual(['again', 'waiting']);
});

test('an aborted waiter leaves the queue with the signal’s reason; the others move up', async () => {
	const clock = new TestClock({ held: true });
	const queue = new WaitQueue(spaced(clock, 1000), clock);
	await queue.acquire();
	const stop = new AbortController();
	const cancelled = queue.acquire(stop.signal);
	const next = queue.acquire();
	stop.abort(new Error('stopped'));
	await expect(cancelled).rejects.toThrow('stopped');
	expect(queue.length).toBe(1);
	await clock.runFor(1000);
	await expect(next).resolves.toBe(clock.now());
	await expect(queue.acquire(stop.signal)).rejects.toThrow('stopped');
});

test('a gate that says "until notified" waits without a timer, and goes on notify()', async () => {
	const clock = new TestClock({ held: true });
	let open = false;
	const queue = new WaitQueue({ waitMs: () => (open ? 0 : Infinity), take: () => true }, clock);
	let done = false;
	const waiting = queue.acquire().then(() => (done = true));
	await clock.runFor(60_000);
	expect(done).toBe(false);
	expect(clock.pending).toBe(0);
	open = true;
	queue.notify();
	await settle();
	await waiting;
	expect(done).toBe(true);
});
