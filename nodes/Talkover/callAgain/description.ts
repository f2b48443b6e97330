import type { INodeProperties } from 'n8n-workflow';

/**
 * The Call Again Until Reached option as a node holds it (an entry of Make and Wait for Outcome's Options). Only
 * the description: read.ts reads the value.
 *
 * Value: `{ rule: { attempts, afterMinutes, when } }`.
 */

/** The most calls one lead gets from the option, the first included. */
export const MAX_ATTEMPTS = 10;

/** The longest Call Again After (minutes): 7 days. */
export const MAX_AFTER_MINUTES = 7 * 24 * 60;

export const attemptsProperty: INodeProperties = {
	displayName: 'Attempts',
	name: 'attempts',
	type: 'number',
	default: 3,
	typeOptions: { minValue: 1, maxValue: MAX_ATTEMPTS, numberPrecision: 0 },
	description: 'The most calls the lead gets in all, the first one included (1 to 10; 1: no second call)',
};

export const afterMinutesProperty: INodeProperties = {
	displayName: 'Call Again After (Minutes)',
	name: 'afterMinutes',
	type: 'number',
	default: 10,
	typeOptions: { minValue: 0, maxValue: MAX_AFTER_MINUTES, numberPrecision: 0 },
	description: "Minutes from the end of a call that did not reach the lead to the next one, moved to the next allowed moment when Calling Hours is set (up to 10080: 7 days)",
};

export const whenProperty: INodeProperties = {
	displayName: 'Call Again When',
	name: 'when',
	type: 'multiOptions',
	default: ['notReached'],
	options: [
		{ name: 'Not Reached', value: 'notReached', description: 'Busy, no answer, failed: the call did not connect' },
		{ name: 'Timed Out', value: 'timedOut', description: 'No end came before the Wait Limit' },
		{ name: 'Voicemail', value: 'voicemail', description: 'The call reached a voicemail' },
	],
	description: 'Which outcomes of a call lead to the next one. An answered call never does.',
};

export const callAgainOption: INodeProperties = {
	displayName: 'Call Again Until Reached',
	name: 'callAgainUntilReached',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Rule',
	description:
		"Calls the lead again when a call does not reach them, up to Attempts calls. The item comes out with attempts (each call's outcome) and, when another call is due, nextAttemptAt: connect the node's output through an If node (nextAttemptAt exists) and a Wait node (Resume: At Specified Time, at the item's nextAttemptAt) back into this node, which places the next call then.",
	options: [{ displayName: 'Rule', name: 'rule', values: [attemptsProperty, afterMinutesProperty, whenProperty] }],
};
