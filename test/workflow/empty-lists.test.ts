import { runTalkover } from '../helpers/n8n';
import { byId, useSandbox } from '../helpers/fixtures';
import { PAUSED_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

/**
 * Issue 21 item 14's siblings in the campaign fields: a list field sent as a list replaces what the
 * campaign has, so an empty text from an expression (an empty CRM field) must not become [] (an empty
 * do-not-call list: the campaign calls people who asked not to be called).
 */
describe('Campaign → Update: list fields from an empty text are refused, not sent as []', () => {
	test.each([
		['doNotCallCustomList', 'Do-Not-Call Custom List', ''],
		['doNotCallCustomList', 'Do-Not-Call Custom List', ' ,\n '],
		['autoDncTriggerStatuses', 'Auto Do-Not-Call Trigger Statuses', ' '],
		['autoDncTriggerErrors', 'Auto Do-Not-Call Trigger Errors', ''],
	])('%s from %o', async (field, label, text) => {
		const { error } = await runTalkover({
			items: [{ text }],
			parameters: { resource: 'campaign', operation: 'update', campaignId: byId(PAUSED_CAMPAIGN), updateFields: { [field]: '={{ $json.text }}' } },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`${label} (item 0): is an empty text; leave the field out to keep what is there, or give an empty list ({{ [] }}) or choose none in the list to remove them all`);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an explicit empty list ({{ [] }}) is sent as []', async () => {
		const { error } = await runTalkover({
			parameters: { resource: 'campaign', operation: 'update', campaignId: byId(PAUSED_CAMPAIGN), updateFields: { doNotCallCustomList: '={{ [] }}' } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.find((r) => r.method !== 'GET')?.body).toEqual({ do_not_call_custom_list: [] });
	});
});
