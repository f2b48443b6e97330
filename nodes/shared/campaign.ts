import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import type { LocatorSpec } from './locator';
import { locatorField, readLocatorId } from './locator';

/** The campaign, as both nodes ask for it: its resource locator, its one reader and its "not found" text. */

const CAMPAIGN: LocatorSpec = {
	name: 'campaignId',
	displayName: 'Campaign',
	noun: 'campaign',
	description: 'The Talkover campaign',
	searchListMethod: 'searchCampaigns',
	urlPath: 'campaigns',
	uuid: true,
};

/** The Campaign parameter (`campaignId`): pick from the list, or give the ID or the campaign's Talkover URL. */
export function campaignLocator(): INodeProperties {
	return locatorField(CAMPAIGN);
}

export function campaignNotFound(campaignId: string): string {
	return `Campaign not found: Talkover has no campaign with ID ${campaignId} for this token's environment`;
}

/** The one reader of a campaign locator value (or ID); `itemIndex` is undefined outside an execution. */
export function readCampaignId(ctx: { getNode(): INode }, itemIndex: number | undefined, value: unknown, label = 'Campaign'): string {
	return readLocatorId(ctx, itemIndex, value, { ...CAMPAIGN, label });
}

/** The item's Campaign parameter (`campaignId`), checked. */
export function getCampaignId(this: IExecuteFunctions, itemIndex: number): string {
	return readCampaignId(this, itemIndex, this.getNodeParameter('campaignId', itemIndex, ''));
}
