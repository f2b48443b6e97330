import type { IHookFunctions } from 'n8n-workflow';

/**
 * Whether n8n is registering or removing the test URL (Listen for test event) rather than publishing:
 * n8n 2.x registers it with activation `manual` and removes it with mode `internal`, activation `update`
 * (TestWebhooks.deactivateWebhooks), the same as a published workflow's update (n8n 1.123, 2.8 and 2.41 alike):
 * only the webhook's `isTest` (its URL is the test URL) tells them apart.
 */
export function isTestListening(ctx: IHookFunctions): boolean {
	if (ctx.getActivationMode() === 'manual' || ctx.getMode() === 'manual') return true;
	return (ctx as unknown as { webhookData?: { isTest?: unknown } }).webhookData?.isTest === true;
}
