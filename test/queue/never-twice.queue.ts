/**
 * Issue 24 items 3/4 in queue mode: one `call ended` event redelivered three times by Talkover, with TWO
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

import { stopN8nTimers } from '../helpers/n8n';
import { TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { LINE, talkoverTriggerWorkflow, wantedVersion } from '../e2e/real-n8n';
import { CREDENTIAL, QueueCluster } from './cluster';

const TRIGGER = 'neverQueueTrig';
const TRIGGER_WEBHOOK_ID = '3c7d1e2f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

let sandbox: TalkoverSandbox;
let cluster: QueueCluster;
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
	sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const port = await startBalancer();
	cluster = new QueueCluster({ workers: 2, concurrency: 5, webhooks: 2, env: { WEBHOOK_URL: `http://127.0.0.1:${port}/` } });
	await cluster.prepare();
	cluster.importCredentials([{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	cluster.importWorkflows([talkoverTriggerWorkflow(TRIGGER, TRIGGER_WEBHOOK_ID, CREDENTIAL.id)]);
	await cluster.start();
	await cluster.main.activate(TRIGGER);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sandbox?.stop();
	await new Promise((resolve) => balancer?.close(resolve));
	stopN8nTimers();
}, 120_000);

/** Every execution of the trigger workflow, any status; once none is queued or running, the ones started after `before` with the call_id each got. */
async function settled(before: number): Promise<string[]> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const all = await cluster.main.executionList(TRIGGER);
		const finished = await cluster.main.executionList(TRIGGER, ['success', 'error', 'canceled', 'crashed']);
		if (all.count === finished.count && finished.results.length >= Math.min(all.count, 100)) {
			const fresh = finished.results.slice(0, all.count - before);
			const ids: string[] = [];
			for (const execution of fresh) {
				const data = await cluster.main.runData(execution.id);
				ids.push(String(data.resultData.runData['Talkover Trigger'][0].data!.main[0]![0].json.call_id));
			}
			return ids;
		}
		if (Date.now() > deadline) throw new Error(`executions of ${TRIGGER} still running after 120 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const event = (callId: string) => ({ event: 'event_phone_call_ended', call_id: callId, duration: 45, context: { crm_record_id: 'crm-7' } });

interface Measured {
	executions: number;
	processes: string[];
	statuses: number[];
	ignored: number;
}

/**
 * Delivers `deliveries` (groups of deliveries sent at the same moment, groups one after another) of one
 * event through the balancer, then counts the executions it started. A marker event (another call)
 * follows, so the count also covers executions n8n would create after answering.
 */
async function measure(label: string, callId: string, groups: number[][], marker: number): Promise<Measured> {
	const webhook = sandbox.webhooks[0];
	const before = (await cluster.main.executionList(TRIGGER)).count;
	forwarded = [];
	routed = 0;
	const order = groups.flat();
	route = (n) => (n < order.length ? order[n] : marker);
	const statuses: number[] = [];
	for (const group of groups) {
		const answers = await Promise.all(group.map(() => sandbox.deliver(webhook.id, event(callId))));
		statuses.push(...answers.map((a) => a.status));
	}
	const markerId = `${callId}-marker`;
	expect((await sandbox.deliver(webhook.id, event(markerId))).status).toBe(200);
	const started = await settled(before);
	expect(started.filter((id) => id === markerId)).toHaveLength(1);
	const redeliveries = forwarded.slice(0, order.length);
	const result: Measured = {
		executions: started.filter((id) => id === callId).length,
		processes: redeliveries.map((f) => f.process),
		statuses,
		ignored: redeliveries.filter((f) => f.body.includes('redelivery')).length,
	};
	// eslint-disable-next-line no-console
	console.log(`MEASURED n8n ${wantedVersion()} (line ${LINE}), queue mode, 2 webhook processes, ${label}: ${result.executions} execution(s) for 3 deliveries of one event; deliveries went to ${result.processes.join(', ')}; answered ${statuses.join(', ')}; ${result.ignored} answered as a redelivery`);
	return result;
}

describe(`one call ended event delivered three times, two webhook processes (n8n ${wantedVersion()})`, () => {
	test('publishing registers the load balancer’s URL (WEBHOOK_URL), which reaches both webhook processes', async () => {
		expect(sandbox.webhooks).toHaveLength(1);
		expect(new URL(sandbox.webhooks[0].webhook_url).port).toBe(String((balancer.address() as AddressInfo).port));
		expect(cluster.webhookNames).toEqual(['webhook', 'webhook-2']);
	});

	test('(a) all three to the same webhook process: one execution, the other two answered 200 as redeliveries', async () => {
		const m = await measure('(a) same process', 'queue-never-a', [[0], [0], [0]], 1);
		expect(m.processes).toEqual(['webhook', 'webhook', 'webhook']);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.executions).toBe(1);
		expect(m.ignored).toBe(2);
	});

	test('(b) alternating between the two webhook processes: every delivery answered 200; executions measured', async () => {
		const m = await measure('(b) alternating', 'queue-never-b', [[0], [1], [0]], 1);
		expect(m.processes).toEqual(['webhook', 'webhook-2', 'webhook']);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.executions).toBeGreaterThanOrEqual(1);
		// The third delivery comes back to the first process, which remembers the first in its memory.
		expect(m.executions).toBeLessThanOrEqual(2);
	});

	test('(c1) two at the same moment to one webhook process, then the third: every delivery answered 200; executions measured', async () => {
		const m = await measure('(c1) two at once, one process', 'queue-never-c1', [[0, 0], [0]], 1);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.executions).toBeGreaterThanOrEqual(1);
		expect(m.executions).toBeLessThanOrEqual(2);
	});

	test('(c2) two at the same moment, one to each webhook process, then the third: every delivery answered 200; executions measured', async () => {
		const m = await measure('(c2) two at once, two processes', 'queue-never-c2', [[0, 1], [0]], 1);
		expect(m.statuses).toEqual([200, 200, 200]);
		expect(m.executions).toBeGreaterThanOrEqual(1);
		expect(m.executions).toBeLessThanOrEqual(2);
	});
});
