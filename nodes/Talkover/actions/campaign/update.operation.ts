import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator } from '../../../shared/agent';
import { CAMPAIGN_RECORD } from '../../../shared/answers';
import { campaignLocator, campaignNotFound, getCampaignId } from '../../../shared/campaign';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty, invalidInput } from '../../../shared/validation';
import { readCollection } from '../fields';
import type { ItemContext } from '../operation';
import { CAMPAIGN_FIELDS, campaignReaders, checkDates, optionalFields, scheduleFields } from './fields';

const updateOptions: INodeProperties[] = [
		{
			...agentLocator(),
			required: false,
			description: 'The agent that places the campaign’s calls',
			// Scoped to this operation, so n8n's editor checks do not read it as a top-level Agent.
			displayOptions: { show: { '/resource': ['campaign'], '/operation': ['update'] } },
		},
		{
			displayName: 'Clear End Date',
			name: 'clearEndDate',
			type: 'boolean',
			default: true,
			description: 'Whether to remove the end date, so the campaign runs without one',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Campaign name (max 255 characters)' },
		...scheduleFields,
		...optionalFields,
];

const updateFields = collection('updateFields', updateOptions.sort((a, b) => a.displayName.localeCompare(b.displayName)));

const properties: INodeProperties[] = [
	{
		displayName:
			'Only the fields you add are changed. While the campaign is active with queued calls, Talkover refuses schedule changes (dates, days, time ranges, time zone): pause it first.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	campaignLocator(),
	updateFields,
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['update'] } }, properties);

/** A PUT that sets the given values: sending it again sets the same values. */
export const repeatable = true;

interface Prepared {
	campaignId: string;
	body: IDataObject;
}

/** Update Fields → CAMPAIGN_FIELDS; Clear End Date → `end_date: null`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const campaignId = getCampaignId.call(this, itemIndex);
	const endDate = findProperty(properties, 'endDate', 'updateFields');
	const clear = findProperty(properties, 'clearEndDate', 'updateFields');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (Object.keys(values).length === 0) {
		throw invalidInput(this, itemIndex, { displayName: 'Update Fields', name: 'updateFields' }, 'add at least one field to change');
	}
	const clearing = values.clearEndDate !== undefined && checkParameter(this, itemIndex, clear, values.clearEndDate) === true;
	if (clearing && values.endDate !== undefined) throw invalidInput(this, itemIndex, clear, 'cannot be used together with End Date; use one of them');
	const body = readCollection(this, itemIndex, properties, 'updateFields', CAMPAIGN_FIELDS, {
		special: { ...campaignReaders(this, itemIndex, properties, 'updateFields'), clearEndDate: () => (clearing ? null : undefined) },
	});
	if (body.end_date === undefined) delete body.end_date;
	checkDates(this, itemIndex, endDate, body);
	return { campaignId, body };
}

/** Talkover's updated campaign. */
export async function execute(this: IExecuteFunctions, { campaignId, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PUT', apiPath`/campaigns/${campaignId}`, { ...item, body, notFoundMessage: campaignNotFound(campaignId), read: CAMPAIGN_RECORD });
	return [response.value];
}
