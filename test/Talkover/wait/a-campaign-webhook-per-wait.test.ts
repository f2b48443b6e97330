/**
 * Add Call and Wait for Outcome whose items pick different Call Events to Include (an expression per item):
 * the wait registers one webhook on the campaign, taking the campaign call's two ends and each event any item
 * picked, once. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { INodeParameters } from 'n8n-workflow';

import { byId } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { useMakeAndWait } from '../../helpers/makeAndWait';

const { sandbox, n8n } = useMakeAndWait();

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', isTesting: true, ...extra };
}

test('three leads picking transcript, transcript and report, and report: one webhook on the campaign, each picked event in it once', async () => {
	const leads = [
		{ to: '+15550043001', events: ['transcript'] },
		{ to: '+15550043002', events: ['transcript', 'report'] },
		{ to: '+15550043003', events: ['report'] },
	];
	const execution = await n8n.run(leads, parameters({ callEvents: '={{ $json.events }}' }));
	expect(execution.status).toBe('waiting');
	const webhooks = sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	expect(webhooks.map((w) => [w.campaign_id, w.events, w.include_call_events])).toEqual([
		[ACTIVE_CAMPAIGN, ['campaign_call.completed', 'campaign_call.failed', 'event_call_transcript', 'event_call_report'], true],
	]);
});
