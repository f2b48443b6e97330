import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { invalidInput, show } from './validation';

/**
 * The agent, as both nodes ask for it: the resource locator (list, ID, URL), the one reader of its
 * value (with the check that keeps an ID from reaching another endpoint), and the one "agent not
 * found" text.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Extracts the agent ID from a Talkover app URL that contains `/agents/<uuid>`. */
export const AGENT_URL_REGEX = `^https?://[^\\s]*?/agents?/(${UUID})`;
// n8n anchors validation patterns itself (^…$), so this one must match the whole URL.
const AGENT_URL_VALIDATION = `https?://[^\\s]*?/agents?/${UUID}(?:[/?#][^\\s]*)?`;

/** The Agent parameter (`agentId`): pick from the list, or give the ID or the agent's Talkover URL. */
export function agentLocator(): INodeProperties {
	return {
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Talkover voice agent',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an agent...',
				typeOptions: { searchListMethod: 'searchAgents', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '550e8400-e29b-41d4-a716-446655440000',
				validation: [
					{
						type: 'regex',
						properties: { regex: `\\s*${UUID}\\s*`, errorMessage: 'Not a valid agent ID (expected a UUID)' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.talkover.ai/agents/550e8400-e29b-41d4-a716-446655440000',
				extractValue: { type: 'regex', regex: AGENT_URL_REGEX },
				validation: [
					{
						type: 'regex',
						properties: { regex: AGENT_URL_VALIDATION, errorMessage: 'Not a Talkover agent URL (…/agents/<agent ID>)' },
					},
				],
			},
		],
	};
}

export function agentNotFound(agentId: string): string {
	return `Agent not found: Talkover has no agent with ID ${agentId} for this token's environment`;
}

/**
 * The one reader of an agent: a locator value (`{ mode, value }`, as stored inside a collection) or the
 * ID itself (as `getNodeParameter(…, { extractValue: true })` gives it). The ID must be a UUID, which is
 * safe to put in a URL path; it is sent in lower case, as Talkover writes it. `itemIndex` is undefined outside an
 * execution (the trigger's activation, a picker).
 */
export function readAgentId(ctx: { getNode(): INode }, itemIndex: number | undefined, value: unknown, label = 'Agent'): string {
	const property = { displayName: label, name: 'agentId' };
	const locator = value as { mode?: string; value?: unknown } | string | undefined;
	let id: unknown = typeof locator === 'object' && locator !== null ? locator.value : locator;
	if (typeof locator === 'object' && locator?.mode === 'url' && typeof id === 'string') {
		id = new RegExp(AGENT_URL_REGEX).exec(id)?.[1] ?? id;
	}
	if (typeof id !== 'string' || id.trim() === '') {
		throw invalidInput(ctx, itemIndex, property, 'no agent is selected; choose one from the list or enter its ID');
	}
	const trimmed = id.trim();
	// Talkover's agent IDs are UUIDs (every agent_id in its API is `format: uuid`): anything else, such as
	// "." or "..", would turn /agents/{id} into another endpoint.
	if (!new RegExp(`^${UUID}$`).test(trimmed)) {
		throw invalidInput(ctx, itemIndex, property, `${show(id)} is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)`);
	}
	return trimmed.toLowerCase();
}

/** The item's Agent parameter (`agentId`), checked. */
export function getAgentId(this: IExecuteFunctions, itemIndex: number): string {
	return readAgentId(this, itemIndex, this.getNodeParameter('agentId', itemIndex, '', { extractValue: true }));
}
