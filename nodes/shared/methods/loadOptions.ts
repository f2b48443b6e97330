import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { timeZoneNames } from '../dates';
import { apiPath, talkoverRequest, unwrap } from '../transport';

/** Phone numbers of the environment for the Phone Numbers multi-select: "number (type, status)". */
export async function getPhoneNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await talkoverRequest.call(this, 'GET', apiPath`/phone-numbers`);
	const numbers = (unwrap(response.body) ?? []) as IDataObject[];
	return numbers.map((phone) => ({
		name: `${String(phone.number ?? phone.id)} (${[phone.type, phone.current_status].filter(Boolean).join(', ')})`,
		value: String(phone.id),
	}));
}

/** Time zone names for the Timezone pickers (the ones this Node.js knows), alphabetical. */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return timeZoneNames().map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
}
