import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiPath, talkoverRequest, unwrap } from '../transport';

/** Phone numbers of the environment for the Phone Numbers multi-select: "number (type, status)". */
export async function getPhoneNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await talkoverRequest.call(this, 'GET', apiPath`/phone-numbers`, { expect: 'list' });
	const numbers = (unwrap(response.body) ?? []) as IDataObject[];
	return numbers.map((phone) => ({
		name: `${String(phone.number ?? phone.id)} (${[phone.type, phone.current_status].filter(Boolean).join(', ')})`,
		value: String(phone.id),
	}));
}
