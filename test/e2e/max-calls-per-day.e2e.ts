/**
 * Max Calls per Day in a real n8n (the packed package, run as the editor's Execute workflow button does, n8n's own
 * clock): the agent's calls of the day are counted across executions and across a restart of n8n, from Talkover's
 * own list; a lead beyond the limit is not dialled and comes out skipped with when the next day starts.
 *
 * n8n runs on the real clock, so the day's zone is the fixed-offset IANA zone (Etc/GMT±N, no summer time) where it
 * is now 12:xx: a run that takes minutes stays within the day.
 */
import type { IDataObject } from 'n8n-workflow';

import { byId, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { outputOf } from './real-n8n';

const CREDENTIAL = { id: 'talkoverDay', name: 'Talkover API' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const HOUR = 3_600_000;

/** The fixed-offset zone (Etc/GMT±N: POSIX's sign, the reverse of ISO's) where it is 12 o'clock now, and its offset. */
function noonZone(instant: number): { zone: string; offset: number } {
	let offset = 12 - new Date(instant).getUTCHours();
	if (offset < -12) offset += 24;
	if (offset > 14) offset -= 24;
	return { zone: offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`, offset };
}

function leadsWorkflow(id: string, phones: string[], zone: string): WorkflowFile {
	return {
		id,
		name: `Leads → Make Call, Max Calls per Day 4 (${zone})`,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'crm', name: 'CRM', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ leads: phones.map((phone) => ({ phone })) }), options: {} } },
			{ id: 'leads', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'leads', options: {} } },
			{
				id: 'call',
				name: 'Make Call',
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [600, 0],
				parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', isTesting: true, options: { maxCallsPerDay: { limit: { calls: 4, timeZone: zone } } } },
				credentials: { talkoverApi: CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: 'CRM', type: 'main', index: 0 }]] },
			CRM: { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] },
		},
	};
}

const phones = (from: number, n: number) => Array.from({ length: n }, (_, i) => `+1555701${String(from + i).padStart(4, '0')}`);

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;
let day: { zone: string; offset: number };

beforeAll(async () => {
	day = noonZone(Date.now());
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [leadsWorkflow('dayFirst', phones(0, 3), day.zone), leadsWorkflow('daySecond', phones(3, 3), day.zone), leadsWorkflow('dayThird', phones(6, 2), day.zone)],
	}));
	// The agent's seeded calls (one going on now): the day starts empty.
	sandbox.calls = sandbox.calls.filter((c) => c.agent_id !== SALES_AGENT);
}, 600_000);

afterAll(async () => await stop?.());

const dialled = () => sandbox.requestsTo('POST', callPath).map((r) => (r.body as IDataObject).to);

test('4 calls a day: the first execution places 3, the second 1 and skips 2; after a restart of n8n the third places none, read once from Talkover', async () => {
	const first = await server.runManually('dayFirst');
	expect(first.status).toBe(0);
	expect(dialled()).toEqual(phones(0, 3));

	const second = await server.runManually('daySecond');
	expect(second.status).toBe(0);
	expect(dialled()).toEqual(phones(0, 4));
	const skipped = outputOf(second.run, 'Make Call').filter((item) => item.json.skipped === true);
	expect(skipped.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	const two = (n: number) => String(n).padStart(2, '0');
	const next = new Date(Date.now() + day.offset * HOUR + 24 * HOUR);
	const nextAllowedAt = `${next.toISOString().slice(0, 10)}T00:00:00${day.offset < 0 ? '-' : '+'}${two(Math.abs(day.offset))}:00`;
	expect(skipped.map((item) => item.json)).toEqual(
		phones(4, 2).map((to) => expect.objectContaining({ to, skipped: true, callsThatDay: 4, maxCallsPerDay: 4, dayTimeZone: day.zone, nextAllowedAt })),
	);

	await server.stop();
	await server.start();
	sandbox.requests.length = 0;
	const third = await server.runManually('dayThird');
	expect(third.status).toBe(0);
	expect(sandbox.requestsTo('POST', callPath)).toEqual([]);
	expect(outputOf(third.run, 'Make Call').map((item) => item.json.callsThatDay)).toEqual([4, 4]);
	expect(sandbox.requests.filter((r) => r.method === 'GET' && r.path === `/api/v1/agents/${SALES_AGENT}/calls`)).toHaveLength(1);
});
