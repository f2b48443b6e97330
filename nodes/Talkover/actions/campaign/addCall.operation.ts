import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { placedCallId, QUEUED_CAMPAIGN_CALL } from '../../../shared/answers';
import { campaignLocator, campaignNotFound, getCampaignId } from '../../../shared/campaign';
import { collection } from '../../../shared/fields';
import type { CallGuardrails } from '../../guardrails/callGuardrails';
import { checkCallGuardrails } from '../../guardrails/callGuardrails';
import { sendCounted } from '../../guardrails/callCount';
import { sendWithinDay } from '../../dailyCap';
import { queuedCallHours } from '../../callingHours/queuedCallHours';
import { whenToCall } from '../../callingHours/whenToCall';
import type { AtSend } from '../../../shared/transport';
import { apiPath, asObject, clock, talkoverAnswer } from '../../../shared/transport';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { checkParameter, findProperty } from '../../../shared/validation';
import { CONTEXT_DESCRIPTION, isTestingField, objectFields, PAYLOAD_DESCRIPTION, readObjectField, toField } from '../fields';
import type { DialTarget } from '../engine/recentCalls';
import type { IfUnsure, ItemContext } from '../operation';

/** Add Call's fields (Campaign, To, Test Call, Allow Duplicates, Additional Fields), shared with Add Call and Wait for Outcome. */
export const callFields: INodeProperties[] = [
	campaignLocator(),
	toField,
	isTestingField,
	{
		displayName: 'Allow Duplicates',
		name: 'allowDuplicates',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the number even if it already has a queued or active call in this campaign. Off (recommended): Talkover refuses the duplicate and the item fails with the existing call’s ID, so a lead is never called twice by mistake. On: for a deliberate follow-up call.',
	},
	collection('additionalFields', [...objectFields('context', 'Context', CONTEXT_DESCRIPTION), ...objectFields('payload', 'Payload', PAYLOAD_DESCRIPTION)]),
];

const properties: INodeProperties[] = [
	{
		displayName:
			'Add Call queues the number in an active campaign: Talkover dials it on the campaign’s schedule, with its retries and do-not-call rules, and uses credits unless Test Call is on. Each input item adds one call; a failed item is never sent again automatically.',
		name: 'addCallNotice',
		type: 'notice',
		default: '',
	},
	...callFields,
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['addCall'] } }, properties);

/** Queues a call that dials and uses credits: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The lead may have been added to the campaign', check: 'the lead is queued: Campaign → Get (its calls), or Add Call again with Allow Duplicates off, which Talkover refuses for a number already queued or on a call in the campaign', notDone: 'Nothing reached Talkover: the lead was not added to the campaign.' };

export interface AddCallRequest {
	campaignId: string;
	body: IDataObject;
	/** Options → Allowed Destinations, Calling Hours. */
	guardrails: CallGuardrails;
}

/**
 * To → `to` (E.164), Test Call → `is_testing`, Allow Duplicates → `allow_duplicates`, Payload → `payload`,
 * Context → `context`. A number Options → Allowed Destinations refuses fails the item here.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): AddCallRequest {
	const campaignId = getCampaignId.call(this, itemIndex);
	const flag = (name: string) => checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	const body: IDataObject = {
		to: normalizePhone(this, itemIndex, findProperty(properties, 'to'), this.getNodeParameter('to', itemIndex)),
		is_testing: flag('isTesting'),
		allow_duplicates: flag('allowDuplicates'),
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const payload = readObjectField(this, itemIndex, properties, 'additionalFields', additional, 'payload');
	if (payload) body.payload = payload;
	const context = readObjectField(this, itemIndex, properties, 'additionalFields', additional, 'context');
	if (context) body.context = context;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const guardrails = checkCallGuardrails(this, itemIndex, body.to as string, options, { canDelay: false });
	return { campaignId, body, guardrails };
}

/**
 * Options → Calling Hours, when the item is about to be sent (before Skip Numbers Called Within's read):
 * outside the hours the lead is not added (nothing sent), whatever calling windows the campaign has in
 * Talkover. Asked again as each attempt of the request leaves (`atSend` in execute).
 */
export function beforeSending(this: IExecuteFunctions, { body, guardrails }: AddCallRequest, now: number, itemIndex: number): { skip: IDataObject } | undefined {
	const when = whenToCall(this, itemIndex, guardrails.hours, body.to as string, now);
	return when.send ? undefined : { skip: when.output };
}

export function dialTarget({ campaignId, body }: AddCallRequest): DialTarget {
	return { scope: 'campaign', id: campaignId, to: body.to as string };
}

/**
 * The queued campaign call with its campaign: `{campaign_call, campaign}` (201, its page) becomes the
 * call with a `campaign` field; a bare call (200, openapi.json) is output as it is. With Calling Hours the
 * hours are asked again as each attempt leaves (after every wait: outside them nothing is sent and the item
 * comes out skipped), and the moment Talkover says it will dial (`scheduled_at`) is checked against them:
 * outside, the call is flagged (`outsideCallingHours`, `callingHoursWarning`; callingHours/queuedCallHours.ts).
 */
export async function execute(this: IExecuteFunctions, { campaignId, body, guardrails }: AddCallRequest, item: ItemContext): Promise<IDataObject[]> {
	const atSend = guardrails.hours
		? (now: number): AtSend => {
				const when = whenToCall(this, item.itemIndex, guardrails.hours, body.to as string, now);
				return when.send ? undefined : { withhold: when.output };
			}
		: undefined;
	// Options → Max Calls per Day: the campaign's calls of today (in the option's zone) are counted first; at its
	// limit the item comes out skipped. Options → Max Calls per Execution: a call beyond the cap fails here, before
	// the request.
	const target = { scope: 'campaign' as const, id: campaignId, to: body.to as string };
	const response = await sendWithinDay(this, guardrails.daily, { target, ringsAt: clock.now(), settings: item }, async () =>
		await sendCounted(this, item.itemIndex, guardrails.cap, async () =>
			await talkoverAnswer(this, 'POST', apiPath`/campaigns/${campaignId}/call`, { ...item, body, atSend, notFoundMessage: campaignNotFound(campaignId), read: QUEUED_CAMPAIGN_CALL }),
		),
		(answer) => placedCallId(asObject(answer.value.answer.campaign_call) ?? answer.value.answer),
	);
	// The reader has checked that one of the two is a record.
	const { answer, scheduledAt } = response.value;
	const outside = queuedCallHours(guardrails.hours, scheduledAt) ?? {};
	const call = answer.campaign_call;
	if (call !== null && typeof call === 'object' && !Array.isArray(call)) return [{ ...(call as IDataObject), campaign: answer.campaign ?? null, ...outside }];
	return [{ ...answer, ...outside }];
}
