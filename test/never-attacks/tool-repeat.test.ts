/**
 * Issue 24 review (attacks that broke the first build): adversarial probes of the Agent Tool's "one tool call, one execution" (issue 24).
 * Each test states what README.md / docs/behaviour.md (or the code's own contract) promise; a failing test
 * is a confirmed break.
 */
import type { IDataObject } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { useTestClock } from '../helpers/clock';
import { TOOL_SECRET as SECRET, started, tool } from '../helpers/toolRequests';

const clock = useTestClock();

describe('Issue 24 review (attacks that broke the first build): Agent Tool repeats', () => {
	test('docs/behaviour.md "Each request to the URL starts one execution" / README "Not protected: a tool call … sent twice": the caller asks to resend a code 60 s later, the workflow runs again', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+15551234567' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ sent: true, message: 'I sent a code to your phone.' });
		clock().time += 60_000;
		// "I did not get it, can you send it again?": the agent calls send_code with the same input.
		const again = call({ phone: '+15551234567' });
		expect(await started(again)).toBe(true);
	});

	test('two different callers (Talkover sends only the inputs) booking the same slot 90 s apart: the second must run, not hear the first caller’s booking', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ date: '2026-12-01', time: '10:00' });
		expect(await started(callerA)).toBe(true);
		callerA.response.status(200).json({ booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' });
		clock().time += 90_000;
		const callerB = call({ date: '2026-12-01', time: '10:00' });
		const ranForB = await started(callerB);
		// Actual: no execution for B, and B hears A's confirmation number and name.
		expect({ ranForB, answerToB: callerB.response.answers }).toEqual({ ranForB: true, answerToB: [] });
	});

	test('CHANGELOG "two callers with the same inputs never share an answer": two callers booking the same slot at the same moment (both still waiting) each run and hear only their own booking', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ date: '2026-12-01', time: '10:00' });
		const callerB = call({ date: '2026-12-01', time: '10:00' });
		const ran = [await started(callerA), await started(callerB)];
		callerA.response.status(200).json({ booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' });
		await new Promise((r) => setImmediate(r));
		expect({ ran, answerToB: callerB.response.answers }).toEqual({ ran: [true, true], answerToB: [] });
	});

	test('a tool without inputs (e.g. "alert the on-call doctor"): the second caller’s alert within 2 min must start an execution', async () => {
		clock().hold();
		const call = tool();
		const first = call({});
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ message: 'The on-call doctor has been paged.' });
		clock().time += 30_000;
		expect(await started(call({}))).toBe(true);
	});

	test('a request to the test URL ("manual" mode) is not answered from a production request’s record', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'r24b-test-url', actionAgentId: 'agent-1', actionSecret: SECRET };
		const production = tool({}, staticData)({ phone: '+1' });
		expect(await started(production)).toBe(true);
		production.response.status(200).json({ caller: 'Ada' });
		const listening = tool({}, staticData, trigger, 'manual')({ phone: '+1' });
		expect(await started(listening)).toBe(true);
	});

	test('model of n8n 2.8.4 (live-webhooks.js: the request’s copy of the static data is saved whole when n8n answers, i.e. when the workflow ends): a tool request no longer leaves the static data unchanged', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'r24b-save', actionAgentId: 'agent-1', actionSecret: SECRET };
		const snapshot = JSON.stringify(staticData);
		const r = tool({}, staticData)({ phone: '+1' });
		expect(await started(r)).toBe(true);
		// Before issue 24's tool part the webhook never wrote the static data, so n8n never saved it here.
		// Now it does: a re-publish (new action ID + secret written by activation) while this execution runs is
		// overwritten by this request's old copy when it ends.
		expect(JSON.stringify(staticData)).toBe(snapshot);
	});

	test('deliveries.ts / CONTRADICTIONS #48 "a first whose workflow failed is forgotten: a repeat runs again": also when the repeat reaches another webhook process (queue mode) or n8n after a restart', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'r24b-failed', actionAgentId: 'agent-1', actionSecret: SECRET };
		const first = tool({}, staticData)({ slot: '10:00' });
		expect(await started(first)).toBe(true);
		first.response.status(500).json({ message: 'Error in workflow' });
		// Same process: forgotten, runs again (the builder's test). Another process (own memory, the saved static data):
		let otherProcess: typeof trigger = trigger;
		jest.isolateModules(() => {
			const { setClock } = require('../../nodes/shared/transport/clock') as typeof import('../../nodes/shared/transport/clock');
			setClock({ now: clock().now, sleep: clock().sleep, random: clock().random });
			otherProcess = require('../../nodes/TalkoverTrigger/TalkoverTrigger.node') as typeof trigger;
		});
		const retry = tool({}, staticData, otherProcess)({ slot: '10:00' });
		const ran = await started(retry);
		expect({ ran, answer: retry.response.answers }).toEqual({ ran: true, answer: [] });
	});
});
