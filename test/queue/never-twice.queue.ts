/**
 * Never twice, in queue mode: one `call ended` event redelivered three times by Talkover, with TWO
 * webhook processes behind a load balancer (Redis, PostgreSQL, main, two workers, webhook and webhook-2:
 * test/queue/cluster.ts). WEBHOOK_URL is the load balancer below (the URL the trigger registers in
 * Talkover); each case picks which webhook process gets each delivery:
 *   (a) all three to the same process,
 *   (b) alternating between the two processes,
 *   (c) two at the same moment (to one process, then to the two processes).
 * Counted: the executions n8n starts (its REST API, every status) and what each delivery was answered.
 * The trigger remembers deliveries in the workflow's static data (saved by n8n after a webhook request)
 * and in the process's memory (nodes/TalkoverTrigger/deliveries.ts). What holds is asserted; what does not
 * hold on a line is printed as a measurement (MEASURED …), never asserted as success.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { TOKEN } from '../helpers/fixtures';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { LINE, talkoverTriggerWorkflow, wantedVersion } from '../e2e/real-n8n';
import { bringUpCluster } from '../e2e/bringUp';
import type { QueueCluster } from './cluster';
import { CREDENTIAL } from './cluster';

const TRIGGER = 'neverQueueTrig';
const TRIGGER_WEBHOOK_ID = '3c7d1e2f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

/**
 * Whether a webhook process sees what another saved (measured): n8n 2.8.4 and 1.123.81 read the workflow's
 * static data from the database on each webhook request and save it before answering; n8n 2.41.1 hands a
 * request the static data of the published workflow (its publication service), not what the other
 * process saved, so only each process's own memory protects there.
 */
const SHARED_BETWEEN_PROCESSES = LINE === '2.8' || LINE === 'lts';

let sandbox: TalkoverSandbox;
let cluster: QueueCluster;
let stop: (() => Promise<void>) | undefined;
let balancer: http.Server;

/** Which webhook process (0 or 1) gets the balancer's n-th request of the current case. */
let route: (n: number) => number = () => 0;
let routed = 0;
/** What the balancer forwarded in the current case: to which process, and the answer. */
let forwarded: Array<{ process: string; status: number; body: string }> = [];

/** A load balancer in front of the webhook processes (forwards the request as it came, answers as they do). */
function startBalancer(): Promise<number> {
	balancer = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const target = route(routed++);
			const headers = { ...req.headers };
			delete headers.host;
			fetch(`http://127.0.0.1:${cluster.webhookPorts[target]}${req.url}`, { method: req.method, headers: headers as Record<string, string>, body: Buffer.concat(chunks) })
				.then(async (answer) => {
					const body = await answer.text();
					forwarded.push({ process: cluster.webhookNames[target], status: answer.status, body });
					res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
					res.end(body);
				})
				.catch((error: Error) => {
					res.writeHead(502);
					res.end(String(error.message));
				});
		});
	});
	return new Promise((resolve) => balancer.listen(0, '127.0.0.1', () => resolve((balancer.address() as AddressInfo).port)));
}

beforeAll(async () => {
	const port = await startBalancer();
	({ sandbox, cluster, stop } = await bringUpCluster({
		tokens: [TOKEN],
		cluster: { workers: 2, concurrency: 5, webhooks: 2, env: { WEBHOOK_URL: `http://127.0.0.1:${port}/` } },
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [talkoverTriggerWorkflow(TRIGGER, TRIGGER_WEBHOOK_ID, CREDENTIAL.id)],
		activate: [TRIGGER],
	}));
}, 900_000);

afterAll(async () => {
	await stop?.();
	await new Promise((resolve) => balancer?.close(resolve));
}, 120_000);

/**
 * The call_id of every execution of the trigger workflow started after `before`, once each marker has
 * one and none is queued or running. n8n 2.41.1 answers a delivery before the execution exists (2.8.4
 * after): a marker delivered to each webhook process after the others bounds the count, as a process
 * creates the executions of the deliveries it answered in order.
 */
async function settled(before: number, markers: string[]): Promise<string[]> {
	const deadline = Date.now() + 120_000;
	const seen = new Map<string, string>();
	for (;;) {
		const done = await finishedList(before);
		const fresh = done.results.slice(0, done.count - before);
		for (const execution of fresh) {
			if (seen.has(String(execution.id))) continue;
			const data = await cluster.main.runData(execution.id);
			// An execution whose trigger gave no item: an event that had already run (passOnce.ts), counted apart.
			const first = data.resultData.runData['Talkover Trigger'][0].data?.main[0]?.[0];
			seen.set(String(execution.id), first ? String(first.json.call_id) : STOPPED_AT_TRIGGER);
		}
		const ids = [...seen.values()];
		if (markers.every((m) => ids.includes(m))) return ids;
		if (Date.now() > deadline) throw new Error(`executions of ${TRIGGER}: the markers ${markers.join(', ')} not all run after 120 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * The trigger workflow's finished executions, newest first, once it has at least `count` executions, none queued
 * or running, and the list holds them all (or its first 100).
 */
async function finishedList(count: number): Promise<{ count: number; results: any[] }> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const all = await cluster.main.executionList(TRIGGER);
		const done = await cluster.main.executionList(TRIGGER, ['success', 'error', 'canceled', 'crashed']);
		if (all.count >= count && all.count === done.count && done.results.length >= Math.min(all.count, 100)) return done;
		if (Date.now() > deadline) throw new Error(`executions of ${TRIGGER}: ${done.count} of ${count} finished after 120 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Once the trigger workflow has at least `count` executions and none is queued or running. */
async function finished(count: number): Promise<void> {
	await finishedList(count);
}

/** What `settled` gives for an execution whose trigger gave no item. */
const STOPPED_AT_TRIGGER = '(stopped at the trigger)';

const event = (callId: string) => ({ event: 'event_phone_call_ended', call_id: callId, duration: 45, context: { crm_record_id: 'crm-7' } });

interface Measured {
	executions: number;
	processes: string[];
	statuses: number[];
	ignored: number;
	/** Each delivery in the order the balancer forwarded it: `<process>:started` or `<process>:redelivery`. */
	answers: string[];
}

/**
 * Delivers `deliveries` (groups of deliveries sent at the same moment, each group once the executions the
 * one before started have finished, as Talkover's retries come seconds or minutes apart) of one event
 * through the balancer, then counts the executions it started. A marker event (another call) to
 * each webhook process follows, so the count also covers executions n8n creates after answering.
 */
async function measure(label: string, callId: string, groups: number[][]): Promise<Measured> {
	const webhook = sandbox.webhooks[0];
	const before = (await cluster.main.executionList(TRIGGER)).count;
	forwarded = [];
	routed = 0;
	const order = groups.flat();
	// After the case's deliveries, the markers: one to each webhook process.
	route = (n) => (n < order.length ? order[n] : n - order.length);
	const statuses: number[] = [];
	for (const group of groups) {
		const answers = await Promise.all(group.map(() => sandbox.deliver(webhook.id, event(callId))));
		statuses.push(...answers.map((a) => a.status));
		// Talkover sends again after seconds or minutes, not while the first delivery's execution is still queued.
		await finished(before + forwarded.filter((f) => !f.body.includes('redelivery')).length);
	}
	const markers = cluster.webhookNames.map((name) => `${callId}-marker-${name}`);
	// The whole answer, so a failure shows what n8n said.
	for (const marker of markers) expect(await sandbox.deliver(webhook.id, event(marker))).toMatchObject({ status: 200 });
	const started = await settled(before, markers);
	for (const marker of markers) expect(started.filter((id) => id === marker)).toHaveLength(1);
	expect(forwarded.slice(order.length).map((f) => f.process)).toEqual(cluster.webhookNames);
	const redeliveries = forwarded.slice(0, order.length);
	const result: Measured = {
		executions: started.filter((id) => id === callId).length,
		processes: redeliveries.map((f) => f.process),
		statuses,
		ignored: redeliveries.filter((f) => f.body.includes('redelivery')).length,
		answers: redeliveries.map((f) => `${f.process}:${f.body.includes('redelivery') ? 'redelivery' : 'started'}`),
	};
	// eslint-disable-next-line no-console
	console.log(`MEASURED n8n ${wantedVersion()} (line ${LINE}), queue mode, 2 webhook processes, ${label}: ${result.executions} execution(s) for 3 deliveries of one event; deliveries went to ${result.processes.join(', ')}; answered ${statuses.join(', ')}; ${result.ignored} answered as a redelivery (${result.answers.join(', ')})`);
	return result;
}

describe(`one call ended event delivered three times, two webhook processes (n8n ${wantedVersion()})`, () => {
	test('publishing registers the load balancer’s URL (WEBHOOK_URL), which reaches both webhook processes', async () => {
		expect(sandbox.webhooks).toHaveLength(1);
		expect(new URL(sandbox.webhooks[0].webhook_url).port).toBe(String((balancer.address() as AddressInfo).port));
		expect(cluster.webhookNames).toEqual(['webhook', 'webhook-2']);
	});

	test('(a) all three to the same webhook process: one execution, the other two answered 200 as redeliveries', async () => {
		const m = await measure('(a) same process', 'queue-never-a', [[0], [0], [0]]);
		expect(m.processes).toEqual(['webhook', 'webhook', 'webhook']);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.answers).toEqual(['webhook:started', 'webhook:redelivery', 'webhook:redelivery']);
		expect(m.executions).toBe(1);
	});

	test('(c1) two at the same moment to one webhook process, then the third: one execution', async () => {
		// The check and the record are one synchronous step in a process, so two requests at once cannot both pass it.
		const m = await measure('(c1) two at once, one process', 'queue-never-c1', [[0, 0], [0]]);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.answers.filter((a) => a.endsWith(':started'))).toHaveLength(1);
		expect(m.executions).toBe(1);
	});

	if (SHARED_BETWEEN_PROCESSES) {
		test('(b) alternating between the two webhook processes: one execution (the other process reads what the first saved)', async () => {
			const m = await measure('(b) alternating', 'queue-never-b', [[0], [1], [0]]);
			expect(m.statuses).toEqual([200, 200, 200]);
			expect(m.answers).toEqual(['webhook:started', 'webhook-2:redelivery', 'webhook:redelivery']);
			expect(m.executions).toBe(1);
		});
	} else {
		test(`(b) alternating between the two webhook processes: on n8n ${wantedVersion()} the other process starts an execution, which stops at the trigger (n8n's deduplication store): the workflow runs once`, async () => {
			const m = await measure('(b) alternating', 'queue-never-b', [[0], [1], [0]]);
			expect(m.statuses).toEqual([200, 200, 200]);
			// The first process still remembers its own delivery; the other does not see it in the static data.
			expect(m.answers).toEqual(['webhook:started', 'webhook-2:started', 'webhook:redelivery']);
			expect(m.executions).toBe(1);
		});
	}

	test('(c2) two at the same moment, one to each webhook process, then the third: measured (not protected: both may start, and the trigger may stop the second); the third starts nothing', async () => {
		const m = await measure('(c2) two at once, two processes', 'queue-never-c2', [[0, 1], [0]]);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.answers[2]).toBe('webhook:redelivery');
		// Each started execution either ran the workflow or stopped at the trigger (n8n's deduplication store; its workers may both pass it).
		const started = m.answers.filter((a) => a.endsWith(':started')).length;
		expect(m.executions).toBeGreaterThanOrEqual(1);
		expect(m.executions).toBeLessThanOrEqual(started);
	});
});
