import type { INodeProperties } from 'n8n-workflow';

/**
 * The Max Calls per Day option as a node holds it (an entry of the dialling operations' Options). Only the
 * description: read.ts reads the value, places.ts counts.
 *
 * Value: `{ limit: { calls, timeZone } }`.
 */

export const callsProperty: INodeProperties = {
	displayName: 'Calls',
	name: 'calls',
	type: 'number',
	default: 20,
	typeOptions: { minValue: 1, numberPrecision: 0 },
	description: "The most calls the agent (the campaign) may have in one day, counted from Talkover's own list of its calls: every execution, workflow, AI Agent chat and MCP client that dials with it shares the count",
};

export const dayTimeZoneProperty: INodeProperties = {
	displayName: 'Day Starts at Midnight In',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'Europe/Paris',
	description: "The time zone whose midnight starts a new day, an IANA name such as America/New_York. Empty: the workflow's time zone (Workflow Settings → Timezone).",
};

export const maxCallsPerDayOption: INodeProperties = {
	displayName: 'Max Calls per Day',
	name: 'maxCallsPerDay',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Limit',
	description:
		"The most calls the agent (or campaign) may have in one day, across executions: before dialling, the node counts the agent's calls that ring that day in Talkover's list. An item beyond the limit is not dialled: it comes out with skipped: true and when the next day starts.",
	options: [{ displayName: 'Limit', name: 'limit', values: [callsProperty, dayTimeZoneProperty] }],
};
