import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { agentPricing } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { ItemContext } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName:
			'The cost of a run before it starts: estimated_cost_per_minute × leads × minutes per call, in the currency of the answer. Compare it with Credit → Get Balance (in the same currency), e.g. in an If node.',
		name: 'pricingNotice',
		type: 'notice',
		default: '',
	},
	agentLocator(),
	{
		displayName: 'Detail',
		name: 'detail',
		type: 'options',
		default: 'summary',
		description: 'How much of the pricing to get. Both give currency and estimated_cost_per_minute.',
		options: [
			{
				name: 'Full Breakdown',
				value: 'full',
				description: 'The price of each part (voice synthesis, transcription, language model) and of inbound and outbound calls, with when it was calculated',
			},
			{
				name: 'Summary',
				value: 'summary',
				description: 'The estimated cost per minute with the voice quality tier and whether optimized costs are on',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['getPricing'] } }, properties);

/** A read. */
export const repeatable = true;

interface Prepared {
	agentId: string;
	detail: 'full' | 'summary';
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const detail = checkParameter(this, itemIndex, findProperty(properties, 'detail'), this.getNodeParameter('detail', itemIndex)) as Prepared['detail'];
	return { agentId, detail };
}

/**
 * `GET /agents/{id}/pricing/summary` (Summary) or `GET /agents/{id}/pricing` (Full Breakdown): one item,
 * the pricing as Talkover sends it, with `currency` and `estimated_cost_per_minute` checked, and of this agent (agentPricing).
 */
export async function execute(this: IExecuteFunctions, { agentId, detail }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const path = detail === 'full' ? apiPath`/agents/${agentId}/pricing` : apiPath`/agents/${agentId}/pricing/summary`;
	const response = await talkoverAnswer(this, 'GET', path, { ...item, notFoundMessage: agentNotFound(agentId), read: agentPricing(agentId) });
	return [response.value];
}
