import { runTalkover } from '../helpers/n8n';
import { byId, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';
import { PAUSED_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

/**
 * The campaign's list fields: a list field sent as a list replaces what the
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

/**
 * An empty entry inside a list (`{{ [$json.phone] }}` over an empty CRM field,
 * `{{ [" "] }}`, `a,,b`) is refused, naming the field and the entry's position; it is never dropped, which
 * turned `[""]` into [] and removed the whole list.
 */
describe('List fields: an empty entry inside a list is refused, naming its position', () => {
	test.each([
		['doNotCallCustomList', 'Do-Not-Call Custom List', '={{ [$json.phone] }}', 1],
		['doNotCallCustomList', 'Do-Not-Call Custom List', '={{ ["+15550000001", $json.phone] }}', 2],
		['doNotCallCustomList', 'Do-Not-Call Custom List', '={{ [null] }}', 1],
		['doNotCallCustomList', 'Do-Not-Call Custom List', '+15550000001,,+15550000002', 2],
		['autoDncTriggerStatuses', 'Auto Do-Not-Call Trigger Statuses', '={{ [" "] }}', 1],
		['autoDncTriggerErrors', 'Auto Do-Not-Call Trigger Errors', '={{ ["busy", ""] }}', 2],
	])('Campaign → Update %s = %s', async (field, label, value, position) => {
		const { error } = await runTalkover({
			items: [{ phone: '' }],
			parameters: { resource: 'campaign', operation: 'update', campaignId: byId(PAUSED_CAMPAIGN), updateFields: { [field]: value } },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`${label} (item 0): entry ${position} is empty; remove it, or leave the field out to keep what is there`);
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	});

	test('Campaign → Update: a list of entries, one a line, with a trailing new line, is sent as given', async () => {
		const { error } = await runTalkover({
			parameters: { resource: 'campaign', operation: 'update', campaignId: byId(PAUSED_CAMPAIGN), updateFields: { doNotCallCustomList: '+15550000001\n+15550000002\n' } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.find((r) => r.method !== 'GET')?.body).toEqual({ do_not_call_custom_list: ['+15550000001', '+15550000002'] });
	});

	test.each([['={{ [$json.id] }}'], ['={{ ["", $json.id] }}']])('Agent → Update Calling, Phone Number IDs %s over an empty field', async (phoneNumberIds) => {
		const { error } = await runTalkover({
			items: [{ id: ' ' }],
			parameters: { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'outbound', additionalFields: { phoneNumberIds } },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/^Phone Number Names or IDs \(item 0\): contains an empty ID \(entry 1\)/);
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	});
});
