import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { callAgainOption } from '../../callAgain';
import { callingHoursOption, outsideHoursProperty } from '../../callingHours';
import { collection } from '../../../shared/fields';
import { MCP_WINDOW_MINUTES, maxCallsPerExecutionOption } from '../../guardrails/callCapDescription';
import { maxCallsPerDayOption } from '../../dailyCap/description';
import { allowedDestinationsOption } from '../../guardrails/destinationDescription';
import { runsAsMcpTool } from '../../guardrails/runsAsTool';
import { DEFAULT_MAX_RETRIES, MAX_AUTO } from '../../../shared/transport';
import { checkParameter, findProperty, invalidInput } from '../../../shared/validation';
import type { Batching } from './scheduler';

/** Shown on the operations that dial (Make Call, Campaign → Add Call, and their "and Wait for Outcome") only. */
const DIALLING = { show: { '/resource': ['call', 'campaign'], '/operation': ['make', 'makeAndWait', 'addCall', 'addCallAndWait'] } };

/**
 * Calling Hours, with Outside the Hours for Make Call and Make and Wait for Outcome (the operations that can start a
 * call later; the wait's limit counts from when the call rings).
 */
const callingHours: INodeProperties = {
	...callingHoursOption,
	options: (callingHoursOption.options as Array<{ displayName: string; name: string; values: INodeProperties[] }>).map((group) => ({
		...group,
		values: [...group.values, { ...outsideHoursProperty, displayOptions: { show: { '/resource': ['call'], '/operation': ['make', 'makeAndWait'] } } }],
	})),
	displayOptions: DIALLING,
};

/**
 * Options shown on every operation: how many items go to Talkover at once and how often a request is
 * tried again. The router reads them for every item and hands Max Retries to the transport with each
 * request.
 *
 * Concurrency is Auto unless the user asks otherwise: with no Concurrency option, setting Batch Size or
 * Batch Interval means Fixed (so both behave exactly as before Auto existed). Concurrency → Fixed uses
 * Batch Size (default 1: one item after the other) and Batch Interval; Concurrency → Auto finds the
 * pace itself, and a Batch Size set beside it is the most items it sends at once.
 */
export const description: INodeProperties[] = [
	collection('options', [
		{ ...allowedDestinationsOption, displayOptions: DIALLING },
		{
			displayName: 'Batch Interval (Milliseconds)',
			name: 'batchInterval',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'Fixed concurrency only (setting it without the Concurrency option means Fixed). Milliseconds to wait between batches. 0: no batches, a new item starts as soon as one of the Batch Size items in flight has finished. More than 0: Batch Size items are sent, and when all of them have finished the node waits this long before the next batch. Talkover\'s rate limit is respected either way.',
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
			default: 1,
			description:
				'How many items are sent to Talkover at the same time; 1 sends one item after the other. Setting it without the Concurrency option means Fixed. With Concurrency → Auto it is the most items Auto sends at the same time. Output order stays the same as the input order.',
		},
		{ ...callAgainOption, displayOptions: { show: { '/resource': ['call'], '/operation': ['makeAndWait'] } } },
		callingHours,
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'options',
			options: [
				{
					name: 'Auto (Recommended)',
					value: 'auto',
					description:
						'Finds the pace for your Talkover plan by itself: more items at once while Talkover answers fast and the rate limit has room, fewer after a 429, a server error or slower answers',
				},
				{
					name: 'Fixed (Batch Size)',
					value: 'fixed',
					description: 'Exactly Batch Size items at a time (1: one after the other), with Batch Interval between batches',
				},
			],
			default: 'auto',
			description:
				'How many items are sent to Talkover at the same time. Without this option the node uses Auto, unless Batch Size or Batch Interval is set (then Fixed).',
		},
		{
			displayName: 'Dial Again on Retried Executions',
			name: 'dialAgainOnRetry',
			type: 'boolean',
			default: false,
			description:
				"Whether to dial again, when you retry a failed or crashed execution in n8n, the items that execution had already called (as an AI Agent's tool: a number the agent asks for again in the same run). Off (recommended): those items output the call they got, marked alreadyPlaced, and only the others are dialled.",
			displayOptions: DIALLING,
		},
		{ ...maxCallsPerDayOption, displayOptions: DIALLING },
		{ ...maxCallsPerExecutionOption, displayOptions: DIALLING },
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How often a request is tried again after a server error or a dropped connection (reads and updates only: calls and other creations are never sent twice), or after a rate-limit answer that gives no wait. Waits Talkover asks for are not counted (0: never tried again at all); every request takes at most 5 minutes in all.',
		},
		{
			displayName: 'Skip Numbers Called Within (Minutes)',
			name: 'skipCalledWithinMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 43200, numberPrecision: 0 },
			default: 1440,
			description:
				`Before dialling, the node reads the calls this agent (campaign) already has and does not dial a number called within this many minutes (1440: 24 hours), or still queued or on a call: the item outputs that call with skipped: true and the reason. Also a second item of the run with the same number. One extra list read per run and agent; 0: off. Without this option: off, but ${MCP_WINDOW_MINUTES} minutes when the node is an MCP Server Trigger's tool (n8n runs each MCP tool call as an execution of its own, and a client may send the same call again).`,
			displayOptions: DIALLING,
		},
	]),
];

/**
 * Skip Numbers Called Within (minutes, 0: off) and Dial Again on Retried Executions, of the operations that dial.
 * Without the option the window is off, but MCP_WINDOW_MINUTES for an MCP client's tool (`mcpDefault`): n8n runs
 * each `tools/call` as an execution of its own, so nothing of an earlier one is known but Talkover's calls, and a
 * client that sends one call again (its own timeout, a retry) would dial twice. MCP has no way to say "the same
 * call again": the workflow sets the option (0: off) when its clients call a number again on purpose.
 */
export function readDialOptions(this: IExecuteFunctions, itemIndex: number): { windowMinutes: number; dialAgainOnRetry: boolean; mcpDefault: boolean } {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const property = (name: string) => findProperty(description, name, 'options');
	const read = <T>(name: string, fallback: T): T => (options[name] === undefined ? fallback : (checkParameter(this, itemIndex, property(name), options[name]) as T));
	const mcpDefault = options.skipCalledWithinMinutes === undefined && runsAsMcpTool(this);
	return { windowMinutes: read('skipCalledWithinMinutes', mcpDefault ? MCP_WINDOW_MINUTES : 0), dialAgainOnRetry: read('dialAgainOnRetry', false), mcpDefault };
}

export interface ItemOptions extends Batching {
	maxRetries: number;
	concurrency: 'auto' | 'fixed';
}

/** Reads and checks the item's options (so a bad value stops the run before anything is sent). */
export function readOptions(this: IExecuteFunctions, itemIndex: number): ItemOptions {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const property = (name: string) => findProperty(description, name, 'options');
	const read = <T>(name: string, fallback: T): T => (options[name] === undefined ? fallback : (checkParameter(this, itemIndex, property(name), options[name]) as T));
	const maxRetries = read('maxRetries', DEFAULT_MAX_RETRIES);
	const fixedSet = options.batchSize !== undefined || options.batchInterval !== undefined;
	const concurrency = read<'auto' | 'fixed'>('concurrency', fixedSet ? 'fixed' : 'auto');
	if (concurrency === 'fixed') return { maxRetries, concurrency, batchSize: read('batchSize', 1), batchInterval: read('batchInterval', 0) };
	const batchInterval = read('batchInterval', 0);
	if (batchInterval > 0) {
		throw invalidInput(this, itemIndex, property('batchInterval'), 'applies only with Concurrency → Fixed; remove it, or choose Fixed');
	}
	return { maxRetries, concurrency, batchSize: read('batchSize', MAX_AUTO), batchInterval: 0 };
}
