/**
 * Before a wait registers its webhook, the webhooks earlier waits left on the agent or campaign are deleted
 * (nodes/Talkover/wait/sweep.ts): only a wait's webhook delivering to this n8n, when its time is over or its
 * address says the execution no longer waits (n8n's own words, never a proxy's); one at the wait's very address
 * is handed back for the wait to delete once its own is there. Talkover's answers and n8n's answers at the
 * addresses are scripted; the clock is the test's.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { NO_WAIT_HERE } from '../../../nodes/Talkover/wait/address';
import { PROBES_PER_WAIT, sweepOwner, waitingBase } from '../../../nodes/Talkover/wait/sweep';
import { waitWebhookName } from '../../../nodes/Talkover/wait/webhooks';
import { START, useTestClock } from '../../helpers/clock';
import { NODE } from '../../helpers/context';

const clock = useTestClock();
const MIN = 60_000;
const AGENT = 'agent-1';
const BASE = 'https://n8n.example/webhook-waiting/';

let executions = 0;
/** A resume address of a new execution (each test its own: the node remembers which addresses it asked). */
const addressOf = (node = 'node-1', execution = `e${++executions}`) => `${BASE}${execution}/${node}`;

type N8nAnswer = { statusCode: number; body?: unknown } | Error;

const n8nSays = (statusCode: number, message: string): N8nAnswer => ({ statusCode, body: { code: statusCode, message } });
const WAITING: N8nAnswer = { statusCode: 401, body: { message: 'The request carries no valid secret' } };

interface Setup {
	webhooks?: unknown;
	/** Talkover's answer to the list (instead of the webhooks). */
	listAnswer?: { statusCode: number; body?: unknown };
	/** n8n's answer at each address (a waiting execution's node by default). */
	n8n?: Record<string, N8nAnswer>;
	mode?: string;
}

function setUp({ webhooks = [], listAnswer, n8n = {}, mode }: Setup) {
	const talkover: string[] = [];
	const probes: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiToken: 'talq_secret', baseUrl: 'http://talkover.test' }),
		...(mode ? { getMode: () => mode } : {}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const path = String(request.url).replace(/^https?:\/\/[^/]+/, '');
				talkover.push(`${request.method} ${path}`);
				if (request.method === 'GET') return listAnswer ?? { statusCode: 200, headers: {}, body: { success: true, data: { webhooks } } };
				return { statusCode: 200, headers: {}, body: { success: true, message: 'Webhook deleted successfully' } };
			},
			httpRequest: async (options: IHttpRequestOptions) => {
				probes.push(options);
				const answer = n8n[String(options.url)] ?? WAITING;
				if (answer instanceof Error) throw answer;
				return answer;
			},
		},
	};
	return {
		ctx: ctx as never,
		talkover,
		probes,
		asked: () => probes.map((p) => p.url),
		deleted: () => talkover.filter((r) => r.startsWith('DELETE')).map((r) => r.split('/').at(-1)),
	};
}

const webhook = (id: string | number | undefined, url: string, until = START + 30 * MIN, name = waitWebhookName('7', until)): IDataObject => ({ ...(id !== undefined ? { id } : {}), agent_id: AGENT, name, webhook_url: url, events: [] });

describe('the part of a resume address all the waits of this n8n share', () => {
	test('the origin and the path before the execution and the node', () => {
		expect(waitingBase('https://n8n.example/webhook-waiting/7/node-1')).toBe(BASE);
		expect(waitingBase('https://n8n.example:5678/sub/webhook-waiting/7/node-1?signature=x')).toBe('https://n8n.example:5678/sub/webhook-waiting/');
		expect(waitingBase('https://n8n.example/7/node-1')).toBe('https://n8n.example/');
	});

	test('no base from an address that is no address, or too short a path', () => {
		expect(waitingBase('not an address')).toBeUndefined();
		expect(waitingBase('https://n8n.example/7')).toBeUndefined();
		expect(waitingBase('https://n8n.example')).toBeUndefined();
	});

	test('an address without a base sweeps nothing and asks Talkover nothing', async () => {
		const run = setUp({ webhooks: [webhook('w1', addressOf(), START - MIN)] });
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, 'https://n8n.example/7')).toEqual([]);
		expect(run.talkover).toEqual([]);
	});
});

describe('which webhooks are touched', () => {
	test('a wait’s webhook of this n8n whose time is over is deleted without asking its address', async () => {
		const run = setUp({ webhooks: [webhook('w1', addressOf(), START - 1)] });
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, addressOf())).toEqual([]);
		expect(run.talkover).toEqual([`GET /api/v1/agents/${AGENT}/webhooks`, `DELETE /api/v1/agents/${AGENT}/webhooks/w1`]);
		expect(run.probes).toEqual([]);
	});

	test('a campaign’s webhooks are read and deleted on the campaign', async () => {
		const run = setUp({ webhooks: [webhook('w1', addressOf(), START - 1)] });
		await sweepOwner(run.ctx, { campaignId: 'camp-1' }, addressOf());
		expect(run.talkover).toEqual(['GET /api/v1/campaigns/camp-1/webhooks', 'DELETE /api/v1/campaigns/camp-1/webhooks/w1']);
	});

	test('its time is over only once the moment in its name has passed: at that moment, its address is asked', async () => {
		const url = addressOf();
		const run = setUp({ webhooks: [webhook('w1', url, START)] });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.deleted()).toEqual([]);
		expect(run.asked()).toEqual([url]);
	});

	test('never touched: another name, a name without its moment, another n8n’s address, an address that is no text, no ID', async () => {
		const past = START - MIN;
		const run = setUp({
			webhooks: [
				webhook('a', addressOf(), past, 'CRM sync'),
				webhook('b', addressOf(), past, `n8n wait for outcome · execution 7 · until soon`),
				webhook('c', addressOf(), past, `n8n wait for outcomes · execution 7 · until ${new Date(past).toISOString()}`),
				webhook('d', `https://other.example/webhook-waiting/e1/node-1`, past),
				webhook('e', `https://n8n.example/webhook/e1/node-1`, past),
				{ ...webhook('f', '', past), webhook_url: 42 },
				webhook(undefined, addressOf(), past),
				webhook('', addressOf(), past),
				webhook(null as never, addressOf(), past),
				'not a webhook',
				null,
			],
		});
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, addressOf())).toEqual([]);
		expect(run.deleted()).toEqual([]);
		expect(run.probes).toEqual([]);
	});

	test('a webhook ID Talkover gives as a number is deleted by it', async () => {
		const run = setUp({ webhooks: [webhook(42, addressOf(), START - 1)] });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.deleted()).toEqual(['42']);
	});

	test('one at the wait’s very address (an earlier try of this node) is handed back, not deleted here, whatever its time', async () => {
		const own = addressOf();
		const run = setUp({ webhooks: [webhook('w1', own, START + 30 * MIN), webhook(7, own, START - MIN), webhook('w3', addressOf(), START - MIN)] });
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, own)).toEqual([
			{ agentId: AGENT, webhookId: 'w1' },
			{ agentId: AGENT, webhookId: '7' },
		]);
		expect(run.deleted()).toEqual(['w3']);
		expect(run.probes).toEqual([]);
	});

	test('a campaign’s webhook at the very address is handed back with the campaign', async () => {
		const own = addressOf();
		const run = setUp({ webhooks: [webhook('w1', own)] });
		expect(await sweepOwner(run.ctx, { campaignId: 'camp-1' }, own)).toEqual([{ campaignId: 'camp-1', webhookId: 'w1' }]);
	});
});

describe('what Talkover answers', () => {
	test('a token Talkover refuses fails the run (401, 403)', async () => {
		for (const statusCode of [401, 403]) {
			const run = setUp({ listAnswer: { statusCode, body: { success: false, error: 'Invalid API token' } } });
			await expect(sweepOwner(run.ctx, { agentId: AGENT }, addressOf())).rejects.toMatchObject({ httpCode: String(statusCode) });
		}
	});

	test('any other failure leaves the sweep to a later wait', async () => {
		const run = setUp({ listAnswer: { statusCode: 404, body: { success: false, error: 'Agent not found' } } });
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, addressOf())).toEqual([]);
		expect(run.talkover).toEqual([`GET /api/v1/agents/${AGENT}/webhooks`]);
	});

	test('a list that is no list: nothing swept', async () => {
		const run = setUp({ webhooks: { w1: webhook('w1', addressOf(), START - 1) } });
		expect(await sweepOwner(run.ctx, { agentId: AGENT }, addressOf())).toEqual([]);
		expect(run.deleted()).toEqual([]);
	});
});

describe('asking a webhook’s address whether its execution still waits', () => {
	test('asked as Talkover would deliver, without the secret: a POST with an empty JSON body, the full answer, errors as answers, 10 s at most', async () => {
		const url = addressOf();
		const run = setUp({ webhooks: [webhook('w1', url)] });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.probes).toEqual([{ method: 'POST', url, body: {}, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 10_000 }]);
	});

	test.each<[string, N8nAnswer]>([
		['n8n: the execution deleted (404)', n8nSays(404, 'The execution "12" does not exist.')],
		['n8n: the execution deleted, without the full stop', n8nSays(404, 'The execution "12" does not exist')],
		['n8n: no waiting webhook of this path (404)', n8nSays(404, 'The execution "12" does not contain a waiting webhook with a matching path/method.')],
		['n8n: no node to process it (404)', n8nSays(404, 'Could not find node to process webhook.')],
		['n8n: no node to process it, without the full stop', n8nSays(404, 'Could not find node to process webhook')],
		['the node’s own: no wait of its own there (404)', { statusCode: 404, body: { message: NO_WAIT_HERE } }],
		['n8n: the execution has finished (409)', n8nSays(409, 'The execution "12" has finished already.')],
		['n8n 2.3x+: the token the address carries refused (401)', { statusCode: 401, body: { error: 'Invalid token' } }],
	])('%s: deleted', async (_, answer) => {
		const url = addressOf();
		const run = setUp({ webhooks: [webhook('w1', url)], n8n: { [url]: answer } });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.deleted()).toEqual(['w1']);
	});

	test.each<[string, N8nAnswer]>([
		['a waiting execution’s node (401, its own words)', WAITING],
		['n8n: still running, placing its calls (409)', n8nSays(409, 'The execution "12" is running already.')],
		['a 409 that is not n8n’s (no code)', { statusCode: 409, body: { message: 'The execution has finished' } }],
		['a 409 whose code is text', { statusCode: 409, body: { code: '409', message: 'The execution has finished' } }],
		['a 409 naming "finished" inside another word', n8nSays(409, 'unfinished business')],
		['a proxy’s 404 (plain text)', { statusCode: 404, body: 'Not Found' }],
		['a 404 that is not n8n’s (no code), in n8n’s words', { statusCode: 404, body: { message: 'The execution "12" does not exist.' } }],
		['n8n’s 404 in other words', n8nSays(404, 'Not here')],
		['n8n’s 404 with more before its words', n8nSays(404, 'Proxy: The execution "12" does not exist.')],
		['n8n’s 404 with more after its words', n8nSays(404, 'The execution "12" does not exist. Or does it')],
		['n8n’s 404 of a node not found with more after', n8nSays(404, 'Could not find node to process webhook. Try later')],
		['n8n’s 404 of a node not found with more before', n8nSays(404, 'Proxy: Could not find node to process webhook.')],
		['n8n’s code with a message that is no text', { statusCode: 409, body: { code: 409, message: ['The execution "12" has finished already.'] } }],
		['a 404 without a body', { statusCode: 404 }],
		['a 404 whose message is empty (not the node’s words)', { statusCode: 404, body: { message: '' } }],
		['the node’s own words at another status', { statusCode: 410, body: { message: NO_WAIT_HERE } }],
		['a refused token at another status', { statusCode: 403, body: { error: 'Invalid token' } }],
		['a 401 with another error', { statusCode: 401, body: { error: 'Unauthorized' } }],
		['a 401 without a body', { statusCode: 401 }],
		['n8n’s server error outside a Retry (passing trouble)', n8nSays(500, 'Internal error')],
		['a proxy’s 502', { statusCode: 502, body: 'Bad Gateway' }],
		['n8n not reached', new Error('connect ECONNREFUSED')],
		['n8n’s finished words at another status', n8nSays(410, 'The execution "12" has finished already.')],
	])('%s: kept', async (_, answer) => {
		const url = addressOf();
		const run = setUp({ webhooks: [webhook('w1', url)], n8n: { [url]: answer } });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.asked()).toEqual([url]);
		expect(run.deleted()).toEqual([]);
	});

	test('in n8n’s Retry, n8n’s server error at the address of this same node in another execution (a crash n8n kept no data of): deleted', async () => {
		const crashed = addressOf('node-1');
		const other = addressOf('node-2');
		const proxied = addressOf('node-1');
		const run = setUp({
			mode: 'retry',
			webhooks: [webhook('w1', crashed), webhook('w2', other), webhook('w3', proxied)],
			n8n: { [crashed]: n8nSays(500, 'Cannot read the execution'), [other]: n8nSays(500, 'Cannot read the execution'), [proxied]: { statusCode: 500, body: 'Internal Server Error' } },
		});
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf('node-1'));
		expect(run.deleted()).toEqual(['w1']);
	});

	test('in n8n’s Retry, other answers at its own node’s address are read as anywhere else', async () => {
		const running = addressOf('node-1');
		const waiting = addressOf('node-1');
		const run = setUp({ mode: 'retry', webhooks: [webhook('w1', running), webhook('w2', waiting)], n8n: { [running]: n8nSays(409, 'The execution "12" is running already.'), [waiting]: n8nSays(401, 'Authorization data is wrong!') } });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf('node-1'));
		expect(run.asked()).toEqual([running, waiting]);
		expect(run.deleted()).toEqual([]);
	});

	test('outside a Retry (another mode, or a context that tells none), the same answer keeps it', async () => {
		for (const mode of ['webhook', undefined]) {
			const url = addressOf('node-1');
			const run = setUp({ mode, webhooks: [webhook('w1', url)], n8n: { [url]: n8nSays(500, 'Cannot read the execution') } });
			await sweepOwner(run.ctx, { agentId: AGENT }, addressOf('node-1'));
			expect(run.deleted()).toEqual([]);
		}
	});

	test('a node ID is the last part of the path: an address ending in a slash names no node', async () => {
		const url = `${BASE}e-slash-${++executions}/`;
		const run = setUp({ mode: 'retry', webhooks: [webhook('w1', url)], n8n: { [url]: n8nSays(500, 'Cannot read the execution') } });
		await sweepOwner(run.ctx, { agentId: AGENT }, `${BASE}e-own-${executions}/`);
		expect(run.deleted()).toEqual([]);
	});
});

describe('a few addresses per wait', () => {
	test(`at most ${PROBES_PER_WAIT}, those asked longest ago first (never asked: first)`, async () => {
		expect(PROBES_PER_WAIT).toBe(5);
		const urls = Array.from({ length: 8 }, () => addressOf());
		const webhooks = urls.map((url, i) => webhook(`w${i}`, url));
		const first = setUp({ webhooks });
		await sweepOwner(first.ctx, { agentId: AGENT }, addressOf());
		expect(first.asked()).toEqual(urls.slice(0, 5));
		clock().advance(MIN);
		const second = setUp({ webhooks });
		await sweepOwner(second.ctx, { agentId: AGENT }, addressOf());
		expect(second.asked()).toEqual([...urls.slice(5), ...urls.slice(0, 2)]);
		clock().advance(MIN);
		const third = setUp({ webhooks });
		await sweepOwner(third.ctx, { agentId: AGENT }, addressOf());
		// Asked a minute earlier than the others (the list’s order among those asked at the same moment).
		expect(third.asked()).toEqual([...urls.slice(2, 5), ...urls.slice(0, 2)]);
	});

	test('what was asked is remembered for a whole day', async () => {
		const urls = Array.from({ length: 6 }, () => addressOf());
		const webhooks = urls.map((url, i) => webhook(`w${i}`, url, START + 3 * 24 * 60 * MIN));
		await sweepOwner(setUp({ webhooks }).ctx, { agentId: AGENT }, addressOf());
		clock().advance(24 * 60 * MIN);
		const dayLater = setUp({ webhooks });
		await sweepOwner(dayLater.ctx, { agentId: AGENT }, addressOf());
		expect(dayLater.asked()).toEqual([urls[5], ...urls.slice(0, 4)]);
	});

	test('what was asked is forgotten after a day: then asked as if never', async () => {
		const urls = Array.from({ length: 6 }, () => addressOf());
		const webhooks = urls.map((url, i) => webhook(`w${i}`, url, START + 3 * 24 * 60 * MIN));
		await sweepOwner(setUp({ webhooks: webhooks.slice(1) }).ctx, { agentId: AGENT }, addressOf());
		clock().advance(24 * 60 * MIN);
		const within = setUp({ webhooks });
		await sweepOwner(within.ctx, { agentId: AGENT }, addressOf());
		expect(within.asked()[0]).toBe(urls[0]);
		expect(within.asked().slice(1)).toEqual(urls.slice(1, 5));
		clock().advance(24 * 60 * MIN + 1);
		// urls[1..5] asked 2 days and 1 ms ago (forgotten), urls[0] and urls[1..4] a day and 1 ms ago (forgotten too): the list's order.
		const after = setUp({ webhooks });
		await sweepOwner(after.ctx, { agentId: AGENT }, addressOf());
		expect(after.asked()).toEqual(urls.slice(0, 5));
	});

	test('in a Retry, the addresses of its own node come first', async () => {
		const others = Array.from({ length: 5 }, () => addressOf('node-2'));
		const own = addressOf('node-1');
		const run = setUp({ mode: 'retry', webhooks: [...others.map((url, i) => webhook(`o${i}`, url)), webhook('own', own)] });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf('node-1'));
		expect(run.asked()).toEqual([own, ...others.slice(0, 4)]);
	});

	test('a webhook whose time is over and those deleted after asking go in one pass; those kept stay', async () => {
		const gone = addressOf();
		const waiting = addressOf();
		const run = setUp({ webhooks: [webhook('old', addressOf(), START - MIN), webhook('gone', gone), webhook('waiting', waiting)], n8n: { [gone]: n8nSays(404, 'The execution "9" does not exist.') } });
		await sweepOwner(run.ctx, { agentId: AGENT }, addressOf());
		expect(run.deleted()).toEqual(['old', 'gone']);
	});
});
