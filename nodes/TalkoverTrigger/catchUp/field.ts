import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Talkover keeps a webhook's delivery log 30 days (List Webhook Delivery Logs): no catch-up reaches further. */
export const MAX_CATCH_UP_HOURS = 720;

/** How far back the trigger looks when the option is left out: a day (0 turns catching up off). */
export const DEFAULT_CATCH_UP_HOURS = 24;

/** The trigger's option (in its Options) that turns catching up on and bounds how far back it looks. */
export const catchUpOption: INodeProperties = {
	displayName: 'Catch Up Missed Events (Hours)',
	name: 'catchUpHours',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_CATCH_UP_HOURS },
	default: DEFAULT_CATCH_UP_HOURS,
	description:
		'When the workflow is activated or n8n starts, have Talkover deliver again, once each, the events it could not deliver since the trigger last received one (n8n down or unreachable), looking back at most this many hours (up to 720, the 30 days Talkover keeps its delivery log). Their items say caught_up: true. 0: off.',
};

/** The option's hours, checked: a number from 0 to MAX_CATCH_UP_HOURS (0: off; left out: DEFAULT_CATCH_UP_HOURS). */
export function catchUpHours(ctx: IHookFunctions | IWebhookFunctions): number {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const value = options.catchUpHours ?? DEFAULT_CATCH_UP_HOURS;
	const hours = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > MAX_CATCH_UP_HOURS) {
		throw new NodeOperationError(ctx.getNode(), `Options → Catch Up Missed Events (Hours): give a number of hours from 0 to ${MAX_CATCH_UP_HOURS} (0: off)`);
	}
	return hours;
}

/**
 * The option's hours for a delivery: a value that is not valid (an expression that changed since the
 * activation, which checked it) is read as the default. It only says how long deliveries are remembered:
 * a delivery is never refused for it; the next activation says what is wrong.
 */
export function deliveryCatchUpHours(ctx: IWebhookFunctions): number {
	try {
		return catchUpHours(ctx);
	} catch {
		return DEFAULT_CATCH_UP_HOURS;
	}
}
