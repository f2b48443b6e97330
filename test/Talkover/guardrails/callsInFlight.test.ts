/**
 * Max Calls per Execution, the calls in flight (nodes/Talkover/guardrails/callsInFlight.ts): an item that finds
 * every place left held by calls sent and not yet answered waits for one of them to settle, in the order the
 * items came, and is told when the execution is stopped meanwhile; the holder forgets the object only when
 * nothing is in flight and nobody waits.
 */
import { CallsInFlight } from '../../../nodes/Talkover/guardrails/callsInFlight';

/** Lets the promises that can settle now settle (no timer). */
const settleNow = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

const STOPPED = () => new Error('stopped');

test('idle only while nothing is in flight and nobody waits', async () => {
	const flight = new CallsInFlight();
	expect(flight.idle).toBe(true);
	flight.start();
	expect(flight.idle).toBe(false);
	const waiting = flight.next(undefined, STOPPED);
	flight.settle();
	// The call answered, but the item it woke has not asked again yet: nothing is in flight, nobody waits.
	expect(flight.idle).toBe(true);
	await waiting;

	flight.start();
	flight.start();
	flight.settle();
	expect([flight.count, flight.idle]).toEqual([1, false]);
	const second = flight.next(undefined, STOPPED);
	flight.settle();
	await second;
	expect(flight.idle).toBe(true);
});

test('an item waits only while a call is in flight, and is woken at its answer, in the order the items came', async () => {
	const flight = new CallsInFlight();
	await expect(flight.next(undefined, STOPPED)).resolves.toBeUndefined();
	flight.start();
	const woken: string[] = [];
	const first = flight.next(undefined, STOPPED).then(() => woken.push('first'));
	const second = flight.next(undefined, STOPPED).then(() => woken.push('second'));
	await settleNow();
	expect(woken).toEqual([]);
	flight.settle();
	await Promise.all([first, second]);
	expect(woken).toEqual(['first', 'second']);
	// An answer with nothing in flight leaves the count at 0.
	flight.settle();
	expect(flight.count).toBe(0);
});

test('an execution stopped before or while an item waits: the item gets the stop', async () => {
	const flight = new CallsInFlight();
	flight.start();
	const before = new AbortController();
	before.abort();
	await expect(flight.next(before.signal, STOPPED)).rejects.toThrow('stopped');
	expect(flight.idle).toBe(false);

	const meanwhile = new AbortController();
	const waiting = flight.next(meanwhile.signal, STOPPED);
	meanwhile.abort();
	await expect(waiting).rejects.toThrow('stopped');
	flight.settle();
	expect(flight.idle).toBe(true);
});

test('an item woken by an answer is not told of a stop that comes after', async () => {
	const flight = new CallsInFlight();
	flight.start();
	const controller = new AbortController();
	let stops = 0;
	const waiting = flight.next(controller.signal, () => {
		stops += 1;
		return new Error('stopped');
	});
	flight.settle();
	await expect(waiting).resolves.toBeUndefined();
	controller.abort();
	expect(stops).toBe(0);
});
