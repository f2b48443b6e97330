import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as create from './create.operation';
import * as deleteAgent from './delete.operation';
import * as get from './get.operation';
import * as getCalls from './getCalls.operation';
import * as getMany from './getMany.operation';
import * as getPricing from './getPricing.operation';
import * as publish from './publish.operation';
import * as unpublish from './unpublish.operation';
import * as updateAdvancedSettings from './updateAdvancedSettings.operation';
import * as updateCalling from './updateCalling.operation';
import * as updateFlow from './updateFlow.operation';
import * as updateKnowledge from './updateKnowledge.operation';
import * as updateVoice from './updateVoice.operation';

export { create, deleteAgent, get, getCalls, getMany, getPricing, publish, unpublish, updateAdvancedSettings, updateCalling, updateFlow, updateKnowledge, updateVoice };

/** The Agent operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	create,
	delete: deleteAgent,
	get,
	getCalls,
	getMany,
	getPricing,
	publish,
	unpublish,
	updateAdvancedSettings,
	updateCalling,
	updateFlow,
	updateKnowledge,
	updateVoice,
};

export const description: INodeProperties[] = [
	operationField('agent', 'create', [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a voice agent (in draft status)',
			action: 'Create an agent',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete an agent for good (it must not be published or on a call)',
			action: 'Delete an agent',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get an agent with its configuration',
			action: 'Get an agent',
		},
		{
			name: 'Get Calls',
			value: 'getCalls',
			description: 'List the calls of one agent, optionally filtered by status, direction, date or number',
			action: 'Get the calls of an agent',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List agents, optionally filtered by status, direction or name',
			action: 'Get many agents',
		},
		{
			name: 'Get Pricing',
			value: 'getPricing',
			description: 'Get the estimated cost per minute of an agent, in a currency, as a summary or with the price of each part',
			action: 'Get the pricing of an agent',
		},
		{
			name: 'Publish',
			value: 'publish',
			description: 'Publish an agent so it can take and place calls',
			action: 'Publish an agent',
		},
		{
			name: 'Unpublish',
			value: 'unpublish',
			description: 'Unpublish an agent so it takes no new calls (nothing is deleted)',
			action: 'Unpublish an agent',
		},
		{
			name: 'Update Advanced Settings',
			value: 'updateAdvancedSettings',
			description: 'Turn the initial-message cache (optimized costs) on or off',
			action: 'Update the advanced settings of an agent',
		},
		{
			name: 'Update Calling',
			value: 'updateCalling',
			description: 'Set the call direction and phone numbers of an agent',
			action: 'Update the calling settings of an agent',
		},
		{
			name: 'Update Flow',
			value: 'updateFlow',
			description: 'Set the conversation mode and flow configuration of an agent',
			action: 'Update the conversation flow of an agent',
		},
		{
			name: 'Update Knowledge',
			value: 'updateKnowledge',
			description: 'Set the description, initial message, prompt and conversation behaviour of an agent',
			action: 'Update the knowledge of an agent',
		},
		{
			name: 'Update Voice',
			value: 'updateVoice',
			description: 'Choose the voice of an agent (from Talkover’s voices for its language) and its speed',
			action: 'Update the voice of an agent',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
