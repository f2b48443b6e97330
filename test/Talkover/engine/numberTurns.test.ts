/**
 * One number's turn in this n8n process (nodes/Talkover/actions/engine/numberTurns.ts): the runs that dial the
 * same number take turns in the order they asked; a read of Talkover's calls sent before another run's call to
 * the number is known to be stale; a run stopped while it waits takes no turn and holds up nobody; nothing is
 * kept once the turns are over.
 */
import { endedSince, readStamp, takeTurn, turnKey, turnsHeld, turnsWaitedFor } from '../../../nodes/Talkover/actions/engine/numberTurns';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();

/** Lets the promises that can settle now settle (no timer). */
const settleNow = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

const STOPPED = () => new Error('stopped');
const KEY = 'agent:a1:15551230001';

afterEach(async () => {
	await settleNow();
	expect(turnsHeld()).toBe(0);
	expect(turnsWaitedFor()).toBe(0);
});

test('a second run waits until the first gives the number’s turn back; runs are served in the order they asked', async () => {
	const order: string[] = [];
	const first = await takeTurn(KEY, undefined, STOPPED);
	const second = takeTurn(KEY, undefined, STOPPED).then((turn) => (order.push('second'), turn));
	const third = takeTurn(KEY, undefined, STOPPED).then((turn) => (order.push('third'), turn));
	await settleNow();
	expect([order, turnsWaitedFor(), turnsHeld()]).toEqual([[], 2, 1]);
	first.over(true);
	await settleNow();
	expect(order).toEqual(['second']);
	(await second).over(false);
	(await third).over(false);
	expect(order).toEqual(['second', 'third']);
});

test('another number is never held up', async () => {
	const held = await takeTurn(KEY, undefined, STOPPED);
	const other = await takeTurn('agent:a1:15551230002', undefined, STOPPED);
	expect(turnsWaitedFor()).toBe(0);
	other.over(true);
	held.over(true);
});

test('a read sent before another run placed a call to the number is stale for that number only; a turn given back without sending leaves it fresh', async () => {
	const before = readStamp();
	const sent = await takeTurn(KEY, undefined, STOPPED);
	const idle = await takeTurn('agent:a1:15551230003', undefined, STOPPED);
	expect(endedSince(KEY, before)).toBe(false);
	sent.over(true);
	idle.over(false);
	expect(endedSince(KEY, before)).toBe(true);
	expect(endedSince('agent:a1:15551230003', before)).toBe(false);
	expect(endedSince('agent:a1:15551230004', before)).toBe(false);
	expect(endedSince(KEY, readStamp())).toBe(false);
	// Given back twice: counted once.
	const stamp = readStamp();
	sent.over(true);
	expect(endedSince(KEY, stamp)).toBe(false);
});

test('stopped while waiting: the stop’s error, no turn taken, and the next run waits only for the run before', async () => {
	const stop = new AbortController();
	const first = await takeTurn(KEY, undefined, STOPPED);
	const stopped = takeTurn(KEY, stop.signal, STOPPED);
	let thirdHas = false;
	const third = takeTurn(KEY, undefined, STOPPED).then((turn) => ((thirdHas = true), turn));
	await settleNow();
	stop.abort();
	await expect(stopped).rejects.toThrow('stopped');
	await settleNow();
	expect(thirdHas).toBe(false);
	first.over(false);
	(await third).over(false);
	expect(thirdHas).toBe(true);
});

test('an execution already stopped takes no turn and holds up nobody', async () => {
	const stop = new AbortController();
	stop.abort();
	await expect(takeTurn(KEY, stop.signal, STOPPED)).rejects.toThrow('stopped');
	(await takeTurn(KEY, undefined, STOPPED)).over(false);
});

test('an end is forgotten once no read it could make stale is still used (minutes later), when another end is kept', async () => {
	const stamp = readStamp();
	(await takeTurn(KEY, undefined, STOPPED)).over(true);
	clock().time += 4 * 60_000;
	(await takeTurn('agent:a1:15551230005', undefined, STOPPED)).over(true);
	expect(endedSince(KEY, stamp)).toBe(true);
	clock().time += 2 * 60_000;
	(await takeTurn('agent:a1:15551230006', undefined, STOPPED)).over(true);
	expect(endedSince(KEY, stamp)).toBe(false);
	expect(endedSince('agent:a1:15551230005', stamp)).toBe(true);
	clock().time += 3 * 24 * 3600_000;
	(await takeTurn('agent:a1:15551230007', undefined, STOPPED)).over(true);
	expect(endedSince('agent:a1:15551230005', stamp)).toBe(false);
	expect(endedSince('agent:a1:15551230006', stamp)).toBe(false);
});

test('an ended turn is forgotten 5 minutes later at the next turn taken or checked, also when no call is placed meanwhile (nothing of a dialled number stays for days)', async () => {
	const stamp = readStamp();
	(await takeTurn(KEY, undefined, STOPPED)).over(true);
	clock().time += 5 * 60_000 + 1;
	(await takeTurn('agent:a1:15551230999', undefined, STOPPED)).over(false);
	clock().time += 3 * 24 * 3600_000;
	expect(endedSince(KEY, stamp)).toBe(false);
});

test('a clock set back does not keep an end for ever', async () => {
	const stamp = readStamp();
	(await takeTurn(KEY, undefined, STOPPED)).over(true);
	clock().time -= 24 * 3600_000;
	expect(endedSince(KEY, stamp)).toBe(false);
});

test('a run that comes after the first gave its turn back still waits for the second (the queue is not forgotten while someone is in it)', async () => {
	const first = await takeTurn(KEY, undefined, STOPPED);
	let secondHas = false;
	const second = takeTurn(KEY, undefined, STOPPED).then((turn) => ((secondHas = true), turn));
	first.over(false);
	await settleNow();
	expect(secondHas).toBe(true);
	let thirdHas = false;
	const third = takeTurn(KEY, undefined, STOPPED).then((turn) => ((thirdHas = true), turn));
	await settleNow();
	expect([thirdHas, turnsWaitedFor()]).toEqual([false, 1]);
	(await second).over(false);
	(await third).over(false);
	expect(thirdHas).toBe(true);
});

test('a run stopped before or while it waits placed no call: a read sent before it is still fresh', async () => {
	const stamp = readStamp();
	const stop = new AbortController();
	const held = await takeTurn(KEY, undefined, STOPPED);
	const waiting = takeTurn(KEY, stop.signal, STOPPED);
	await settleNow();
	stop.abort();
	await expect(waiting).rejects.toThrow('stopped');
	await expect(takeTurn(KEY, stop.signal, STOPPED)).rejects.toThrow('stopped');
	held.over(false);
	expect(endedSince(KEY, stamp)).toBe(false);
});

test('an end is kept 5 minutes to the millisecond; a clock set back 5 minutes keeps it too, further back forgets it', async () => {
	const stamp = readStamp();
	(await takeTurn(KEY, undefined, STOPPED)).over(true);
	clock().time += 5 * 60_000;
	expect(endedSince(KEY, stamp)).toBe(true);
	clock().time -= 10 * 60_000;
	expect(endedSince(KEY, stamp)).toBe(true);
	clock().time -= 1;
	expect(endedSince(KEY, stamp)).toBe(false);
});

test('the key names the Talkover as a person may write its Base URL (case, spaces, trailing slashes) and the number’s digits', () => {
	expect(turnKey(' HTTPS://App.Talkover.ai// ', '+1 (415) 555-2000')).toBe(turnKey('https://app.talkover.ai', '+14155552000'));
	expect(turnKey('https://app.talkover.ai', '+14155552000')).not.toBe(turnKey('http://127.0.0.1:9999', '+14155552000'));
	expect(turnKey('https://app.talkover.ai', '+14155552000')).not.toBe(turnKey('https://app.talkover.ai', '+14155552001'));
});
