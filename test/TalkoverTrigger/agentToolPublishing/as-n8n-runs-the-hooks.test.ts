/**
 * The Agent Tool's publish and unpublish keep a published agent published, whatever step fails. Talkover
 * sets an agent to draft on any change of its actions; the node publishes it again. The hooks run here
 * exactly as n8n's ActiveWorkflowManager runs them (N8nActivation below), because how n8n saves a
 * workflow's static data decides what the node can remember after a failure.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, INode, Workflow } from 'n8n-workflow';

import { setClock } from '../../../nodes/shared/transport/clock';
import { forgetUnsavedRecords } from '../../../nodes/TalkoverTrigger/sources/agentToolRecords';
import { deletionsEnded, forgetDeletionsWaiting, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';
import { ACTIONS, AGENT, hookContext, hooks, LOOK_UP_CALLER, PUBLISH, TOOL_URL, toolWorkflow } from '../../helpers/agentToolWorkflow';
import { useTestClock } from '../../helpers/clock';
import { SALES_AGENT, SUPPORT_AGENT, until, useSandbox } from '../../helpers/fixtures';
import { SEEDED_ACTION } from '../../helpers/seed';

const { sandbox, credentials, clock: sandboxClock } = useSandbox();
/** The clock the node runs on (a describe with its own test clock sets it): an unpublish's grace passes on it. */
let nodeClock = sandboxClock;
const SERVER_ERROR = { success: false, message: 'Internal server error.' };

/** The tool with its phone input only and no options. */
const PARAMETERS: IDataObject = { ...LOOK_UP_CALLER, inputs: { values: [LOOK_UP_CALLER.inputs.values[0]] }, toolOptions: {} };

/**
 * The order in which n8n runs a trigger's webhook methods and saves its static data, read from
 * ActiveWorkflowManager (dist/active-workflow-manager.js and workflows/workflow.service.js) of n8n 2.8.4;
 * n8n 1.123.81's dist has the same add()/remove()/clearWebhooks():
 * - publish: add(): a Workflow built from the saved static data, checkExists then create when it answers
 *   false; the static data is saved only when both succeeded. When they fail, clearWebhooks() runs at once:
 *   delete() on a Workflow built from the SAVED static data (not the failed hook's), saved only if delete()
 *   succeeds; its own error only logged; then the error of add() is shown and the workflow is not published.
 * - re-publish (a published workflow saved again): remove() (clearWebhooks(), its error only logged), then add().
 * - unpublish: remove().
 * - n8n starting: add() with activation `init` for every published workflow.
 * n8n 2.41.1 (dist/workflows/workflow.service.js _addToActiveWorkflowManager) runs the same add(), and when
 * it fails, remove() once more after add()'s own clearWebhooks() (`rollBackWithRemove`).
 */
interface N8nLine {
	name: string;
	rollBackWithRemove: boolean;
}
const LINES: N8nLine[] = [
	{ name: 'n8n 2.8.4 and 1.123.81', rollBackWithRemove: false },
	{ name: 'n8n 2.41.1', rollBackWithRemove: true },
];
let line: N8nLine = LINES[0];

class N8nActivation {
	/** The workflow's static data as n8n's database holds it. */
	saved: IDataObject = {};
	parameters: IDataObject;
	logged: string[] = [];
	private published = false;

	constructor(parameters: IDataObject = PARAMETERS) {
		this.parameters = parameters;
	}

	private workflow(): { workflow: Workflow; node: INode } {
		return toolWorkflow(this.parameters, JSON.parse(JSON.stringify(this.saved)) as IDataObject);
	}

	private context(workflow: Workflow, node: INode, mode: 'trigger' | 'internal', activation: 'activate' | 'update' | 'init') {
		return hookContext(workflow, node, credentials(), mode, activation, { isTest: false } as never);
	}

	private save(workflow: Workflow): void {
		const data = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		delete data.__dataChanged;
		this.saved = data;
	}

	private async clearWebhooks(): Promise<void> {
		const { workflow, node } = this.workflow();
		await hooks.delete.call(this.context(workflow, node, 'internal', 'update'));
		this.save(workflow);
	}

	private async add(activation: 'activate' | 'update' | 'init'): Promise<void> {
		const { workflow, node } = this.workflow();
		try {
			if (!(await hooks.checkExists.call(this.context(workflow, node, 'trigger', activation)))) await hooks.create.call(this.context(workflow, node, 'trigger', activation));
		} catch (error) {
			try {
				await this.clearWebhooks();
			} catch (error1) {
				this.logged.push((error1 as Error).message);
			}
			this.published = false;
			if (line.rollBackWithRemove) await this.remove();
			throw error;
		}
		this.save(workflow);
		this.published = true;
	}

	private async remove(): Promise<void> {
		try {
			await this.clearWebhooks();
		} catch (error) {
			this.logged.push((error as Error).message);
		}
	}

	/** Publish (or, when published, publish the saved workflow again). */
	async publish(): Promise<void> {
		if (this.published) {
			await this.remove();
			await this.add('update');
		} else {
			await this.add('activate');
		}
	}

	/** n8n started again: every published workflow is added (`init`), nothing removed first. */
	async restart(): Promise<void> {
		if (this.published) await this.add('init');
	}

	/** Unpublish, its grace not passed yet: remove() only. */
	async unpublishing(): Promise<void> {
		await this.remove();
		this.published = false;
	}

	/** Unpublish: remove(), then its grace passes and the deletion it left ends (unpublishLater.ts). */
	async unpublish(): Promise<void> {
		await this.remove();
		this.published = false;
		nodeClock().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
	}
}

const status = (agentId = SALES_AGENT) => sandbox().agents.find((a) => a.id === agentId)?.current_status;
const actionsOf = (agentId = SALES_AGENT) => (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === agentId);
const faults = () => (sandbox() as unknown as { faults: unknown[] }).faults;

/** Create Action acts (the action is made, the agent set to draft) and then answers 500. */
function createActsThenFails(agentId = SALES_AGENT): void {
	sandbox().inject({
		method: 'POST',
		path: `/api/v1/agents/${agentId}/actions`,
		reply: (request) => {
			const sb = sandbox() as unknown as { agentActions: IDataObject[] };
			sb.agentActions.push({ id: randomUUID(), agent_id: agentId, ...(request.body as IDataObject) });
			const agent = sandbox().agents.find((a) => a.id === agentId);
			if (agent) agent.current_status = 'draft';
			return { status: 500, body: SERVER_ERROR };
		},
	});
}

beforeEach(() => forgetUnsavedRecords());

describe('publishing again within 10 seconds of the unpublish (n8n 1.123 and 2.8 re-publish as remove(), then add())', () => {
	/** The requests that change the agent (each sets it to draft) or publish it. */
	const changes = () => sandbox().requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

	test('nothing changed: the action is kept, the agent never set to draft (no delete, no create, no publish), and no deletion comes later', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [action] = actionsOf();
		sandbox().requests.length = 0;
		await n8n.publish();
		nodeClock().advance(UNPUBLISH_GRACE_MS * 3);
		await deletionsEnded();
		expect(changes()).toEqual([]);
		expect(actionsOf().map((a) => a.id)).toEqual([action.id]);
		expect(status()).toBe('published');
		expect(n8n.saved['node:Talkover Trigger']).toMatchObject({ actionId: action.id });
		expect(n8n.saved['node:Talkover Trigger']).not.toHaveProperty('toolUnpublishedAt');
		expect(n8n.saved['node:Talkover Trigger']).not.toHaveProperty('publishAgain');
	});

	test('a setting changed: the action is replaced once and the agent published once, and no deletion comes later', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [old] = actionsOf();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		sandbox().requests.length = 0;
		await n8n.publish();
		nodeClock().advance(UNPUBLISH_GRACE_MS * 3);
		await deletionsEnded();
		expect(changes()).toEqual([`DELETE ${ACTIONS}/${String(old.id)}`, `POST ${ACTIONS}`, `POST ${PUBLISH}`]);
		expect(actionsOf().map((a) => a.description)).toEqual(['Finds the caller']);
		expect(status()).toBe('published');
	});

	test('published again after the grace: the action was deleted when the grace ended (the agent published again), and the publish creates it anew', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [old] = actionsOf();
		sandbox().requests.length = 0;
		await n8n.unpublish();
		expect(changes()).toEqual([`DELETE ${ACTIONS}/${String(old.id)}`, `POST ${PUBLISH}`]);
		expect(actionsOf()).toEqual([]);
		await n8n.publish();
		expect(changes()).toEqual([`DELETE ${ACTIONS}/${String(old.id)}`, `POST ${PUBLISH}`, `POST ${ACTIONS}`, `POST ${PUBLISH}`]);
		expect(actionsOf()).toHaveLength(1);
		expect(status()).toBe('published');
	});

	test('the unpublish waits: nothing is deleted before its grace has passed, and the agent stays published meanwhile', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().requests.length = 0;
		await n8n.unpublishing();
		nodeClock().advance(UNPUBLISH_GRACE_MS - 1);
		await deletionsEnded();
		expect(changes()).toEqual([]);
		expect(status()).toBe('published');
		nodeClock().advance(1);
		await deletionsEnded();
		expect(changes()).toHaveLength(2);
		expect(actionsOf()).toEqual([]);
	});

	test('n8n stopped within the grace (the deletion never ran): the next publish, in the new process, replaces the action; one tool, the agent published', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [old] = actionsOf();
		await n8n.unpublishing();
		forgetDeletionsWaiting();
		forgetUnsavedRecords();
		sandbox().requests.length = 0;
		await n8n.publish();
		nodeClock().advance(UNPUBLISH_GRACE_MS * 3);
		await deletionsEnded();
		expect(changes()).toEqual([`DELETE ${ACTIONS}/${String(old.id)}`, `POST ${ACTIONS}`, `POST ${PUBLISH}`]);
		expect(actionsOf()).toHaveLength(1);
		expect(status()).toBe('published');
	});

	test('Listen for test event within the grace neither keeps nor touches the action: it is deleted when the grace ends, the agent published again', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [old] = actionsOf();
		await n8n.unpublishing();
		sandbox().requests.length = 0;
		// The editor's test webhook, as n8n 2.x runs it (TestWebhooks): its own empty static data.
		const { workflow, node } = toolWorkflow(PARAMETERS);
		expect(await hooks.checkExists.call(hookContext(workflow, node, credentials(), 'manual', 'manual', { isTest: true } as never))).toBe(true);
		await hooks.delete.call(hookContext(workflow, node, credentials(), 'internal', 'update', { isTest: true } as never));
		expect(changes()).toEqual([]);
		nodeClock().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
		expect(changes()).toEqual([`DELETE ${ACTIONS}/${String(old.id)}`, `POST ${PUBLISH}`]);
		expect(actionsOf()).toEqual([]);
		expect(status()).toBe('published');
	});

	test('a setting changed and Talkover answers 500 to the new action after the old one was deleted: the agent is published again by n8n’s clean-up, and the next publish makes the tool', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		sandbox().inject({ method: 'POST', path: ACTIONS, status: 500, body: SERVER_ERROR });
		await expect(n8n.publish()).rejects.toThrow(/HTTP 500|Internal server error/);
		expect(status()).toBe('published');
		expect(actionsOf()).toEqual([]);
		nodeClock().advance(UNPUBLISH_GRACE_MS * 3);
		await deletionsEnded();
		expect(status()).toBe('published');
		await n8n.publish();
		expect(actionsOf().map((a) => a.description)).toEqual(['Finds the caller']);
		expect(status()).toBe('published');
	});
});

describe.each(LINES)('a published agent stays published when a step of publishing the tool fails (hooks run in the order of $name)', (thisLine) => {
	beforeEach(() => {
		line = thisLine;
	});
	afterAll(() => {
		line = LINES[0];
	});

	test('re-publishing a changed tool, the one publish of the agent after replacing the action answers 500: n8n’s clean-up publishes it at once, and the next publish leaves one tool', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR });
		await expect(n8n.publish()).rejects.toThrow(/is now in draft/);
		expect(n8n.logged).toEqual([]); // the clean-up's publish succeeded
		expect(status()).toBe('published');
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf().map((a) => a.description)).toEqual(['Finds the caller']);
	});

	test('publishing keeps failing during a re-publish (n8n shows the error, the workflow is not published): the next publish publishes the agent', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR, times: Infinity } as never);
		await expect(n8n.publish()).rejects.toThrow(/is now in draft/);
		expect(status()).toBe('draft');
		faults().length = 0;
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('Talkover answers the publish with the agent still in draft: not taken as published, the next publish publishes it', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		const draft = { success: true, message: 'Agent published successfully', data: { id: SALES_AGENT, name: 'SalesBot', current_status: 'draft' } };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 200, body: draft, times: Infinity } as never);
		await expect(n8n.publish()).rejects.toThrow(/is now in draft.*status draft/s);
		faults().length = 0;
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('Create Action acts and then answers 500 (first publish): the agent is published again at once, the half-made action deleted, and the next publish makes the tool', async () => {
		const n8n = new N8nActivation();
		createActsThenFails();
		await expect(n8n.publish()).rejects.toThrow(/HTTP 500|Internal server error/);
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(0);
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
		expect(n8n.saved['node:Talkover Trigger']).toMatchObject({ actionId: actionsOf()[0].id });
	});

	test('Create Action acts and then answers 500 at a re-publish, and n8n’s clean-up fails to publish the agent too: published by the next hook (2.41.1’s extra remove(), else the next publish)', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		createActsThenFails();
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR, times: 1 } as never);
		await expect(n8n.publish()).rejects.toThrow();
		expect(status()).toBe(line.rollBackWithRemove ? 'published' : 'draft');
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf().map((a) => a.description)).toEqual(['Finds the caller']);
	});

	test('unpublish: the publish after deleting the action answers 500 (n8n only logs it, the workflow is unpublished): the next publish publishes the agent', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR });
		await n8n.unpublish();
		expect(n8n.logged).toEqual([]); // a failed publish is delete()'s warning, not its error: n8n saves the record
		expect(status()).toBe('draft');
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('unpublish fails to publish the agent, then the workflow is published and unpublished again: the agent ends published, without the tool', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR });
		await n8n.unpublish();
		await n8n.publish();
		await n8n.unpublish();
		expect(n8n.logged).toEqual([]);
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(0);
	});

	test('unpublish fails to publish the agent and n8n restarts before the next publish: the next publish publishes the agent', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR });
		await n8n.unpublish();
		expect(status()).toBe('draft');
		forgetUnsavedRecords(); // n8n restarted: only what n8n saved is left
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('a publish fails at both publishes (the tool’s, then n8n’s clean-up) and n8n restarts: the next publish publishes the agent', async () => {
		const n8n = new N8nActivation();
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: SERVER_ERROR, times: 2 } as never);
		await expect(n8n.publish()).rejects.toThrow(/is now in draft/);
		forgetUnsavedRecords();
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('Talkover replaced the user’s action on the chosen Flow Node: the agent is published again, the error says so', async () => {
		const n8n = new N8nActivation({ ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT }, toolOptions: { flowNodeId: 'action-node-456' } });
		await expect(n8n.publish()).rejects.toThrow(/Talkover replaced the agent's action "Schedule Meeting"/);
		expect(status(SUPPORT_AGENT)).toBe('published');
	});
});

describe('the user’s action Talkover replaced with the tool is never deleted by the node', () => {
	const onSupport = (flowNodeId: string) => ({ ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT }, toolOptions: { flowNodeId } });
	const seeded = () => actionsOf(SUPPORT_AGENT).find((a) => a.id === SEEDED_ACTION);

	test('following the error’s advice (another Flow Node, publish again): the replaced action is kept, the tool gets its own; unpublish keeps it too', async () => {
		const n8n = new N8nActivation(onSupport('action-node-456'));
		let error: { message?: string; description?: string } | undefined;
		await n8n.publish().catch((e) => (error = e));
		expect(error?.message).toContain('this node never deletes it');
		expect(seeded()?.url).toBe(TOOL_URL);
		n8n.parameters = onSupport('node-book');
		await n8n.publish();
		expect(seeded()).toBeDefined();
		expect(sandbox().requestsTo('DELETE', `/api/v1/agents/${SUPPORT_AGENT}/actions/${SEEDED_ACTION}`)).toEqual([]);
		expect(actionsOf(SUPPORT_AGENT)).toHaveLength(2);
		await n8n.unpublish();
		expect(seeded()).toBeDefined();
		expect(actionsOf(SUPPORT_AGENT).map((a) => a.id)).toEqual([SEEDED_ACTION]);
		expect(status(SUPPORT_AGENT)).toBe('published');
	});

	test('the same Flow Node again: refused again, the replaced action kept', async () => {
		const n8n = new N8nActivation(onSupport('action-node-456'));
		await expect(n8n.publish()).rejects.toThrow(/Talkover replaced/);
		await expect(n8n.publish()).rejects.toThrow(/Talkover replaced/);
		expect(seeded()).toBeDefined();
		expect(sandbox().requestsTo('DELETE', `/api/v1/agents/${SUPPORT_AGENT}/actions/${SEEDED_ACTION}`)).toEqual([]);
	});
});

describe('openapi.json’s Get Agent (`status`, not `current_status`)', () => {
	/** Get Agent answers openapi.json's bare Agent, with the sandbox's state as `status`. */
	const openapiAgent = () =>
		sandbox().inject({
			method: 'GET',
			path: AGENT,
			times: Infinity,
			reply: () => {
				const agent = sandbox().agents.find((a) => a.id === SALES_AGENT)!;
				return { status: 200, body: { id: agent.id, name: agent.name, label: agent.label, status: agent.current_status } };
			},
		} as never);

	test('a published agent is published again after publishing and after unpublishing the tool', async () => {
		openapiAgent();
		const n8n = new N8nActivation();
		await n8n.publish();
		expect(sandbox().requestsTo('POST', PUBLISH)).toHaveLength(1);
		expect(status()).toBe('published');
		await n8n.unpublish();
		expect(sandbox().requestsTo('POST', PUBLISH)).toHaveLength(2);
		expect(status()).toBe('published');
	});

	test('an agent answer without any status: an error before anything is changed (never taken as draft)', async () => {
		const n8n = new N8nActivation({ ...PARAMETERS, toolDescription: 'Finds the caller' });
		await n8n.publish();
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller, again' };
		sandbox().inject({ method: 'GET', path: AGENT, status: 200, body: { id: SALES_AGENT, name: 'SalesBot' }, times: Infinity } as never);
		sandbox().requests.length = 0;
		await expect(n8n.publish()).rejects.toThrow("Talkover's answer could not be read: the agent's status is missing");
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(status()).toBe('published');
	});
});

describe('a webhook action of the user’s without `url` does not block the tool', () => {
	/** List Actions shows the user's webhook action without `url` (openapi.json's Action: its `config` only). */
	const userActionWithoutUrl = () =>
		sandbox().inject({
			method: 'GET',
			path: ACTIONS,
			times: Infinity,
			reply: () => ({
				status: 200,
				body: { success: true, data: [{ id: 'ac710000-0000-4000-8000-0000000000aa', name: 'CRM hook', type: 'webhook', config: null }, ...actionsOf().map((a) => ({ id: a.id, name: a.name, type: a.type, url: a.url }))] },
			}),
		} as never);

	test('publish, then re-publish a changed tool (remove, then add): the agent keeps the tool, published', async () => {
		userActionWithoutUrl();
		const n8n = new N8nActivation();
		await n8n.publish();
		expect(actionsOf()).toHaveLength(1);
		n8n.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		await n8n.publish();
		expect(n8n.logged).toEqual([]);
		expect(actionsOf().map((a) => a.description)).toEqual(['Finds the caller']);
		expect(status()).toBe('published');
	});

	test('a list that shows no action’s url: after an n8n restart the tool’s own action (its recorded ID) is kept when nothing changed', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().inject({ method: 'GET', path: ACTIONS, times: Infinity, reply: () => ({ status: 200, body: { success: true, data: actionsOf().map((a) => ({ id: a.id, name: a.name, type: a.type, config: null })) } }) } as never);
		sandbox().requests.length = 0;
		const first = actionsOf()[0].id;
		await n8n.restart();
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(actionsOf().map((a) => a.id)).toEqual([first]);
	});
});

describe.each(LINES)('Talkover fails halfway through removing or creating the tool’s action (hooks run in the order of $name)', (thisLine) => {
	const halfwayClock = useTestClock();
	beforeEach(() => {
		nodeClock = halfwayClock;
		line = thisLine;
	});
	afterAll(() => {
		line = LINES[0];
		nodeClock = sandboxClock;
	});

	/** Every request to Talkover answers 503 until the test clears the faults (an outage). */
	const outage = () => sandbox().inject({ status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity } as never);

	test('unpublish: Delete Action acts and then fails, and Talkover stays down: the agent is published by the next publish, also after an n8n restart', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		const [action] = actionsOf();
		sandbox().inject({
			method: 'DELETE',
			path: `${ACTIONS}/${String(action.id)}`,
			reply: () => {
				const sb = sandbox() as unknown as { agentActions: IDataObject[] };
				sb.agentActions.splice(sb.agentActions.indexOf(action), 1);
				const agent = sandbox().agents.find((a) => a.id === SALES_AGENT);
				if (agent) agent.current_status = 'draft';
				outage();
				return { status: 500, body: SERVER_ERROR };
			},
		});
		await n8n.unpublish();
		// Nothing thrown: n8n would only log it and keep the static data of before (without the record).
		expect(n8n.logged).toEqual([]);
		expect(status()).toBe('draft');
		faults().length = 0;
		forgetUnsavedRecords(); // n8n restarted: only what n8n saved is left
		await n8n.publish();
		expect(status()).toBe('published');
		expect(actionsOf()).toHaveLength(1);
	});

	test('unpublish: Delete Action fails without acting: the action stays on record and the next unpublish deletes it', async () => {
		const n8n = new N8nActivation();
		await n8n.publish();
		sandbox().inject({ method: 'DELETE', status: 500, body: SERVER_ERROR, times: Infinity } as never);
		await n8n.unpublish();
		expect(n8n.logged).toEqual([]);
		expect(actionsOf()).toHaveLength(1);
		faults().length = 0;
		forgetUnsavedRecords();
		await n8n.publish();
		await n8n.unpublish();
		expect(actionsOf()).toHaveLength(0);
		expect(status()).toBe('published');
	});

	test('first publish: Create Action acts and then answers 500: the half-made action is deleted at once (it would call a workflow that is not published), the agent stays published', async () => {
		const n8n = new N8nActivation();
		createActsThenFails();
		await expect(n8n.publish()).rejects.toThrow();
		expect(actionsOf()).toHaveLength(0);
		expect(status()).toBe('published');
	});

	test('first publish: Create Action acts and then fails, and the clean-up cannot list the actions: the error says an action may be left in Talkover', async () => {
		const n8n = new N8nActivation();
		sandbox().inject({
			method: 'POST',
			path: ACTIONS,
			reply: (request) => {
				const sb = sandbox() as unknown as { agentActions: IDataObject[] };
				sb.agentActions.push({ id: randomUUID(), agent_id: SALES_AGENT, ...(request.body as IDataObject) });
				sandbox().inject({ method: 'GET', path: ACTIONS, status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity } as never);
				return { status: 500, body: SERVER_ERROR };
			},
		});
		let error: { message?: string } | undefined;
		await n8n.publish().catch((e) => (error = e));
		expect(error?.message).toContain('Talkover may have created the action "look_up_caller"');
	});
});

describe.each(LINES)('Talkover too slow for n8n’s publication: each hook ends within its time (hooks run in the order of $name)', (thisLine) => {
	const clock = useTestClock();
	// The requests' deadlines run on the test clock too (useTestClock leaves them on the system's timer).
	let restoreClock: () => void = () => {};
	beforeEach(() => {
		line = thisLine;
		const test = clock();
		restoreClock = setClock({ now: test.now, sleep: test.sleep, random: test.random, alarm: test.alarm, timer: test.timer });
	});
	afterEach(() => restoreClock());
	afterAll(() => {
		line = LINES[0];
	});

	test('Create Action answered only after the hook’s 15 s, acting late: the publish fails by then; the next publish leaves one tool and the agent published', async () => {
		const n8n = new N8nActivation();
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		sandbox().inject({ method: 'POST', path: ACTIONS, until: () => gate, times: 1 });
		const publishing = n8n.publish().then(
			() => undefined,
			(error: Error) => error,
		);
		await until(() => sandbox().requestsTo('POST', ACTIONS).length === 1);
		clock().advance(15_000);
		const error = await publishing;
		expect(error?.message).toMatch(/Talkover did not answer within 15 seconds/);
		// Talkover makes the action late (the agent goes to draft), after n8n gave the publish up.
		open();
		await until(() => actionsOf().length === 1);
		await n8n.publish();
		expect(actionsOf()).toHaveLength(1);
		expect(status()).toBe('published');
	});
});
