/**
 * The dial guard's turns (engine/dialGuard.ts with engine/numberTurns.ts): a run's items hold their number's turn
 * until each is done, also when the run ends or is stopped first; one Talkover's numbers are one set of turns
 * whatever the agent or campaign; another Talkover's runs never wait for them.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type { ItemGuard } from '../../../nodes/Talkover/actions/engine/dialGuard';
import { DialGuard } from '../../../nodes/Talkover/actions/engine/dialGuard';
import { endedSince, readStamp, takeTurn, turnKey, turnsHeld, turnsWaitedFor } from '../../../nodes/Talkover/actions/engine/numberTurns';
import { useTestClock } from '../../helpers/clock';

useTestClock();

const NODE: INode = { id: 'guard-node', name: 'Make Call', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, position: [0, 0], parameters: {} };
const X = '+14155552000';
const TALKOVER = 'https://app.talkover.ai';
const STOPPED = () => new Error('stopped');

/** The parts of n8n's context the guard reads (a first run in webhook mode: nothing retried). */
const ctx = () => ({ getMode: () => 'webhook', getContext: () => ({}), getExecutionId: () => 'execution-1', getNode: () => NODE, getExecutionCancelSignal: () => undefined }) as unknown as IExecuteFunctions;

function guardOf(targets: Array<ItemGuard['target']>, talkover = TALKOVER): DialGuard {
	const items = targets.map((target) => ({ target, windowMinutes: 0, dialAgainOnRetry: false, maxRetries: 0 }));
	return new DialGuard(ctx(), items, new Map(), (error) => error as never, { values: [] }, talkover);
}

const settleNow = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

afterEach(async () => {
	await settleNow();
	expect([turnsHeld(), turnsWaitedFor()]).toEqual([0, 0]);
});

test('a run stopped while an item’s call is on its way keeps the number’s turn until that request ends, and counts the call for the runs that waited', async () => {
	const guard = guardOf([{ scope: 'agent', id: 'a1', to: X }]);
	await guard.turn(0);
	const before = readStamp();
	guard.close();
	let otherHasIt = false;
	const other = takeTurn(turnKey(TALKOVER, X), undefined, STOPPED).then((turn) => ((otherHasIt = true), turn));
	await settleNow();
	expect([otherHasIt, turnsWaitedFor()]).toEqual([false, 1]);
	// The stopped item's request ends (Talkover may have placed the call).
	guard.turnOver(0, true);
	(await other).over(false);
	expect(otherHasIt).toBe(true);
	expect(endedSince(turnKey(TALKOVER, X), before)).toBe(true);
});

test('an item whose turn comes only after its run ended sends nothing: it is told so, and the turn goes on', async () => {
	const held = await takeTurn(turnKey(TALKOVER, X), undefined, STOPPED);
	const guard = guardOf([{ scope: 'agent', id: 'a1', to: X }]);
	const waiting = guard.turn(0);
	await settleNow();
	guard.close();
	held.over(false);
	await expect(waiting).rejects.toThrow(`The run ended while item 0 waited for another run's call to ${X}; this call was not placed`);
	await expect(waiting).rejects.toMatchObject({ context: { itemIndex: 0 } });
	guard.turnOver(0, false);
});

test('the execution stopped while an item waits for another run’s call to its number: the item’s error says so, names it, and it takes no turn', async () => {
	const held = await takeTurn(turnKey(TALKOVER, X), undefined, STOPPED);
	const stop = new AbortController();
	const items = [undefined, { target: { scope: 'agent' as const, id: 'a1', to: X }, windowMinutes: 0, dialAgainOnRetry: false, maxRetries: 0 }];
	const guard = new DialGuard({ ...ctx(), getExecutionCancelSignal: () => stop.signal } as unknown as IExecuteFunctions, items, new Map(), (error) => error as never, { values: [] }, TALKOVER);
	const waiting = guard.turn(1);
	await settleNow();
	stop.abort();
	await expect(waiting).rejects.toThrow(`The execution was stopped while item 1 waited for another run's call to ${X}; this call was not placed`);
	await expect(waiting).rejects.toMatchObject({ context: { itemIndex: 1 } });
	guard.turnOver(1, false);
	held.over(false);
});

test('an item done without sending (skipped, held, refused before its request): the runs that waited for its number read nothing again', async () => {
	const guard = guardOf([{ scope: 'agent', id: 'a1', to: X }]);
	await guard.turn(0);
	const before = readStamp();
	const other = takeTurn(turnKey(TALKOVER, X), undefined, STOPPED);
	guard.turnOver(0, false);
	(await other).over(false);
	expect(endedSince(turnKey(TALKOVER, X), before)).toBe(false);
});

test('one Talkover’s turns: Make Call on an agent and Add Call on a campaign to one lead take turns (the Base URL as written, any case, a trailing slash); another Talkover’s run does not wait', async () => {
	const makeCall = guardOf([{ scope: 'agent', id: 'a1', to: X }]);
	const addCall = guardOf([{ scope: 'campaign', id: 'c1', to: '+1 (415) 555-2000' }], ' HTTPS://app.talkover.ai/ ');
	const elsewhere = guardOf([{ scope: 'agent', id: 'a1', to: X }], 'http://127.0.0.1:9999');
	await makeCall.turn(0);
	let added = false;
	const adding = addCall.turn(0).then(() => (added = true));
	await elsewhere.turn(0);
	await settleNow();
	expect([added, turnsWaitedFor()]).toEqual([false, 1]);
	makeCall.turnOver(0, true);
	await adding;
	addCall.turnOver(0, false);
	elsewhere.turnOver(0, true);
});

test('the items of one run to one number share its turn (none waits for another of its run); it goes on once the last is done', async () => {
	const guard = guardOf([{ scope: 'agent', id: 'a1', to: X }, { scope: 'agent', id: 'a1', to: '+1 415 555 2000' }]);
	await guard.turn(0);
	await guard.turn(1);
	let otherHasIt = false;
	const other = takeTurn(turnKey(TALKOVER, X), undefined, STOPPED).then((turn) => ((otherHasIt = true), turn));
	guard.turnOver(0, true);
	await settleNow();
	expect(otherHasIt).toBe(false);
	guard.turnOver(1, false);
	(await other).over(false);
	// Given back twice: nothing happens the second time.
	guard.turnOver(1, true);
});
