import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator } from '../../../shared/agent';
import { CAMPAIGN_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import { readCollection } from '../fields';
import type { IfUnsure, ItemContext } from '../operation';
import { CAMPAIGN_FIELDS, campaignReaders, checkDates, optionalFields, scheduleFields } from './fields';

const required = (property: INodeProperties): INodeProperties => ({ ...property, required: true });

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Q1 Outreach',
		description: 'Campaign name (max 255 characters)',
	},
	...scheduleFields.slice(0, 1).map(required),
	{ ...agentLocator(), description: 'The agent that places the campaign’s calls' },
	...scheduleFields.slice(1).map(required),
	collection('additionalFields', optionalFields),
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['create'] } }, properties);

/** Creates a campaign: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The campaign may have been created', check: 'the campaign exists: Campaign → Get Many (search by its name)', notDone: 'Nothing reached Talkover: the campaign was not created.' };

const TOP_LEVEL = ['name', 'campaignType', 'agentId', 'startDate', 'daysOfWeek', 'callTimeRanges', 'timezone'];

/** Name, Campaign Type, Agent, Start Date, Days of Week, Call Time Ranges, Timezone and the Additional Fields → CAMPAIGN_FIELDS. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const read = campaignReaders(this, itemIndex, properties);
	const body: IDataObject = {};
	for (const name of TOP_LEVEL) {
		const value = this.getNodeParameter(name, itemIndex, undefined);
		body[CAMPAIGN_FIELDS[name]] = (read[name] ? read[name](value) : checkParameter(this, itemIndex, findProperty(properties, name), value)) as IDataObject[string];
	}
	Object.assign(body, readCollection(this, itemIndex, properties, 'additionalFields', CAMPAIGN_FIELDS, { special: campaignReaders(this, itemIndex, properties, 'additionalFields') }));
	checkDates(this, itemIndex, findProperty(properties, 'endDate', 'additionalFields'), body);
	return body;
}

export async function execute(this: IExecuteFunctions, body: IDataObject, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', apiPath`/campaigns`, { ...item, body, read: CAMPAIGN_RECORD });
	return [response.value];
}
