import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CAMPAIGN_DELETED } from '../../../shared/answers';
import { campaignLocator, campaignNotFound, getCampaignId } from '../../../shared/campaign';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { goneAfterRetryNote } from '../fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['delete'] } }, [
	{
		displayName:
			'Deleting a campaign removes its calls, files and statistics for good. An active campaign must be paused or cancelled first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	campaignLocator(),
]);

/** A DELETE: once the campaign is gone, sending it again deletes nothing more. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getCampaignId.call(this, itemIndex);
}

/** Talkover answers 200 with a message (its page) or 204 without a body (openapi.json): the item says what was deleted either way. */
export async function execute(this: IExecuteFunctions, campaignId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'DELETE', apiPath`/campaigns/${campaignId}`, { ...item, notFoundMessage: campaignNotFound(campaignId), read: CAMPAIGN_DELETED, goneAfterRetry: true });
	return [{ deleted: true, id: campaignId, ...(response.goneAfterRetry ? { note: goneAfterRetryNote('campaign') } : {}) }];
}
