import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_CHANGED_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { ApiFields } from '../fields';
import { DIRECTION_OPTIONS, phoneNumberIdsField, readCollection } from '../fields';
import type { AgentRequest, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		required: true,
		default: 'outbound',
		description: 'Inbound: the agent answers calls to its numbers. Outbound: it places calls from them.',
		options: DIRECTION_OPTIONS,
	},
	collection('additionalFields', [
		phoneNumberIdsField(
			'Phone numbers the agent uses; they replace the ones it has. Leave this field out to keep them, or add it empty to remove all.',
		),
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['updateCalling'] } }, properties);

/** A PUT that sets values: sending it again sets the same values. */
export const repeatable = true;

/** Additional Fields → API fields (Direction is `direction`). */
const ADDITIONAL: ApiFields = { phoneNumberIds: 'phone_number_ids' };

export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const direction = checkParameter(this, itemIndex, findProperty(properties, 'direction'), this.getNodeParameter('direction', itemIndex));
	return { agentId, body: { direction, ...readCollection(this, itemIndex, properties, 'additionalFields', ADDITIONAL) } };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PUT', apiPath`/agents/${agentId}/calling`, { ...item, body, notFoundMessage: agentNotFound(agentId), read: AGENT_CHANGED_RECORD });
	return [response.value];
}
