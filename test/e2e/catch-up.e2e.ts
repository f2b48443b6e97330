/**
 * No event lost: the Talkover Trigger with Options → Catch Up Missed Events (Hours) in a real n8n (`n8n
 * start`, the packed package), on the line TALKOVER_N8N_LINE picks. When n8n starts while the trigger's
 * webhook is still registered, the trigger reads its webhook's delivery log and has Talkover (the sandbox)
 * send again, oldest first, each delivery that failed for good while n8n was down; each starts one
 * execution whose item says `caught_up: true` (regular mode: the process that asked is the one that
 * receives). An event delivered once starts nothing more when Talkover sends it again (the delivery record).
 *
 * One n8n, three starts: (1) the workflows are published and one event is delivered live; n8n stops and
 * the sandbox logs the deliveries that failed meanwhile; (2) n8n starts: the catch-up; (3) n8n starts again:
 * nothing more. Each workflow has its own agent, so each one's requests are told apart by their path:
 * - five `call ended` events failed while n8n was down (catchUpFive, SALES_AGENT),
 * - an event delivered once and logged as failed on a later attempt (catchUpOnce, SUPPORT_AGENT),
 * - Catch Up Missed Events at 0, off (catchUpOff),
 * - the example of List Webhook Delivery Logs as the sandbox's answer (catchUpDocs: as on the page at the
 *   second start, its times moved into the last hour at the third; catchUpDocsPage: its two entries as a
 *   whole one-page log, times moved, at the second).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { SALES_AGENT, SUPPORT_AGENT, TOKEN } from '../helpers/fixtures';
import { agentRequests, callsEnded, described, explainingFailure, isoSeconds, logFailedWhileDown, logPath, pause, retryPath, shape, waitUntil, webhookOf } from '../helpers/catchUp';
import { answersOf } from '../contract/documented';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, RealN8n, WorkflowFile } from './real-n8n';
import { HOST, NODE_BIN, talkoverTriggerWorkflow, wantedVersion } from './real-n8n';

const CREDENTIAL = 'talkoverCatchUp';
/** Agents of their own (copies of the Sales agent) for the workflows beyond the two seeded agents. */
const OFF_AGENT = '550e8400-e29b-41d4-a716-4466554400c1';
const DOCS_AGENT = '550e8400-e29b-41d4-a716-4466554400c2';
const DOCS_PAGE_AGENT = '550e8400-e29b-41d4-a716-4466554400c3';

interface Trigger {
	workflow: string;
	webhookId: string;
	agent: string;
	hours: number;
}

const FIVE: Trigger = { workflow: 'catchUpFive', webhookId: 'c0a1b2c3-0000-4000-8000-00000000c001', agent: SALES_AGENT, hours: 24 };
const ONCE: Trigger = { workflow: 'catchUpOnce', webhookId: 'c0a1b2c3-0000-4000-8000-00000000c002', agent: SUPPORT_AGENT, hours: 24 };
const OFF: Trigger = { workflow: 'catchUpOff', webhookId: 'c0a1b2c3-0000-4000-8000-00000000c003', agent: OFF_AGENT, hours: 0 };
const DOCS: Trigger = { workflow: 'catchUpDocs', webhookId: 'c0a1b2c3-0000-4000-8000-00000000c004', agent: DOCS_AGENT, hours: 24 };
const DOCS_PAGE: Trigger = { workflow: 'catchUpDocsPage', webhookId: 'c0a1b2c3-0000-4000-8000-00000000c005', agent: DOCS_PAGE_AGENT, hours: 24 };
const TRIGGERS = [FIVE, ONCE, OFF, DOCS, DOCS_PAGE];

/** The trigger workflow of real-n8n.ts with Options → Catch Up Missed Events (Hours) set (0: off). */
function workflowOf(t: Trigger): WorkflowFile {
	const workflow = talkoverTriggerWorkflow(t.workflow, t.webhookId, CREDENTIAL, t.agent);
	const node = workflow.nodes[0] as { parameters: IDataObject };
	node.parameters = { ...node.parameters, options: { catchUpHours: t.hours } };
	return workflow;
}

/** The page's own example (list-webhook-logs.mdx), as extracted into the contract fixture. */
const LOG_EXAMPLE = (() => {
	const found = answersOf('GET /agents/{}/webhooks/{}/logs').find((a) => a.status === 200 && a.source.file === 'list-webhook-logs.mdx');
	if (!found) throw new Error('no documented 200 answer of List Webhook Delivery Logs from list-webhook-logs.mdx');
	return found.body as { data: Array<Record<string, unknown>>; pagination: Record<string, unknown> };
})();

/**
 * The example with its times moved so its newest entry (log-uuid-1, 11:00:00) was made now, its failed entry
 * (log-uuid-2) five minutes before. A start reads the log back to five minutes (the margin for the clocks)
 * before the previous start's read of it or, at the trigger's first catch-up, before its registration; this
 * is called after both, while n8n is down, so log-uuid-2 is after that bound however soon n8n stopped. "Now"
 * is rounded up to a whole second (Talkover's times have no milliseconds): rounded down, a registration less
 * than a second before would fall in the same second, and log-uuid-2 would be at or before the bound.
 */
function exampleInTheLastHour(): { data: Array<Record<string, unknown>>; pagination: Record<string, unknown> } {
	const copy = JSON.parse(JSON.stringify(LOG_EXAMPLE)) as typeof LOG_EXAMPLE;
	const newest = Math.max(...copy.data.map((e) => Date.parse(String(e.created_at))));
	const shift = Math.ceil(Date.now() / 1000) * 1000 - newest;
	const moved = (value: unknown) => isoSeconds(Date.parse(String(value)) + shift);
	for (const entry of copy.data) {
		entry.created_at = moved(entry.created_at);
		if (entry.delivered_at !== undefined) entry.delivered_at = moved(entry.delivered_at);
	}
	return copy;
}

let sandbox: TalkoverSandbox;
let n8n: RealN8n;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;
/** n8n's log (warn and above) since the last start. */
let n8nLog = '';
/** n8n with publication (2.3x+): undefined on n8n 2.8 and 1.123. */
let publication: unknown;

/** The delivery logs the sandbox answers with the page's example moved into the last hour: for the Docs Page agent at the second start, the Docs agent at the third (for the failure messages). */
let docsPageLog: unknown;
let docsLog: unknown;

/** The five events and their log entries (oldest first), logged while n8n was down. */
const FIVE_EVENTS = callsEnded('five', 5);
let fiveLogIds: string[] = [];
const ONCE_EVENT = callsEnded('once', 1)[0];
let onceFailedLogId = '';

const webhookIdOf = (t: Trigger) => String(webhookOf(sandbox, t.webhookId).id);

/** The trigger's output items of one execution ([] when it gave none: an event that had already run). */
async function triggerItems(executionId: string): Promise<IDataObject[]> {
	const data = await server.runData(executionId);
	const run = data.resultData.runData['Talkover Trigger'][0];
	if (run.error) throw new Error(`execution ${executionId} failed in the trigger: ${run.error.message}`);
	return (run.data?.main[0] ?? []).map((o) => o.json);
}

/**
 * The trigger items of the workflow's executions that ran on (oldest first): an execution whose trigger gave no
 * item is an event that had already run (n8n 2.3x+ starts one for a redelivery after a restart: passOnce.ts).
 */
async function ranOnce(t: Trigger): Promise<IDataObject[]> {
	const outputs = await Promise.all((await executionsOldestFirst(t)).map(async (e) => await triggerItems(e.id)));
	return outputs.filter((items) => items.length > 0).flat();
}

/** Every finished execution of the workflow, oldest first. */
async function executionsOldestFirst(t: Trigger): Promise<any[]> {
	return (await server.executionList(t.workflow, ['success', 'error', 'canceled', 'crashed'])).results.sort((a: any, b: any) => Number(a.id) - Number(b.id));
}

/** The workflow's static data as n8n keeps it in its database (SQLite), read beside the running n8n; for the failure messages. */
function staticDataInDatabase(t: Trigger): unknown {
	const script = `
		const sqlite3 = require(${JSON.stringify(path.join(HOST, 'node_modules/sqlite3'))});
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
		db.get('SELECT staticData FROM workflow_entity WHERE id = ?', [process.argv[2]], (error, row) => {
			process.stdout.write(error ? JSON.stringify({ error: error.message }) : (row && row.staticData) || 'null');
			db.close();
		});`;
	const result = spawnSync(NODE_BIN, ['-e', script, path.join(n8n.folder, '.n8n/database.sqlite'), n8n.workflowIdOf(t.workflow)], { encoding: 'utf8' });
	try {
		return JSON.parse(result.stdout);
	} catch {
		return { unreadable: result.stdout || result.stderr };
	}
}

/**
 * Waits until n8n has activated every trigger at its start: each agent's webhook list read (n8n 2.3x+ too: the
 * trigger's trigger() makes n8n activate it again at every start, docs/installation.md: Compatibility in detail).
 */
async function activationsDone(): Promise<void> {
	await waitUntil(() => TRIGGERS.every((t) => agentRequests(sandbox, t.agent).some((r) => r.method === 'GET' && r.path === `/api/v1/agents/${t.agent}/webhooks`)), 90_000);
}

async function startN8n(): Promise<void> {
	sandbox.requests.length = 0;
	n8nLog = '';
	await server.start();
}

beforeAll(async () => {
	({ sandbox, n8n, server, stop } = await bringUp({
		tokens: [TOKEN],
		beforeN8n: (talkover) => {
			const sales = talkover.agents.find((a) => a.id === SALES_AGENT)!;
			for (const [id, name] of [
				[OFF_AGENT, 'OffBot'],
				[DOCS_AGENT, 'DocsBot'],
				[DOCS_PAGE_AGENT, 'DocsPageBot'],
			]) {
				talkover.agents.push({ ...JSON.parse(JSON.stringify(sales)), id, name });
			}
		},
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: CREDENTIAL, name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: TRIGGERS.map(workflowOf),
		onOutput: (stdout, stderr) => {
			stdout.on('data', (d) => (n8nLog += d));
			stderr.on('data', (d) => (n8nLog += d));
		},
		// Started by the file: the requests and n8n's log of each start are its own.
		start: false,
	}));

	// First start: each trigger registers its webhook; one event is delivered live.
	await startN8n();
	for (const t of TRIGGERS) publication = (await server.activate(t.workflow)) ?? publication;
	expect(sandbox.webhooks).toHaveLength(TRIGGERS.length);
	expect((await sandbox.deliver(webhookIdOf(ONCE), ONCE_EVENT)).status).toBe(200);
	await server.waitForExecutions(ONCE.workflow, 1);

	// n8n down: what Talkover could not deliver meanwhile is in the webhooks' delivery logs.
	await server.stop();
	fiveLogIds = logFailedWhileDown(sandbox, webhookIdOf(FIVE), FIVE_EVENTS);
	onceFailedLogId = sandbox.logDelivery(webhookIdOf(ONCE), ONCE_EVENT, { status: 'failed', attempt: 2 }).id;
	logFailedWhileDown(sandbox, webhookIdOf(OFF), callsEnded('off', 2));
	sandbox.inject({ method: 'GET', path: logPath(DOCS.agent, webhookIdOf(DOCS)), status: 200, body: LOG_EXAMPLE });
	docsPageLog = { ...exampleInTheLastHour(), pagination: { current_page: 1, per_page: 100, total: 2, last_page: 1 } };
	sandbox.inject({ method: 'GET', path: logPath(DOCS_PAGE.agent, webhookIdOf(DOCS_PAGE)), status: 200, body: docsPageLog });

	// Second start: the catch-up.
	await startN8n();
}, 600_000);

afterAll(async () => await stop?.());

let startedAgain: Promise<void> | undefined;
/**
 * The third start (once, for the tests that need it): n8n stops and starts again with nothing new in the
 * logs; the Docs agent's log is answered with the page's example, its times moved into the last hour.
 */
function startAgain(): Promise<void> {
	startedAgain ??= (async () => {
		await server.stop();
		docsLog = exampleInTheLastHour();
		sandbox.inject({ method: 'GET', path: logPath(DOCS.agent, webhookIdOf(DOCS)), status: 200, body: docsLog });
		await startN8n();
	})();
	return startedAgain;
}

describe('n8n started after it missed events (catch-up)', () => {
	test('five call-ended events that failed while n8n was down: at start Talkover sends each again, oldest first, and each starts one execution with its payload and caught_up: true', async () => {
		await server.waitForExecutions(FIVE.workflow, 5, 90_000);
		await sandbox.retriesSettled();
		await pause(1_500);
		const executions = await executionsOldestFirst(FIVE);
		expect(executions.map((e) => e.status)).toEqual(Array(5).fill('success'));
		const items = (await Promise.all(executions.map((e) => triggerItems(e.id)))).map((output) => ({ ...output[0], items: output.length }));
		const byCall = (a: IDataObject, b: IDataObject) => String(a.call_id).localeCompare(String(b.call_id));
		expect(items.sort(byCall)).toEqual(FIVE_EVENTS.map((event) => ({ ...event, caught_up: true, items: 1 })).sort(byCall));

		const webhook = webhookIdOf(FIVE);
		const requests = agentRequests(sandbox, FIVE.agent);
		expect(shape(requests)).toEqual([
			['GET', `/api/v1/agents/${FIVE.agent}/webhooks`],
			['GET', logPath(FIVE.agent, webhook)],
			...fiveLogIds.map((id) => ['POST', retryPath(FIVE.agent, webhook, id)]),
		]);
		expect(requests[1].query).toEqual({ per_page: '100', page: '1' });
		// Talkover's log: each retry a new attempt (5) of its event, delivered (success).
		const retried = sandbox.webhookLogs.filter((e) => e.webhook_id === webhook && e.attempt === 5);
		expect(retried.map((e) => [e.status, e.request_payload])).toEqual(FIVE_EVENTS.map((event) => ['success', event]));
	});

	test('an event delivered once and logged as failed on a later attempt: Talkover sends it again and its workflow still ran once', async () => {
		await activationsDone();
		const webhook = webhookIdOf(ONCE);
		await waitUntil(() => agentRequests(sandbox, ONCE.agent).some((r) => r.method === 'POST'), 90_000);
		await sandbox.retriesSettled();
		await pause(1_500);
		expect(await ranOnce(ONCE)).toEqual([ONCE_EVENT]);
		expect(shape(agentRequests(sandbox, ONCE.agent))).toEqual([
			['GET', `/api/v1/agents/${ONCE.agent}/webhooks`],
			['GET', logPath(ONCE.agent, webhook)],
			['POST', retryPath(ONCE.agent, webhook, onceFailedLogId)],
		]);
		const deliveries = sandbox.deliveries.filter((d) => d.webhookId === webhook);
		// The live delivery started the execution (n8n's own answer). The one sent again: n8n 2.8 and 1.123 answer it as a
		// redelivery (the delivery record in the static data); n8n 2.3x+ kept no static data of the live delivery, so it
		// starts an execution whose trigger gives nothing (n8n's deduplication store).
		expect(deliveries.map((d) => [d.body.call_id, d.status, jsonOrText(d.responseBody)])).toEqual([
			[ONCE_EVENT.call_id, 200, expect.anything()],
			[ONCE_EVENT.call_id, 200, publication ? expect.anything() : { received: true, ignored: 'redelivery' }],
		]);
	});

	test('with Catch Up Missed Events at 0 (off), a restart reads no delivery log, sends nothing again and starts nothing', async () => {
		await activationsDone();
		await pause(3_000);
		const requests = agentRequests(sandbox, OFF.agent);
		// n8n asks at start whether the webhook is still there (checkExists), 2.3x+ too.
		expect(shape(requests)).toEqual([['GET', `/api/v1/agents/${OFF.agent}/webhooks`]]);
		expect(await server.executions(OFF.workflow)).toEqual([]);
	});

	test('the page’s own log example as Talkover’s answer: its failed entry log-uuid-2 (2024-01-15) is older than 24 hours and is not sent again', async () => {
		await activationsDone();
		await pause(3_000);
		const webhook = webhookIdOf(DOCS);
		const requests = agentRequests(sandbox, DOCS.agent);
		// The static data beside, for the failure message.
		const staticData = staticDataInDatabase(DOCS);
		expect({ requests: shape(requests), staticData }).toEqual({
			requests: [
				['GET', `/api/v1/agents/${DOCS.agent}/webhooks`],
				['GET', logPath(DOCS.agent, webhook)],
			],
			staticData,
		});
		// n8n's log names the entry left out for its age (read, not failed to read).
		const told = n8nLog.split('\n').filter((line) => line.includes(`(workflow ${n8n.workflowIdOf(DOCS.workflow)})`));
		expect(told).toEqual([expect.stringMatching(/not caught up \(older than 24 hours\): event event_phone_call_started of 2024-01-15T10:55:00(\.000)?Z \(log entry log-uuid-2\)/)]);
		expect(await server.executions(DOCS.workflow)).toEqual([]);
	});

	test('the page’s example entries as a whole one-page log, their times moved into the last hour: exactly log-uuid-2 is sent again, and Talkover’s 404 for it leaves the trigger and n8n running', async () => {
		await activationsDone();
		const webhook = webhookIdOf(DOCS_PAGE);
		await waitUntil(() => agentRequests(sandbox, DOCS_PAGE.agent).some((r) => r.method === 'POST') || n8nLog.includes(`(workflow ${n8n.workflowIdOf(DOCS_PAGE.workflow)})`), 90_000);
		await pause(2_000);
		const requests = agentRequests(sandbox, DOCS_PAGE.agent);
		// On failure: the trigger's static data in full (what the first start saved, what this one wrote), the
		// agent's requests as the sandbox saw them, the log it answered, and n8n's lines of this workflow.
		await explainingFailure(
			() =>
				expect(shape(requests)).toEqual([
					['GET', `/api/v1/agents/${DOCS_PAGE.agent}/webhooks`],
					['GET', logPath(DOCS_PAGE.agent, webhook)],
					['POST', retryPath(DOCS_PAGE.agent, webhook, 'log-uuid-2')],
				]),
			() => ({
				staticData: staticDataInDatabase(DOCS_PAGE),
				requests: requests.map(described),
				logAnswered: docsPageLog,
				n8nLog: n8nLog.split('\n').filter((line) => line.includes(`(workflow ${n8n.workflowIdOf(DOCS_PAGE.workflow)})`)),
				n8nLogEnd: n8nLog.slice(-3000),
			}),
		);
		await expectStillRunning(DOCS_PAGE, 'docs-page-live');
	});
});

function jsonOrText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** n8n answers, the trigger's webhook is still registered, and a live delivery starts one execution. */
async function expectStillRunning(t: Trigger, callId: string): Promise<void> {
	expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
	const before = (await server.executions(t.workflow)).length;
	const event = { event: 'event_phone_call_ended', call_id: callId };
	expect((await sandbox.deliver(webhookIdOf(t), event)).status).toBe(200);
	const [latest] = await server.waitForExecutions(t.workflow, before + 1);
	expect(await triggerItems(latest.id)).toEqual([event]);
}

describe('n8n started again', () => {
	test('nothing more runs: the start asks Talkover for none of the events the last one caught up, and no workflow runs again', async () => {
		await startAgain();
		const webhook = webhookIdOf(FIVE);
		await waitUntil(() => sandbox.requestsTo('GET', logPath(FIVE.agent, webhook)).length > 0, 90_000);
		await pause(8_000);
		await sandbox.retriesSettled();
		await pause(1_500);
		// The static data beside (what the previous start and its executions saved), for the failure message.
		const staticData = staticDataInDatabase(FIVE);
		const executions = (await server.executions(FIVE.workflow)).length;
		// n8n 2.3x+ keeps none of what the deliveries' webhook() wrote, but it keeps what their executions wrote: the
		// trigger's execute() writes there which of the catch-up's entries Talkover queued (catchUp/record.ts keepLearned).
		expect({ requests: shape(agentRequests(sandbox, FIVE.agent)), executions, ran: (await ranOnce(FIVE)).length, staticData }).toEqual({
			requests: [
				['GET', `/api/v1/agents/${FIVE.agent}/webhooks`],
				['GET', logPath(FIVE.agent, webhook)],
			],
			executions: 5,
			ran: 5,
			staticData,
		});
	});

	test('an event delivered once, delivered again by Talkover after n8n started again (within the hour): its workflow ran once, the record outlived the restarts', async () => {
		await startAgain();
		const webhook = webhookIdOf(ONCE);
		// This start's catch-up settled first.
		await waitUntil(() => sandbox.requestsTo('GET', logPath(ONCE.agent, webhook)).length > 0, 90_000);
		await pause(3_000);
		await sandbox.retriesSettled();
		const staticData = staticDataInDatabase(ONCE);
		const delivered = await sandbox.deliver(webhook, ONCE_EVENT);
		await pause(3_000);
		// n8n 2.8 and 1.123: answered as a redelivery (the static data). 2.3x+: as a redelivery when this process already
		// had it from the catch-up, else an execution that stops at the trigger (n8n's deduplication store).
		// The static data beside (what the webhook requests saved), for the failure message.
		expect({ status: delivered.status, answer: publication ? 'either' : jsonOrText(delivered.body), ran: await ranOnce(ONCE), staticData }).toEqual({
			status: 200,
			answer: publication ? 'either' : { received: true, ignored: 'redelivery' },
			ran: [ONCE_EVENT],
			staticData,
		});
	});

	test('the page’s own log example with its times moved into the last hour: exactly log-uuid-2 is sent again, and Talkover’s 404 for it leaves the trigger and n8n running', async () => {
		await startAgain();
		const webhook = webhookIdOf(DOCS);
		await waitUntil(() => agentRequests(sandbox, DOCS.agent).some((r) => r.method === 'POST') || n8nLog.includes(`(workflow ${n8n.workflowIdOf(DOCS.workflow)})`), 90_000);
		await pause(2_000);
		const requests = agentRequests(sandbox, DOCS.agent);
		// On failure: the trigger's static data in full, the agent's requests as the sandbox saw them, and n8n's log.
		await explainingFailure(
			() => expect(shape(requests.filter((r) => r.method === 'POST'))).toEqual([['POST', retryPath(DOCS.agent, webhook, 'log-uuid-2')]]),
			() => ({
				staticData: staticDataInDatabase(DOCS),
				requests: requests.map(described),
				logAnswered: docsLog,
				n8nLog: n8nLog.split('\n').filter((line) => line.includes(`(workflow ${n8n.workflowIdOf(DOCS.workflow)})`)),
				n8nLogEnd: n8nLog.slice(-3000),
			}),
		);
		await expectStillRunning(DOCS, 'docs-live');
	});
});


/** Marks the workflow's trigger in n8n's database (n8n stopped) as n8n 2.3x+ recorded it when a version of this package without trigger() was published: a webhook alone. */
function recordedAsWebhookAlone(t: Trigger): void {
	const script = `
		const sqlite3 = require(${JSON.stringify(path.join(HOST, 'node_modules/sqlite3'))});
		const db = new sqlite3.Database(process.argv[1]);
		db.run("UPDATE workflow_publication_trigger_status SET triggerKind = 'persisted' WHERE workflowId = ?", [process.argv[2]], function (error) {
			process.stdout.write(error ? 'error: ' + error.message : String(this.changes));
			db.close();
		});`;
	const result = spawnSync(NODE_BIN, ['-e', script, path.join(n8n.folder, '.n8n/database.sqlite'), n8n.workflowIdOf(t.workflow)], { encoding: 'utf8' });
	if (result.stdout.trim() !== '1') throw new Error(`the trigger status of ${t.workflow} was not changed: ${result.stdout}${result.stderr}`);
}

/** n8n with publication (2.3x+): it records at publication which triggers a start activates again; 2.8 and 1.123 activate every trigger at start. */
const [MAJOR, MINOR] = wantedVersion().split('.').map(Number);
const onPublicationLines = MAJOR > 2 || (MAJOR === 2 && MINOR >= 30) ? describe : describe.skip;

onPublicationLines('a workflow published with an earlier version of the package (n8n 2.3x+)', () => {
	test('catches nothing up until it is unpublished and published once again (its webhook kept); from then on a start catches up, what failed before the publish too (README: Talkover Trigger; docs/installation.md: Compatibility in detail)', async () => {
		await startAgain();
		await server.stop();
		recordedAsWebhookAlone(ONCE);
		const missedBefore = callsEnded('before-republish', 1);
		logFailedWhileDown(sandbox, webhookIdOf(ONCE), missedBefore);
		await startN8n();
		// n8n's reconciler runs at start and every 10 s: two rounds.
		await activationsOf([FIVE, DOCS]);
		await pause(25_000);
		expect(shape(agentRequests(sandbox, ONCE.agent))).toEqual([]);
		// Published once again at once: the same webhook, its log and what it owes kept (unpublishLater.ts); the
		// publish's catch-up sends what failed before it.
		const before = webhookIdOf(ONCE);
		await server.deactivate(ONCE.workflow);
		await server.activate(ONCE.workflow);
		const webhook = webhookIdOf(ONCE);
		expect(webhook).toBe(before);
		await waitUntil(async () => (await ranOnce(ONCE)).some((item) => String(item.call_id).startsWith('before-republish')), 90_000);
		await server.stop();
		const missedAfter = callsEnded('after-republish', 2);
		// The start asks for what failed since, not again for what the publish's catch-up sent (its execution kept it).
		const logged = logFailedWhileDown(sandbox, webhook, missedAfter);
		await startN8n();
		await waitUntil(() => agentRequests(sandbox, ONCE.agent).filter((r) => r.method === 'POST').length >= 2, 90_000);
		await sandbox.retriesSettled();
		const executions = (await server.waitForExecutions(ONCE.workflow, 1)).length;
		await pause(3_000);
		expect(shape(agentRequests(sandbox, ONCE.agent))).toEqual([
			['GET', `/api/v1/agents/${ONCE.agent}/webhooks`],
			['GET', logPath(ONCE.agent, webhook)],
			...logged.map((id) => ['POST', retryPath(ONCE.agent, webhook, id)]),
		]);
		const ran = await ranOnce(ONCE);
		expect(executions).toBeGreaterThan(0);
		// Talkover's deliveries run side by side: compared in the order of their calls.
		const byCall = (a: IDataObject, b: IDataObject) => String(a.call_id).localeCompare(String(b.call_id));
		expect(ran.filter((item) => String(item.call_id).startsWith('after-republish')).sort(byCall)).toEqual(missedAfter.map((event) => ({ ...event, caught_up: true })).sort(byCall));
		expect(ran.filter((item) => String(item.call_id).startsWith('before-republish'))).toEqual(missedBefore.map((event) => ({ ...event, caught_up: true })));
	}, 300_000);
});

/** Waits until n8n has read the webhook list of each of `triggers`' agents since the last start (their activation at start). */
async function activationsOf(triggers: Trigger[]): Promise<void> {
	await waitUntil(() => triggers.every((t) => agentRequests(sandbox, t.agent).some((r) => r.method === 'GET' && r.path === `/api/v1/agents/${t.agent}/webhooks`)), 90_000);
}
