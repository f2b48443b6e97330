/**
 * The router (nodes/Talkover/actions/router.ts) on a context whose HTTP answers are scripted (no n8n, no
 * sandbox: fast enough to run against every mutant). The test files of what the router promises use it
 * (test/Talkover/bad-input.test.ts, test/Talkover/retry-on-fail.test.ts and the others that import it), and
 * test/Talkover/engine/recentCalls.test.ts.
 */
import type { IDataObject, IExecuteData, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import { router } from '../../nodes/Talkover/actions/router';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import type { TestClock } from './clock';
import { useTestClock } from './clock';
import type { Answer } from './http';

export const TOKEN = 'talq_router_secret';
export const AGENT = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** One item after the other, no retries: every request the tests script is sent once. */
export const FIXED = { concurrency: 'fixed', maxRetries: 0 };
export const NODE: INode = { id: 'router-node', name: 'Talkover', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * Each test on a new TestClock (test/helpers/clock.ts) and with no pacing left from the test before (Auto's
 * places, a 429's wait); returns the current test's clock.
 */
export function useRouterHarness(): () => TestClock {
	const clock = useTestClock();
	beforeEach(() => resetRateLimitState());
	return clock;
}

export interface Setup {
	resource?: string;
	operation?: string;
	/** One item per agent ID. */
	agents: string[];
	/** Each request's answer, in order; a function is called when the request is sent. */
	answers: Array<Answer | (() => Answer | Promise<Answer>)>;
	continueOnFail?: boolean;
	options?: IDataObject | ((i: number) => IDataObject);
	credentials?: IDataObject | Error;
	/** The same object on every try of n8n's Retry On Fail (the send-once record hangs on it). */
	executeData?: IExecuteData;
	cancel?: AbortSignal;
	/** Other parameters (Make Call's To, Test Call, Additional Fields), the same for every item or item i's. */
	parameters?: IDataObject | ((i: number) => IDataObject);
	/** The node's execution context, saved with the execution (n8n's Retry of an execution finds it again). */
	nodeContext?: IDataObject;
	executionId?: string;
	/** n8n's mode of the execution: `retry` for n8n's Retry of a failed execution (without it: a manual run). */
	mode?: string;
	/** An MCP Server Trigger's tools/call on its webhook: the tool variant's type, no execution ID. */
	mcpTool?: boolean;
	/** An AI Agent's tool: the tool variant's type, in the execution of the agent (its ID kept). */
	agentTool?: boolean;
	/** An n8n version whose context has no getExecutionCancelSignal. */
	withoutCancelSignal?: boolean;
	/**
	 * The execution's run data as n8n hands it to a Retry (test/helpers/reRuns.ts builds it: the failed or crashed
	 * execution's tasks, which date the chain's first execution).
	 */
	runExecutionData?: IRunExecutionData;
}

export function context(setup: Setup) {
	const requests: IHttpRequestOptions[] = [];
	/** How many requests were on their way when each request was sent (itself included). */
	const concurrent: number[] = [];
	let inFlight = 0;
	const items: INodeExecutionData[] = setup.agents.map((agent) => ({ json: { agent } }));
	const executeData = setup.executeData ?? ({ node: NODE, data: { main: [items] }, source: null } as unknown as IExecuteData);
	const parameters = (name: string, i: number, fallback: unknown): unknown => {
		if (name === 'resource') return setup.resource ?? 'agent';
		if (name === 'operation') return setup.operation ?? 'publish';
		if (name === 'agentId') return setup.agents[i];
		const given = typeof setup.parameters === 'function' ? setup.parameters(i) : setup.parameters;
		if (given && name in given) return given[name];
		if (name === 'options') return (typeof setup.options === 'function' ? setup.options(i) : setup.options) ?? FIXED;
		return fallback;
	};
	const node: INode = setup.mcpTool || setup.agentTool ? { ...NODE, type: `${NODE.type}Tool` } : NODE;
	const ctx = {
		runExecutionData: setup.runExecutionData,
		getNode: () => node,
		getMode: () => setup.mode ?? 'manual',
		getInputData: () => items,
		getNodeParameter: parameters,
		getExecuteData: () => executeData,
		getExecutionCancelSignal: () => setup.cancel,
		getContext: () => setup.nodeContext ?? {},
		getExecutionId: () => (setup.mcpTool ? undefined : (setup.executionId ?? 'execution-1')),
		continueOnFail: () => setup.continueOnFail === true,
		getCredentials: async () => {
			if (setup.credentials instanceof Error) throw setup.credentials;
			return setup.credentials ?? { apiToken: ` ${TOKEN} `, baseUrl: 'http://talkover.test' };
		},
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(request);
				inFlight += 1;
				concurrent.push(inFlight);
				try {
					const next = setup.answers.shift();
					const answer = typeof next === 'function' ? await next() : next;
					// Answered on a later turn of the event loop, as a server would: other items may start meanwhile.
					await new Promise((resolve) => setImmediate(resolve));
					if (answer === undefined) throw new Error('no answer scripted');
					if (answer instanceof Error) throw answer;
					return { statusCode: 200, headers: {}, body: { success: true, data: {} }, ...answer };
				} finally {
					inFlight -= 1;
				}
			},
		},
	};
	if (setup.withoutCancelSignal) delete (ctx as Partial<typeof ctx>).getExecutionCancelSignal;
	return { ctx: ctx as unknown as IExecuteFunctions, requests, executeData, concurrent };
}

export async function run(setup: Setup) {
	const { ctx, requests, executeData, concurrent } = context(setup);
	const outcome = await router.call(ctx).then(
		([output]) => ({ output, error: undefined }),
		(error: Error & { description?: string; context?: IDataObject }) => ({ output: undefined, error }),
	);
	return { ...outcome, requests, executeData, concurrent, sent: requests.map((r) => `${r.method} ${r.url}`) };
}

export const published = (n: number): Answer => ({ body: { success: true, data: { id: AGENT(n), current_status: 'published' } } });
export const serverError: Answer = { statusCode: 500, body: { success: false, message: 'Internal server error.' } };
export const publishUrl = (n: number) => `POST http://talkover.test/api/v1/agents/${AGENT(n)}/publish`;

/** Lets the event loop turn until `until()` holds (at most 1,000 turns; then it fails). */
export async function turns(until: () => boolean): Promise<void> {
	for (let n = 0; n < 1000 && !until(); n++) await new Promise((resolve) => setImmediate(resolve));
	expect(until()).toBe(true);
}

/**
 * Another execution on the same token (the default credential) with Auto holds Auto's only place (one
 * item at a time until three have succeeded) until `answerOther()`; `other` is its run.
 */
export async function otherExecutionHoldsAutoPlace() {
	let answerOther: () => void = () => undefined;
	const otherHeld = new Promise<void>((resolve) => (answerOther = resolve));
	let otherSent = false;
	const other = run({
		agents: [AGENT(9)],
		credentials: { apiToken: TOKEN, baseUrl: 'http://talkover.test' },
		options: { maxRetries: 0 },
		answers: [
			async () => {
				otherSent = true;
				await otherHeld;
				return published(9);
			},
		],
	});
	await turns(() => otherSent);
	return { other, answerOther };
}
