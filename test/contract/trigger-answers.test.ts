/**
 * The Talkover Trigger's requests: each of them (list, create and delete the webhook, on an
 * agent or a campaign) × every answer Talkover documents for that route (its page's examples and
 * openapi.json's, from documented-answers.json, never retyped), plus the errors documented for every
 * route (authentication.mdx's 401s, introduction.mdx's error shape). The activation functions run through
 * n8n-core's HookContext, as in test/TalkoverTrigger/*.test.ts. A documented success must activate or deactivate;
 * a documented error must fail with Talkover's own words (or code), and never lose the webhook's record. An
 * unpublish never fails: its deletion, once its grace has passed, writes a documented error to n8n's log.
 */
import { HookContext } from 'n8n-core';
import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../nodes/TalkoverTrigger/sources/unpublishLater';
import { additionalDataFor } from '../helpers/n8n';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import type { DocumentedAnswer } from './documented';
import { DOCUMENTED, answersOf, codeOf, isRoute, messageOf, recordOf } from './documented';

const { sandbox, credentials, clock } = useSandbox();
const TYPE = 'n8n-nodes-talkover.talkoverTrigger';
const NODE_WEBHOOK_ID = '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c';
const RECORDED = '9fcafbf2-7593-44d6-8cd7-1b221beba62a';

type Kind = 'agent' | 'campaign';

const PARAMETERS: Record<Kind, IDataObject> = {
	agent: { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} },
	campaign: { source: 'campaign', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }, campaignEvents: ['campaign.completed'], options: {} },
};

function setUp(kind: Kind, staticData: IDataObject = {}) {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = { id: 't', name: 'Talkover Trigger', type: TYPE, typeVersion: 1, position: [0, 0], webhookId: NODE_WEBHOOK_ID, parameters: PARAMETERS[kind], credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as unknown as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', name: 'Call ended → CRM', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${node.name}`]: staticData } });
	const additional = { ...additionalDataFor(credentials()), webhookBaseUrl: 'http://127.0.0.1:9/webhook' };
	/** What the hooks (and the deletion after an unpublish) wrote to n8n's log. */
	const logged: string[] = [];
	const hooks = () => {
		const context = new HookContext(workflow, node, additional, 'trigger', 'activate');
		const log = (text: unknown) => void logged.push(String(text));
		Object.defineProperty(context, 'logger', { value: { info: log, warn: log, error: log, debug: () => undefined } });
		return context;
	};
	const methods = nodeType.webhookMethods!.default as Record<string, (this: unknown) => Promise<boolean>>;
	return {
		checkExists: () => methods.checkExists.call(hooks()),
		create: () => methods.create.call(hooks()),
		/** The unpublish, and its deletion once the grace has passed (unpublishLater.ts). */
		async unpublish(): Promise<boolean> {
			const done = await methods.delete.call(hooks());
			clock().advance(UNPUBLISH_GRACE_MS);
			await deletionsEnded();
			return done;
		},
		logged,
		staticData: () => workflow.staticData[`node:${node.name}`] as IDataObject,
	};
}

type Request = 'list' | 'create' | 'delete';

const ROUTES: Record<Kind, Record<Request, string>> = {
	agent: { list: 'GET /agents/{}/webhooks', create: 'POST /agents/{}/webhooks', delete: 'DELETE /agents/{}/webhooks/{}' },
	campaign: { list: 'GET /campaigns/{}/webhooks', create: 'POST /campaigns/{}/webhooks', delete: 'DELETE /campaigns/{}/webhooks/{}' },
};

/** Errors documented for every route (pages without a route of their own). */
const EVERY_ROUTE = DOCUMENTED.answers.filter((a) => a.route === null && a.status >= 400);

const rowName = (answer: DocumentedAnswer) => `${answer.status} ${answer.id}${answer.source.title ?? answer.source.heading ? ` (${answer.source.title ?? answer.source.heading})` : ''}`;

const ROWS = (['agent', 'campaign'] as Kind[]).flatMap((kind) =>
	(['list', 'create', 'delete'] as Request[]).flatMap((request) =>
		[...answersOf(ROUTES[kind][request]), ...EVERY_ROUTE].map((answer) => ({ kind, request, route: ROUTES[kind][request], answer, name: `${kind} ${request} (${ROUTES[kind][request]}): ${rowName(answer)}` })),
	),
);

/** Talkover's own words of a documented error, in the node's error. */
function expectTalkoversWords(error: unknown, answer: DocumentedAnswer) {
	const said = [messageOf(answer.body), codeOf(answer.body)].filter((s): s is string => s !== undefined);
	const { message, description } = error as { message: string; description?: string };
	if (said.length) expect(said.filter((s) => `${message}\n${description ?? ''}`.includes(s))).not.toEqual([]);
}

test('each of the trigger’s requests has a documented success, for agents and campaigns', () => {
	for (const kind of ['agent', 'campaign'] as Kind[]) {
		for (const route of Object.values(ROUTES[kind])) {
			expect({ route, successes: answersOf(route).filter((a) => a.status < 300 && a.source.file !== 'openapi.json').length > 0 }).toEqual({ route, successes: true });
		}
	}
	expect(EVERY_ROUTE.map((a) => a.id)).toEqual(['authentication.mdx#0', 'authentication.mdx#1', 'authentication.mdx#2', 'introduction.mdx#1']);
});

describe.each(['list', 'create', 'delete'] as Request[])('trigger %s', (request) => {
	test.each(ROWS.filter((r) => r.request === request))('$name', async ({ kind, route, answer }) => {
		sandbox().inject({ status: answer.status, body: answer.body ?? '', times: Infinity, when: isRoute(route) });
		const success = answer.status < 300;
		if (request === 'list') {
			// No webhook of this node's URL in a documented list (theirs point at example.com): "not registered".
			const t = setUp(kind);
			if (success) {
				await expect(t.checkExists()).resolves.toBe(false);
				expect(sandbox().requests.filter((r) => r.method === 'DELETE')).toEqual([]);
			} else {
				const error = await t.checkExists().then(() => undefined, (e: unknown) => e);
				expect(error).toBeDefined();
				expectTalkoversWords(error, answer);
			}
		} else if (request === 'create') {
			const t = setUp(kind);
			if (success) {
				await expect(t.create()).resolves.toBe(true);
				expect(t.staticData().webhookId).toBe((recordOf(answer.body) as IDataObject).id);
				expect(t.staticData()[`${kind}Id`]).toBe(kind === 'agent' ? SALES_AGENT : ACTIVE_CAMPAIGN);
			} else {
				const error = await t.create().then(() => undefined, (e: unknown) => e);
				expect(error).toBeDefined();
				expectTalkoversWords(error, answer);
				expect(t.staticData().webhookId).toBeUndefined();
			}
		} else {
			const t = setUp(kind, { webhookId: RECORDED, [`${kind}Id`]: kind === 'agent' ? SALES_AGENT : ACTIVE_CAMPAIGN, secret: 'a'.repeat(64) }); // a secret as the node makes it (256 bits in hex)
			// The unpublish never fails: the deletion runs once its grace has passed. A 404 (the webhook or its agent
			// is gone) is what deleting wants; any other error is in n8n's log, in Talkover's words.
			await expect(t.unpublish()).resolves.toBe(true);
			if (success || answer.status === 404) {
				expect(t.logged).toEqual([]);
			} else {
				expect(t.logged).toHaveLength(1);
				expectTalkoversWords({ message: t.logged[0] }, answer);
			}
			// Kept on record either way, until the next publish replaces it (never takes it back: unpublishedAt).
			expect(t.staticData()).toMatchObject({ webhookId: RECORDED, unpublishedAt: expect.any(Number) });
			expect(sandbox().requests.filter(isRoute(route))).toHaveLength(1);
		}
		expect(sandbox().requests.filter(isRoute(route)).length).toBeGreaterThan(0);
	});
});
