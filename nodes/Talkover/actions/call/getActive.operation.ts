import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { ACTIVE_CALLS } from '../../../shared/answers';
import type { TalkoverFailure } from '../../../shared/transport';
import { apiPath, failureError, talkoverAnswer, unexpectedAnswerError } from '../../../shared/transport';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The other party\'s number in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
	},
	{
		displayName: 'If No Active Call',
		name: 'onNoActiveCall',
		type: 'options',
		default: 'returnEmpty',
		description: 'What the node outputs when the agent has no active call with this number',
		options: [
			{
				name: 'Output "Active: False"',
				value: 'returnEmpty',
				description: 'One item { active: false, phone } so an IF node can branch on it',
			},
			{
				name: 'Output Nothing',
				value: 'noItems',
				description: 'No item for this input; the workflow stops here for it',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'Treat "no active call" as an error',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['getActive'] } }, properties);

/** A read. */
export const repeatable = true;

interface Prepared {
	agentId: string;
	phone: string;
	onNoActiveCall: string;
}

/** Phone Number goes into the path, normalised to E.164; If No Active Call stays in the node. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const phone = normalizePhone(this, itemIndex, findProperty(properties, 'phone'), this.getNodeParameter('phone', itemIndex));
	const onNoActiveCall = checkParameter(this, itemIndex, findProperty(properties, 'onNoActiveCall'), this.getNodeParameter('onNoActiveCall', itemIndex)) as string;
	return { agentId, phone, onNoActiveCall };
}

function noActiveCall(this: IExecuteFunctions, { phone, onNoActiveCall }: Prepared, itemIndex: number): IDataObject[] {
	if (onNoActiveCall === 'noItems') return [];
	if (onNoActiveCall === 'error') {
		throw new NodeOperationError(this.getNode(), `No active call with ${phone}`, {
			itemIndex,
			description: 'The agent has no call in progress (initiated, ringing or answered) with this number.',
		});
	}
	return [{ active: false, phone }];
}

/**
 * Talkover answers 404 both for "no active call" and for an unknown agent. Only Talkover's own "no active
 * call" answer means that nobody is on the phone: anything else (a framework's `{"message":"Not Found"}`
 * of a wrong Base URL, a web page, an empty answer, `success: false`, a call without an ID) is an error,
 * or a workflow that checks before calling would place a duplicate call.
 */
function notFound(this: IExecuteFunctions, failure: TalkoverFailure, agentId: string, item: ItemContext): 'no call' | Error {
	const agentMissing = failure.code === 'AGENT_NOT_FOUND' || /agent not found/i.test(failure.message ?? '');
	if (!agentMissing && failure.code === undefined && /^no active call\b/i.test(failure.message ?? '')) return 'no call';
	return failureError(this.getNode(), failure, { itemIndex: item.itemIndex, notFoundMessage: agentMissing ? agentNotFound(agentId) : undefined });
}

export async function execute(this: IExecuteFunctions, prepared: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const { agentId, phone } = prepared;
	const path = apiPath`/agents/${agentId}/active-call/${phone}`;
	const response = await talkoverAnswer(this, 'GET', path, { ...item, handleStatuses: [404], read: ACTIVE_CALLS });
	if (response.statusCode === 404) {
		const answer = notFound.call(this, response.failure!, agentId, item);
		if (answer instanceof Error) throw answer;
		return noActiveCall.call(this, prepared, item.itemIndex);
	}
	const calls = response.value.entries;
	const unexpected = (problem: string) =>
		unexpectedAnswerError(this.getNode(), problem, { status: response.statusCode, method: 'GET', path, itemIndex: item.itemIndex });
	// Talkover says "no call" with a 404; an empty list is not that answer.
	if (calls.length === 0) throw unexpected(`Talkover answered without any call and without saying that there is none (HTTP ${response.statusCode})`);
	if (calls.some((call) => typeof call.id !== 'string' && typeof call.id !== 'number')) {
		throw unexpected("Talkover's answer does not have the expected data (a call without an ID)");
	}
	return calls.map((call) => ({ ...call, active: true }));
}
