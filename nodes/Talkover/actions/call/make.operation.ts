import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { CALL_RECORD, placedCallId } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import type { CallGuardrails } from '../../guardrails/callGuardrails';
import { checkCallGuardrails } from '../../guardrails/callGuardrails';
import { sendCounted } from '../../guardrails/callCount';
import { whenToCall } from '../../callingHours/whenToCall';
import { sendWithinDay } from '../../dailyCap';
import type { AtSend } from '../../../shared/transport';
import { apiPath, clock, talkoverAnswer } from '../../../shared/transport';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { checkParameter, findProperty } from '../../../shared/validation';
import { CONTEXT_DESCRIPTION, isTestingField, objectFields, PAYLOAD_DESCRIPTION, readObjectField, toField } from '../fields';
import type { DialTarget } from '../engine/recentCalls';
import type { AgentRequest, IfUnsure, ItemContext } from '../operation';

/** The longest Delay Talkover takes (make-call.mdx: `delay_seconds` 0 to 3600). */
export const MAX_DELAY_SECONDS = 3600;

/** The call's fields (Make and Wait for Outcome has the same ones, under the same names). */
export const callFields: INodeProperties[] = [
	agentLocator(),
	toField,
	isTestingField,
	collection('additionalFields', [
		...objectFields('context', 'Context', CONTEXT_DESCRIPTION),
		{
			displayName: 'Delay (Seconds)',
			name: 'delaySeconds',
			type: 'number',
			default: 0,
			description: 'Seconds Talkover waits before dialling, from 0 to 3600',
			typeOptions: { minValue: 0, maxValue: MAX_DELAY_SECONDS, numberPrecision: 0 },
		},
		...objectFields('payload', 'Payload', PAYLOAD_DESCRIPTION),
	]),
];

const properties: INodeProperties[] = [
	{
		displayName:
			'Make Call dials a real phone number and uses Talkover credits, unless Test Call is on. Each input item places one call; a failed call is never sent again automatically.',
		name: 'makeCallNotice',
		type: 'notice',
		default: '',
	},
	...callFields,
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['make'] } }, properties);

/** Dials a real number and uses credits: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The call may have been placed', check: 'the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number)', notDone: 'Nothing reached Talkover: the call was not placed.' };

/** The request and the item's guardrails (Options → Allowed Destinations, Calling Hours, Max Calls per Execution). */
export interface MakeRequest extends AgentRequest {
	guardrails: CallGuardrails;
}

/**
 * To → `to` (E.164), Test Call → `is_testing`, Payload → `payload`, Context → `context`, Delay Seconds →
 * `delay_seconds`. A number Options → Allowed Destinations refuses fails the item here.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): MakeRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const body: IDataObject = {
		to: normalizePhone(this, itemIndex, findProperty(properties, 'to'), this.getNodeParameter('to', itemIndex)),
		is_testing: checkParameter(this, itemIndex, findProperty(properties, 'isTesting'), this.getNodeParameter('isTesting', itemIndex)),
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const payload = readObjectField(this, itemIndex, properties, 'additionalFields', additional, 'payload');
	if (payload) body.payload = payload;
	const context = readObjectField(this, itemIndex, properties, 'additionalFields', additional, 'context');
	if (context) body.context = context;
	if (additional.delaySeconds !== undefined) {
		body.delay_seconds = checkParameter(this, itemIndex, findProperty(properties, 'delaySeconds', 'additionalFields'), additional.delaySeconds);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const guardrails = checkCallGuardrails(this, itemIndex, body.to as string, options, { canDelay: true });
	return { agentId, body, guardrails };
}

/** The Delay the user set (Additional Fields), counted in the moment the call would start. */
function givenDelay({ delay_seconds: given }: IDataObject): number {
	return typeof given === 'number' ? given : 0;
}

/**
 * Options → Calling Hours, when the item is about to be sent (before Skip Numbers Called Within's read):
 * outside the hours, and not within an hour of them with Outside the Hours → Schedule, it is skipped
 * (nothing sent). Whether and with which `delay_seconds` the call goes is decided again as each attempt
 * of the request leaves (`atSend` in execute).
 */
export function beforeSending(this: IExecuteFunctions, { body, guardrails }: MakeRequest, now: number, itemIndex: number): { skip: IDataObject } | undefined {
	const when = whenToCall(this, itemIndex, guardrails.hours, body.to as string, now, givenDelay(body));
	return when.send ? undefined : { skip: when.output };
}

/**
 * The delay (seconds) the item's call was sent with, from its output as placed: Calling Hours' `delaySeconds`
 * when the hours scheduled it (the node's own fields, set after Talkover's answer, only with Outside the Hours →
 * Schedule), else the Delay the user set. A call read back from Talkover's list with Outside the Hours → Schedule
 * (`alreadyPlaced`): its listed `delay_seconds`, else the longest Talkover takes. The call rings that long after
 * Talkover accepted it.
 */
export function sentDelaySeconds({ body, guardrails }: MakeRequest, placed: IDataObject): number {
	const isDelay = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DELAY_SECONDS;
	if (guardrails.hours?.outsideHours === 'delay') {
		if (placed.scheduled === true && isDelay(placed.delaySeconds)) return placed.delaySeconds;
		// A call read back from Talkover's list (placed by an earlier try or execution, its answer never read): whether
		// the hours delayed it is not known. Its listed delay, else the latest it may ring.
		if (placed.alreadyPlaced !== undefined) return isDelay(placed.delay_seconds) ? placed.delay_seconds : MAX_DELAY_SECONDS;
	}
	return givenDelay(body);
}

export function dialTarget({ agentId, body }: AgentRequest): DialTarget {
	return { scope: 'agent', id: agentId, to: body.to as string };
}

/**
 * Sends the call. With Calling Hours, the hours are asked again at the moment each attempt leaves, after
 * every wait (the account's pacing, a 429's Retry-After): outside them nothing is sent and the item comes out
 * skipped, as before sending; with Schedule, `delay_seconds` is the one that starts the call at the opening
 * counted from that moment, and the output's scheduled fields are those of the attempt Talkover answered.
 */
export async function execute(this: IExecuteFunctions, { agentId, body, guardrails }: MakeRequest, item: ItemContext): Promise<IDataObject[]> {
	let scheduled: IDataObject | undefined;
	const atSend = guardrails.hours
		? (now: number): AtSend => {
				const when = whenToCall(this, item.itemIndex, guardrails.hours, body.to as string, now, givenDelay(body));
				if (!when.send) return { withhold: when.output };
				scheduled = when.fields;
				return when.delaySeconds === undefined ? undefined : { body: { ...body, delay_seconds: when.delaySeconds } };
			}
		: undefined;
	// Options → Max Calls per Day: the day the call would ring now (its Delay, or Calling Hours' schedule) is counted
	// first; at its limit the item comes out skipped. Options → Max Calls per Execution: a call beyond the cap fails
	// here, before the request.
	const now = clock.now();
	const when = guardrails.daily && guardrails.hours ? whenToCall(this, item.itemIndex, guardrails.hours, body.to as string, now, givenDelay(body)) : undefined;
	const ringsAt = now + (when?.send && when.delaySeconds !== undefined ? when.delaySeconds : givenDelay(body)) * 1000;
	const target = { scope: 'agent' as const, id: agentId, to: body.to as string };
	const response = await sendWithinDay(this, guardrails.daily, { target, ringsAt, settings: item }, async () =>
		await sendCounted(this, item.itemIndex, guardrails.cap, async () =>
			await talkoverAnswer(this, 'POST', apiPath`/agents/${agentId}/call`, {
				...item,
				body,
				atSend,
				notFoundMessage: agentNotFound(agentId),
				// Make Call's own words for a 402 (every other operation gets the plain "Not enough Talkover credits").
				codeMessages: { INSUFFICIENT_CREDITS: 'Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call' },
				// The page: {success, data: call}; openapi.json: the bare Call or ExternalCall (CONTRADICTIONS.md #22).
				read: CALL_RECORD,
			}),
		),
		(answer) => placedCallId(answer.value),
	);
	return [scheduled ? { ...response.value, ...scheduled } : response.value];
}
