import type { INodeProperties } from 'n8n-workflow';

import { listOperation, returnAllAndLimit } from '../common';

const show = { resource: ['phoneNumber'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
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
		],
	},
];

export const { prepare, execute } = listOperation('/api/v1/phone-numbers', description);
