import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readAgentId } from '../../../shared/agent';
import { readDay, readTime, readTimeZone } from '../../../shared/dates';
import { readLocatorId } from '../../../shared/locator';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { checkParameter, findProperty, invalidInput, readTextList } from '../../../shared/validation';
import type { ApiFields } from '../fields';

/**
 * The campaign settings Create and Update share (Create Campaign's fields; Update Campaign: "validation
 * rules and ranges match Create Campaign"), their readers, and their parameter → API field map.
 */

export const CAMPAIGN_TYPE_OPTIONS = [
	{ name: 'Custom', value: 'custom' },
	{ name: 'Follow-Up', value: 'follow_up' },
	{ name: 'Reminder', value: 'reminder' },
	{ name: 'Sales', value: 'sales' },
];

export const CAMPAIGN_STATUS_OPTIONS = [
	{ name: 'Active', value: 'active' },
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Draft', value: 'draft' },
	{ name: 'Paused', value: 'paused' },
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The fields Create asks for at the top (all required there) and Update offers among its Update Fields. */
export const scheduleFields: INodeProperties[] = [
	{
		displayName: 'Campaign Type',
		name: 'campaignType',
		type: 'options',
		default: 'sales',
		options: CAMPAIGN_TYPE_OPTIONS,
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description: 'The day the campaign may start placing calls (only the date is used)',
	},
	{
		displayName: 'Days of Week',
		name: 'daysOfWeek',
		type: 'multiOptions',
		default: [1, 2, 3, 4, 5],
		description: 'The days calls may be placed. In an expression: numbers 1 (Monday) to 7 (Sunday) or day names.',
		options: WEEKDAYS.map((name, i) => ({ name, value: i + 1 })),
	},
	{
		displayName: 'Call Time Ranges',
		name: 'callTimeRanges',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: { ranges: [{ start: '09:00', end: '17:00' }] },
		placeholder: 'Add Time Range',
		description: 'When calls may be placed on those days, in the campaign’s time zone; several ranges skip e.g. lunch',
		options: [
			{
				displayName: 'Range',
				name: 'ranges',
				values: [
					{ displayName: 'Start', name: 'start', type: 'string', default: '09:00', placeholder: '09:00', description: 'HH:MM, 24 hours' },
					{ displayName: 'End', name: 'end', type: 'string', default: '17:00', placeholder: '17:00', description: 'HH:MM, 24 hours, after Start' },
				],
			},
		],
	},
	{
		displayName: 'Timezone Name or ID',
		name: 'timezone',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimezones' },
		default: 'America/New_York',
		description:
			'The time zone of the call time ranges, e.g. America/New_York. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** Create Campaign's optional fields (Additional Fields of Create; also among Update Fields). */
export const optionalFields: INodeProperties[] = [
	{
		displayName: 'Auto Add to Do-Not-Call',
		name: 'autoAddToDncEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether contacts whose call ends with one of the trigger statuses or errors are added to the do-not-call list',
	},
	{
		displayName: 'Auto Complete',
		name: 'autoComplete',
		type: 'boolean',
		default: false,
		description: 'Whether the campaign becomes completed by itself once every contact has been processed',
	},
	{
		displayName: 'Auto Do-Not-Call Trigger Errors',
		name: 'autoDncTriggerErrors',
		type: 'string',
		default: '',
		placeholder: 'invalid_number, disconnected',
		description: 'Call errors that add the contact to the do-not-call list, separated by commas',
	},
	{
		displayName: 'Auto Do-Not-Call Trigger Statuses',
		name: 'autoDncTriggerStatuses',
		type: 'string',
		default: '',
		placeholder: 'completed, voicemail',
		description: 'Call statuses that add the contact to the do-not-call list, separated by commas',
	},
	...[
		['Busy Cooldown (Hours)', 'busyCooldownHours', 'after a busy signal'],
		['Failed Cooldown (Hours)', 'failedCooldownHours', 'after a failed call'],
		['No Answer Cooldown (Hours)', 'noAnswerCooldownHours', 'after no answer'],
		['Success Cooldown (Hours)', 'successCooldownHours', 'after a successful call'],
		['Voicemail Cooldown (Hours)', 'voicemailCooldownHours', 'after reaching voicemail'],
	].map(
		([displayName, name, after]): INodeProperties => ({
			displayName,
			name,
			type: 'number',
			default: 24,
			typeOptions: { minValue: 1, maxValue: 168, numberPrecision: 0 },
			description: `Hours before the contact is called again ${after}, from 1 to 168; replaces Retry Cooldown for this outcome`,
		}),
	),
	{
		displayName: 'Caller ID (Phone Number) Name or ID',
		name: 'phoneNumberId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
		default: '',
		description:
			'The number the campaign’s calls come from. Talkover’s OpenAPI spec requires it, its Create Campaign page does not mention it: without it Talkover may refuse the campaign or call from a number it picks. Left empty, it is not sent. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
	},
	{
		displayName: 'Do-Not-Call Custom List',
		name: 'doNotCallCustomList',
		type: 'string',
		default: '',
		placeholder: '+15551234567, +15559876543',
		description: 'Phone numbers this campaign never calls, separated by commas or new lines; used when Do-Not-Call List Source is Custom',
	},
	{
		displayName: 'Do-Not-Call Enabled',
		name: 'doNotCallEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether contacts are checked against a do-not-call list before each call',
	},
	{
		displayName: 'Do-Not-Call List Source',
		name: 'doNotCallListSource',
		type: 'options',
		default: 'environment',
		options: [
			{ name: 'Custom (This Campaign’s List)', value: 'custom' },
			{ name: 'Environment (Shared by All Campaigns)', value: 'environment' },
			{ name: 'Global (Platform-Wide)', value: 'global' },
		],
	},
	{
		displayName: 'Enable Post-Completion Cooldown',
		name: 'enablePostCompletionCooldown',
		type: 'boolean',
		default: false,
		description: 'Whether contacts rest after the campaign completes, so another campaign does not call them at once',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description: 'The last day of the campaign (only the date is used); after the start date',
	},
	{
		displayName: 'Initial Call Delay (Seconds)',
		name: 'initialCallDelay',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description: 'Seconds before the first call attempt',
	},
	{
		displayName: 'Max Calls per Day',
		name: 'maxCallsPerDay',
		type: 'number',
		default: 100,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'The most calls the campaign places in a day, a whole number of at least 1 (Talkover documents no maximum)',
	},
	{
		displayName: 'Max Calls per Hour',
		name: 'maxCallsPerHour',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'The most calls the campaign places in an hour, a whole number of at least 1 (Talkover documents no maximum)',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		description: 'Retry attempts per contact, from 0 to 10',
	},
	{
		displayName: 'Post-Completion Cooldown (Hours)',
		name: 'postCompletionCooldownHours',
		type: 'number',
		default: 168,
		typeOptions: { minValue: 1, maxValue: 168, numberPrecision: 0 },
		description: 'Hours contacts rest after the campaign completes, from 1 to 168',
	},
	{
		displayName: 'Retry Cooldown (Hours)',
		name: 'retryCooldownHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1, maxValue: 168, numberPrecision: 0 },
		description: 'Hours between retry attempts, from 1 to 168',
	},
	{
		displayName: 'Retry on No Conversion',
		name: 'retryOnNoConversion',
		type: 'boolean',
		default: false,
		description: 'Whether calls that completed without converting are tried again after the cooldown',
	},
	{
		displayName: 'Voicemail Hours',
		name: 'voicemailHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'Hours to wait after a call reached voicemail (voicemail_hours of Talkover’s OpenAPI spec, a whole number; no range is documented). Talkover’s pages document Voicemail Cooldown (Hours) instead; which one Talkover applies is not documented.',
	},
];

/** Parameter → API field, for every campaign setting (Create's top-level and optional ones, Update's). */
export const CAMPAIGN_FIELDS: ApiFields = {
	name: 'name',
	description: 'description',
	campaignType: 'campaign_type',
	agentId: 'agent_id',
	startDate: 'start_date',
	endDate: 'end_date',
	daysOfWeek: 'days_of_week',
	callTimeRanges: 'call_time_ranges',
	timezone: 'timezone',
	initialCallDelay: 'initial_call_delay',
	maxRetries: 'max_retries',
	retryCooldownHours: 'retry_cooldown_hours',
	autoComplete: 'auto_complete',
	retryOnNoConversion: 'retry_on_no_conversion',
	enablePostCompletionCooldown: 'enable_post_completion_cooldown',
	postCompletionCooldownHours: 'post_completion_cooldown_hours',
	successCooldownHours: 'success_cooldown_hours',
	voicemailCooldownHours: 'voicemail_cooldown_hours',
	noAnswerCooldownHours: 'no_answer_cooldown_hours',
	busyCooldownHours: 'busy_cooldown_hours',
	failedCooldownHours: 'failed_cooldown_hours',
	doNotCallEnabled: 'do_not_call_enabled',
	doNotCallListSource: 'do_not_call_list_source',
	doNotCallCustomList: 'do_not_call_custom_list',
	autoAddToDncEnabled: 'auto_add_to_dnc_enabled',
	autoDncTriggerStatuses: 'auto_dnc_trigger_statuses',
	autoDncTriggerErrors: 'auto_dnc_trigger_errors',
	clearEndDate: 'end_date',
	phoneNumberId: 'phone_number_id',
	maxCallsPerHour: 'max_calls_per_hour',
	maxCallsPerDay: 'max_calls_per_day',
	voicemailHours: 'voicemail_hours',
};

type Property = Pick<INodeProperties, 'displayName' | 'name'>;

function prop(properties: INodeProperties[], name: string, collection?: string): Property {
	return findProperty(properties, name, collection);
}

/** Days of Week: numbers 1–7 or English day names (from the picker or an expression), in week order, once each. */
function readDays(ctx: IExecuteFunctions, itemIndex: number, property: Property, value: unknown): number[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : typeof value === 'number' ? [value] : null;
	if (!list) throw invalidInput(ctx, itemIndex, property, 'is not a list of days');
	const days = list.map((entry) => {
		const text = String(entry).trim();
		const byName = WEEKDAYS.findIndex((d) => d.toLowerCase() === text.toLowerCase() || d.slice(0, 3).toLowerCase() === text.toLowerCase());
		const n = byName >= 0 ? byName + 1 : Number(text);
		if (!Number.isInteger(n) || n < 1 || n > 7) throw invalidInput(ctx, itemIndex, property, `"${text}" is not a day; use 1 (Monday) to 7 (Sunday) or a day name`);
		return n;
	});
	if (days.length === 0) throw invalidInput(ctx, itemIndex, property, 'has no day; choose at least one');
	return [...new Set(days)].sort((a, b) => a - b);
}

/** Call Time Ranges: at least one, each `{start, end}` HH:MM with the end after the start. */
function readRanges(ctx: IExecuteFunctions, itemIndex: number, property: Property, value: unknown): IDataObject[] {
	const ranges = (Array.isArray(value) ? value : ((value as IDataObject | undefined)?.ranges ?? [])) as IDataObject[];
	if (!Array.isArray(ranges) || ranges.length === 0) throw invalidInput(ctx, itemIndex, property, 'has no time range; add at least one');
	return ranges.map((range, i) => {
		const start = readTime(ctx, itemIndex, { ...property, displayName: `${property.displayName} ${i + 1} Start` }, range?.start);
		const end = readTime(ctx, itemIndex, { ...property, displayName: `${property.displayName} ${i + 1} End` }, range?.end);
		if (end <= start) throw invalidInput(ctx, itemIndex, property, `range ${i + 1} ends at ${end}, not after its start ${start}`);
		return { start, end };
	});
}

/** A list given as text separated by commas or new lines, or as an array (expression). */
function empty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Caller ID: a phone number ID from the list or an expression, `format: uuid` in openapi.json. */
function readPhoneNumberId(ctx: IExecuteFunctions, itemIndex: number, property: Property, value: unknown): string {
	return readLocatorId(ctx, itemIndex, value, { name: property.name, label: property.displayName, noun: 'phone number', uuid: true });
}

/**
 * The readers of the fields that need more than their definition; `collection` is where they sit
 * (undefined: top level).
 */
export function campaignReaders(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: INodeProperties[],
	collection?: string,
): Record<string, (value: unknown) => unknown> {
	const p = (name: string) => prop(properties, name, collection);
	return {
		agentId: (value) => readAgentId(ctx, itemIndex, value),
		startDate: (value) => readDay(ctx, itemIndex, p('startDate'), value),
		endDate: (value) => readDay(ctx, itemIndex, p('endDate'), value),
		daysOfWeek: (value) => readDays(ctx, itemIndex, p('daysOfWeek'), value),
		callTimeRanges: (value) => readRanges(ctx, itemIndex, p('callTimeRanges'), value),
		timezone: (value) => readTimeZone(ctx, itemIndex, p('timezone'), value),
		doNotCallCustomList: (value) => readTextList(ctx, itemIndex, p('doNotCallCustomList'), value).map((phone) => normalizePhone(ctx, itemIndex, p('doNotCallCustomList'), phone)),
		autoDncTriggerStatuses: (value) => readTextList(ctx, itemIndex, p('autoDncTriggerStatuses'), value),
		autoDncTriggerErrors: (value) => readTextList(ctx, itemIndex, p('autoDncTriggerErrors'), value),
		name: (value) => checkParameter(ctx, itemIndex, { ...findProperty(properties, 'name', collection), required: true }, value, { maxLength: 255 }),
		// openapi.json's fields, sent only when they have a value (an expression may give none for an item).
		phoneNumberId: (value) => (empty(value) ? undefined : readPhoneNumberId(ctx, itemIndex, p('phoneNumberId'), value)),
		maxCallsPerHour: (value) => (empty(value) ? undefined : checkParameter(ctx, itemIndex, findProperty(properties, 'maxCallsPerHour', collection), value)),
		maxCallsPerDay: (value) => (empty(value) ? undefined : checkParameter(ctx, itemIndex, findProperty(properties, 'maxCallsPerDay', collection), value)),
		voicemailHours: (value) => (empty(value) ? undefined : checkParameter(ctx, itemIndex, findProperty(properties, 'voicemailHours', collection), value)),
	};
}

/** Create Campaign: "must be after start_date". */
export function checkDates(ctx: IExecuteFunctions, itemIndex: number, property: Property, body: IDataObject): void {
	const { start_date: start, end_date: end } = body;
	if (typeof start === 'string' && typeof end === 'string' && end <= start) {
		throw invalidInput(ctx, itemIndex, property, `${end} is not after the start date ${start}`);
	}
}
