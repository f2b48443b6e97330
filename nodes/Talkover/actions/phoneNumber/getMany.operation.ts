import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PHONE_NUMBERS } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import type { ApiFields, ListRequest } from '../fields';
import { readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

const filters = collection('filters', [
	{
		displayName: 'Has Voice',
		name: 'hasVoice',
		type: 'boolean',
		default: true,
		description: 'Whether to return only numbers that can (or cannot) take voice calls',
	},
	{
		displayName: 'Has WhatsApp',
		name: 'hasWhatsapp',
		type: 'boolean',
		default: true,
		description: 'Whether to return only numbers that have (or do not have) WhatsApp',
	},
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		description: 'Text found in the phone number or its ID',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'voice',
		options: [
			{ name: 'Fax', value: 'fax' },
			{ name: 'MMS', value: 'mms' },
			{ name: 'SMS', value: 'sms' },
			{ name: 'Voice', value: 'voice' },
			{ name: 'WhatsApp', value: 'whatsapp' },
		],
	},
]);

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['getMany'] } }, [...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /phone-numbers`. */
const FILTERS: ApiFields = { hasVoice: 'has_voice', hasWhatsapp: 'has_whatsapp', search: 'search', type: 'type' };

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	return { ...readListLimits.call(this, itemIndex), qs: readCollection(this, itemIndex, [filters], 'filters', FILTERS, { omitEmpty: true }) };
}

export async function execute(this: IExecuteFunctions, { qs, ...limits }: ListRequest, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/phone-numbers`, qs, { ...item, ...limits, read: PHONE_NUMBERS });
}
