import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CAMPAIGN_RECORD } from '../../../shared/answers';
import { campaignLocator, campaignNotFound, getCampaignId } from '../../../shared/campaign';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['get'] } }, [campaignLocator()]);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getCampaignId.call(this, itemIndex);
}

/** The campaign with its calls, files and statistics, as Talkover sends it. */
export async function execute(this: IExecuteFunctions, campaignId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/campaigns/${campaignId}`, { ...item, notFoundMessage: campaignNotFound(campaignId), read: CAMPAIGN_RECORD });
	return [response.value];
}
