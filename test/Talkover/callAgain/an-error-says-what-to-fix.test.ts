/**
 * The errors of Call Again Until Reached say what to fix, before any request (nodes/Talkover/callAgain/read.ts,
 * carried.ts): Call Again When with an outcome the option does not offer names the field, the value, the item and
 * the outcomes to choose from; an item whose `attempts` are not the node's own names the item, what is wrong, and
 * how to bring the node's output back unchanged.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCallAgain, readCarried } from '../../../nodes/Talkover/callAgain';

const ctx = { getNode: () => ({ id: 'n', name: 'Talkover', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} }) };
const TO = '+15550001234';

function failure(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('no error');
}

describe('Call Again When', () => {
	const when = (value: unknown) => failure(() => readCallAgain(ctx, 2, { callAgainUntilReached: { rule: { when: value } } }));
	test.each([
		[['notReached', 'answered'], '["notReached","answered"]'],
		['notReached, busy', '"notReached, busy"'],
		[[], '[]'],
	])('%j: the field, the item, the value and the outcomes to choose from', (value, shown) => {
		const error = when(value);
		expect(error.message).toBe(`Call Again Until Reached › Call Again When (item 2): ${shown} is not a list of outcomes; choose one or more of notReached, timedOut, voicemail`);
		expect(error.context.itemIndex).toBe(2);
	});
	test('every outcome the option offers, once each', () => {
		expect(readCallAgain(ctx, 0, { callAgainUntilReached: { rule: { when: ['voicemail', 'timedOut', 'notReached', 'voicemail'] } } })?.when).toEqual(['voicemail', 'timedOut', 'notReached']);
	});
});

describe('attempts that are not the node’s own', () => {
	const carried = (json: IDataObject) => failure(() => readCarried(ctx, 4, json, TO));
	const HOW = 'The node counts the lead\'s calls from the attempts and nextAttemptAt its own output gave the item. Bring that output back unchanged (through an If node and a Wait node), or rename the item\'s own field called attempts or nextAttemptAt with an Edit Fields node. Nothing was sent to Talkover.';
	test.each([
		[{ to: TO, attempts: [{ attempt: 2, callId: 'c', outcome: 'notReached' }] }, 'its attempts are not the list this node outputs (entry 1 says attempt 2)'],
		[{ attempts: [{ attempt: 1, callId: 'c', outcome: 'notReached' }] }, 'its attempts name no number (the node’s output has the number called as to)'],
		[{ to: TO, attempts: [], nextAttemptAt: 'soon' }, 'its nextAttemptAt "soon" is not a moment with its time zone (the node writes e.g. 2026-01-15T12:10:00.000Z)'],
	])('%j: the item, what is wrong, and how to bring the output back', (json, problem) => {
		const error = carried(json);
		expect(error.message).toBe(`Item 4: ${problem}, so Call Again Until Reached cannot count its calls`);
		expect(error.description).toBe(HOW);
		expect(error.context.itemIndex).toBe(4);
	});
});
