import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkAgentId } from '../helpers/validation';

/**
 * What every operation file exports. `prepare` only reads and checks the item's parameters and
 * throws a clear error for bad input; the router runs it for every item before `execute` sends
 * anything, so a bad item never leaves half of a run sent.
 */
export interface TalkoverOperation<Prepared> {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	execute(this: IExecuteFunctions, prepared: Prepared, itemIndex: number): Promise<IDataObject[]>;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Extracts the agent ID from a Talkover app URL that contains `/agents/<uuid>`. */
export const AGENT_URL_REGEX = `^https?://[^\\s]*?/agents?/(${UUID})`;
// n8n anchors validation patterns itself (^…$), so this one must match the whole URL.
const AGENT_URL_VALIDATION = `https?://[^\\s]*?/agents?/${UUID}(?:[/?#][^\\s]*)?`;

export function agentLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Talkover voice agent',
		displayOptions: { show },
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

export const DIRECTION_OPTIONS = [
	{ name: 'Inbound', value: 'inbound' },
	{ name: 'Outbound', value: 'outbound' },
];

/** The phone-number multi-select (loaded from Talkover, or IDs from an expression). */
export function phoneNumberIdsField(purpose: string): INodeProperties {
	return {
		displayName: 'Phone Number Names or IDs',
		name: 'phoneNumberIds',
		type: 'multiOptions',
		default: [],
		description: `${purpose} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
		typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
	};
}

export function getAgentId(this: IExecuteFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('agentId', itemIndex, '', { extractValue: true });
	return checkAgentId(this, itemIndex, { displayName: 'Agent', name: 'agentId' }, value);
}

export function agentNotFound(agentId: string): string {
	return `Agent not found: Talkover has no agent with ID ${agentId} for this token's environment`;
}
