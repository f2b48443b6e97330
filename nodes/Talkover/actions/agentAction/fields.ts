import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionDefinition, ActionInput, ActionProblem } from '../../../shared/agentActions';
import { INPUT_TYPE_OPTIONS, actionProblem } from '../../../shared/agentActions';
import { collection } from '../../../shared/fields';
import { containsMask } from '../../../shared/secrets';
import type { LocatorSpec } from '../../../shared/locator';
import { locatorField, readLocatorId } from '../../../shared/locator';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { checkParameter, findProperty, invalidInput } from '../../../shared/validation';

/** The action of an agent: picked from the agent's list, or its ID (a UUID in openapi.json, "action-uuid-1" in the pages' examples). */
const ACTION: LocatorSpec = {
	name: 'actionId',
	displayName: 'Action',
	noun: 'action',
	description: 'The action (the list shows the chosen agent’s actions)',
	searchListMethod: 'searchAgentActions',
};

export function actionLocator(): INodeProperties {
	return locatorField(ACTION);
}

export function getActionId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId(this, itemIndex, this.getNodeParameter('actionId', itemIndex, ''), { ...ACTION, label: 'Action' });
}

export const DRAFT_NOTICE: INodeProperties = {
	displayName: 'Talkover sets the agent to draft after any change to its actions: publish it again (Agent → Publish) for its calls to use the change.',
	name: 'draftNotice',
	type: 'notice',
	default: '',
};

const TYPE_OPTIONS = [
	{ name: 'Webhook', value: 'webhook', description: 'Talkover calls a URL with the inputs the agent collected (e.g. an n8n Webhook)' },
	{ name: 'Transfer', value: 'transfer', description: 'Transfer the call to a phone number' },
	{ name: 'Hold', value: 'hold', description: 'Put the call on hold for a number of seconds' },
	{ name: 'External', value: 'external', description: 'An integration from Talkover’s catalogue (may run after the call)' },
];

const only = (...types: string[]) => ({ displayOptions: { show: { actionType: types } } });
const onlyInCollection = (...types: string[]) => ({ displayOptions: { show: { '/actionType': types } } });

/** The fields of an action (Create, Update): the page's required four, then what each type needs, then the optional ones. */
export const definitionFields: INodeProperties[] = [
	{ displayName: 'Type', name: 'actionType', type: 'options', noDataExpression: true, default: 'webhook', options: TYPE_OPTIONS, description: 'What the action does' },
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'lookup_customer', description: 'The action’s name, as the agent knows it (at most 255 characters)' },
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 2 },
		placeholder: 'Look the caller up in the CRM by phone number',
		description: 'What the action does: the agent reads this to decide when to use it',
	},
	{
		displayName: 'Node ID',
		name: 'nodeId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'crm-lookup',
		description:
			'Talkover requires an "action node ID for workflow integration" and says no more: for a flow-driven agent, the ID of the flow’s action node; otherwise an ID of your own that names this action. Talkover’s Create/Update replaces the agent’s action with the same Node ID (at most 255 characters).',
	},
	{ displayName: 'URL', name: 'url', type: 'string', required: true, default: '', placeholder: 'https://n8n.example.com/webhook/crm-lookup', description: 'The http:// or https:// URL Talkover calls', ...only('webhook') },
	{ displayName: 'Transfer To', name: 'transferTo', type: 'string', required: true, default: '', placeholder: '+15551234567', description: 'The phone number to transfer the call to, in international format (E.164)', ...only('transfer') },
	{ displayName: 'Hold Duration (Seconds)', name: 'holdDuration', type: 'number', required: true, default: 30, typeOptions: { minValue: 1, numberPrecision: 0 }, description: 'How long the call is put on hold', ...only('hold') },
	{
		displayName: 'Inputs',
		name: 'inputs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Input',
		description: 'What the agent collects from the caller before it runs the action',
		options: [
			{
				displayName: 'Input',
				name: 'input',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'phone', description: 'The input’s name (each input its own)' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						options: INPUT_TYPE_OPTIONS,
					},
					{ displayName: 'Required', name: 'required', type: 'boolean', default: true, description: 'Whether the agent must collect this input before running the action' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the agent is to collect, e.g. "The caller’s phone number"' },
				],
			},
		],
	},
	collection('additionalFields', [
		{ displayName: 'Authorization Scheme', name: 'authorizationScheme', type: 'options', default: 'none', options: [
			{ name: 'API Key', value: 'api_key' },
			{ name: 'Basic', value: 'basic' },
			{ name: 'Bearer', value: 'bearer' },
			{ name: 'Custom', value: 'custom' },
			{ name: 'None', value: 'none' },
		], description: 'How Talkover authenticates when it calls the URL (Talkover’s default: None)', ...onlyInCollection('webhook') },
		{ displayName: 'Authorization URL', name: 'authorizationUrl', type: 'string', default: '', placeholder: 'https://api.example.com/auth', description: 'A separate authorization endpoint of the target, if it needs one', ...onlyInCollection('webhook') },
		{
			displayName: 'Custom Headers',
			name: 'customHeaders',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Header',
			description: 'Headers Talkover sends with its request to the URL',
			options: [
				{
					displayName: 'Header',
					name: 'header',
					values: [
						{ displayName: 'Name', name: 'key', type: 'string', default: '', placeholder: 'X-Api-Key' },
						{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
					],
				},
			],
			...onlyInCollection('webhook'),
		},
		{
			displayName: 'Execution Mode',
			name: 'executionMode',
			type: 'options',
			default: 'during_call',
			options: [
				{ name: 'During the Call', value: 'during_call', description: 'The agent uses the answer in the conversation (Talkover’s default)' },
				{ name: 'After the Call', value: 'post_call', description: 'Runs after the call ends (external actions only)' },
			],
		},
		{ displayName: 'Integration Name or ID', name: 'integration', type: 'options', default: '', typeOptions: { loadOptionsMethod: 'getActionIntegrations' }, description: 'An integration from Talkover’s catalogue. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
		{ displayName: 'Speak on Receive', name: 'speakOnReceive', type: 'string', default: '', placeholder: 'Thanks, I found your booking.', description: 'What the agent says after the action answered (may quote the answer with template variables)' },
		{ displayName: 'Speak on Send', name: 'speakOnSend', type: 'string', default: '', placeholder: 'One moment, let me check.', description: 'What the agent says while the action runs' },
		{ displayName: 'Status', name: 'currentStatus', type: 'options', default: 'active', options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Inactive', value: 'inactive' },
		], description: 'Whether the agent may use the action (Talkover’s default: Active)' },
	]),
];

/** Each ActionDefinition field → the parameter a problem with it names (inside Additional Fields for the optional ones). */
const PARAMETER_OF: Record<keyof ActionDefinition, [string, string?]> = {
	nodeId: ['nodeId'],
	name: ['name'],
	description: ['description'],
	type: ['actionType'],
	url: ['url'],
	transferTo: ['transferTo'],
	holdDuration: ['holdDuration'],
	inputs: ['inputs'],
	authorizationScheme: ['authorizationScheme', 'additionalFields'],
	authorizationUrl: ['authorizationUrl', 'additionalFields'],
	customHeaders: ['customHeaders', 'additionalFields'],
	executionMode: ['executionMode', 'additionalFields'],
	integrationId: ['integration', 'additionalFields'],
	speakOnReceive: ['speakOnReceive', 'additionalFields'],
	speakOnSend: ['speakOnSend', 'additionalFields'],
	currentStatus: ['currentStatus', 'additionalFields'],
};

function problemError(ctx: IExecuteFunctions, itemIndex: number, { field, problem }: ActionProblem) {
	const [name, inCollection] = PARAMETER_OF[field];
	return invalidInput(ctx, itemIndex, findProperty(definitionFields, name, inCollection), problem);
}

/** A text parameter as given (an expression may give a number: its text). */
function text(value: unknown): unknown {
	return typeof value === 'number' ? String(value) : value;
}

/**
 * The item's action definition from the fields above, checked (actionProblem) before anything is sent;
 * a problem names its field and the item.
 */
export function readDefinition(this: IExecuteFunctions, itemIndex: number): ActionDefinition {
	const type = this.getNodeParameter('actionType', itemIndex) as ActionDefinition['type'];
	const definition: ActionDefinition = {
		nodeId: text(this.getNodeParameter('nodeId', itemIndex, '')) as string,
		name: text(this.getNodeParameter('name', itemIndex, '')) as string,
		description: text(this.getNodeParameter('description', itemIndex, '')) as string,
		type,
	};
	if (typeof definition.nodeId === 'string') definition.nodeId = definition.nodeId.trim();
	if (type === 'webhook') {
		const url = text(this.getNodeParameter('url', itemIndex, ''));
		definition.url = (typeof url === 'string' ? url.trim() : url) as string;
	}
	if (type === 'transfer') {
		definition.transferTo = normalizePhone(this, itemIndex, findProperty(definitionFields, 'transferTo'), this.getNodeParameter('transferTo', itemIndex, ''));
	}
	if (type === 'hold') {
		definition.holdDuration = checkParameter(this, itemIndex, findProperty(definitionFields, 'holdDuration'), this.getNodeParameter('holdDuration', itemIndex)) as number;
	}
	const inputs = ((this.getNodeParameter('inputs', itemIndex, {}) as IDataObject).input ?? []) as IDataObject[];
	if (!Array.isArray(inputs)) throw invalidInput(this, itemIndex, findProperty(definitionFields, 'inputs'), 'is not a list of inputs');
	if (inputs.length) {
		definition.inputs = inputs.map((input) => {
			const read: ActionInput = { name: String(text(input.name) ?? ''), type: input.type as ActionInput['type'], required: input.required as boolean };
			if (input.description !== undefined && input.description !== '') read.description = text(input.description) as string;
			return read;
		});
	}
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const plain: Array<[string, keyof ActionDefinition]> = [
		['authorizationScheme', 'authorizationScheme'],
		['authorizationUrl', 'authorizationUrl'],
		['executionMode', 'executionMode'],
		['integration', 'integrationId'],
		['speakOnReceive', 'speakOnReceive'],
		['speakOnSend', 'speakOnSend'],
		['currentStatus', 'currentStatus'],
	];
	for (const [name, field] of plain) {
		if (extra[name] === undefined) continue;
		const value = text(extra[name]);
		// An empty optional text (an expression over an empty field) is left out, as if not added.
		if (value === '') continue;
		(definition as unknown as IDataObject)[field] = typeof value === 'string' && field === 'authorizationUrl' ? value.trim() : (value as string);
	}
	if (extra.customHeaders !== undefined) {
		const headers = ((extra.customHeaders as IDataObject).header ?? []) as IDataObject[];
		definition.customHeaders = headers.map((h) => ({ key: String(text(h.key) ?? '').trim(), value: text(h.value) as string }));
		// `***` is what every output shows instead of a header value: sent back, it would replace the real key.
		const at = definition.customHeaders.findIndex((h) => containsMask(h.value));
		if (at >= 0) {
			const { key } = definition.customHeaders[at];
			throw invalidInput(
				this,
				itemIndex,
				findProperty(definitionFields, 'customHeaders', 'additionalFields'),
				`header ${at + 1}${key ? ` ("${key}")` : ''}: its value is *** — the mask the node shows instead of a header value, not the value itself; enter the real value (or an expression that gives it)`,
			);
		}
	}
	const problem = actionProblem(definition);
	if (problem) throw problemError(this, itemIndex, problem);
	return definition;
}
