import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CAMPAIGN_RECORD } from '../../../shared/answers';
import { campaignLocator, campaignNotFound, getCampaignId } from '../../../shared/campaign';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { IfUnsure, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	campaignLocator(),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		default: 'active',
		description:
			'Draft → Active or Cancelled; Active → Paused, Completed or Cancelled; Paused → Active, Completed or Cancelled. Completed and Cancelled are final.',
		options: [
			{ name: 'Active (Start or Resume)', value: 'active', description: 'Calls are placed on the campaign’s schedule' },
			{ name: 'Cancelled (Stop for Good)', value: 'cancelled', description: 'No more calls, ever; cannot be undone' },
			{ name: 'Completed (Finish)', value: 'completed', description: 'The campaign is done; cannot be undone' },
			{ name: 'Draft', value: 'draft', description: 'Listed by Talkover, but no status may go back to draft' },
			{ name: 'Paused (Pause)', value: 'paused', description: 'No new calls; calls in progress go on' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['updateStatus'] } }, properties);

/** Starting a campaign makes it dial: a status change is never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The campaign’s status may have been changed', check: 'the campaign’s status: Campaign → Get', notDone: 'Nothing reached Talkover: the status was not changed.' };

interface Prepared {
	campaignId: string;
	body: IDataObject;
}

/** Status → `status`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const status = checkParameter(this, itemIndex, findProperty(properties, 'status'), this.getNodeParameter('status', itemIndex));
	return { campaignId: getCampaignId.call(this, itemIndex), body: { status } };
}

/** Talkover's `{id, status, updated_at}` (its page), or the whole campaign (openapi.json). */
export async function execute(this: IExecuteFunctions, { campaignId, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PATCH', apiPath`/campaigns/${campaignId}/status`, { ...item, body, notFoundMessage: campaignNotFound(campaignId), read: CAMPAIGN_RECORD });
	return [response.value];
}
