import { runTalkover } from '../../helpers/n8n';
import { byId, PHONE_1, PHONE_2, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const calling = { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT) };

describe('Agent → Update Calling', () => {
	test('sends direction and the chosen phone numbers, outputs the updated agent', async () => {
		const { output, error } = await runTalkover({
			parameters: { ...calling, direction: 'outbound', additionalFields: { phoneNumberIds: [PHONE_1, PHONE_2] } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(1);
		const [request] = sandbox().requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/calling`);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual({ direction: 'outbound', phone_number_ids: [PHONE_1, PHONE_2] });
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, direction: 'outbound' });
		expect((output![0].json.phone_numbers as Array<{ id: string }>).map((p) => p.id)).toEqual([PHONE_1, PHONE_2]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('without the Phone Numbers field only the direction is sent (numbers stay as they are)', async () => {
		await runTalkover({ parameters: { ...calling, direction: 'inbound' }, credentials: credentials() });
		expect(sandbox().requests[0].body).toEqual({ direction: 'inbound' });
	});

	test('the Phone Numbers field added but empty sends an empty list (removes all numbers)', async () => {
		await runTalkover({ parameters: { ...calling, direction: 'inbound', additionalFields: { phoneNumberIds: [] } }, credentials: credentials() });
		expect(sandbox().requests[0].body).toEqual({ direction: 'inbound', phone_number_ids: [] });
	});

	test('phone number IDs from an expression: an array or a comma-separated text', async () => {
		await runTalkover({
			items: [{ ids: [PHONE_2] }, { ids: ` ${PHONE_1} ,${PHONE_2}` }],
			parameters: { ...calling, direction: 'outbound', additionalFields: { phoneNumberIds: '={{ $json.ids }}' } },
			credentials: credentials(),
		});
		expect(sandbox().requests.map((r) => r.body.phone_number_ids)).toEqual([[PHONE_2], [PHONE_1, PHONE_2]]);
	});

	test.each([[''], ['   '], ['={{ "" }}'], ['={{ $json.crmNumbers }}']])('Phone Number IDs %o (an empty text, e.g. an empty CRM field) is refused, never sent as [] (which removes every number)', async (phoneNumberIds) => {
		const { error } = await runTalkover({ items: [{ crmNumbers: '  ' }], parameters: { ...calling, direction: 'outbound', additionalFields: { phoneNumberIds } }, credentials: credentials() });
		expect(error?.message).toBe('Phone Number Names or IDs (item 0): is an empty text; leave the field out to keep what is there, or give an empty list ({{ [] }}) or choose none in the list to remove them all');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an empty list from an expression ({{ [] }}) is explicit: sent as [] (removes all numbers)', async () => {
		await runTalkover({ parameters: { ...calling, direction: 'inbound', additionalFields: { phoneNumberIds: '={{ [] }}' } }, credentials: credentials() });
		expect(sandbox().requests[0].body).toEqual({ direction: 'inbound', phone_number_ids: [] });
	});

	test('an unknown agent gives "Agent not found" with the ID', async () => {
		const { error } = await runTalkover({
			parameters: { ...calling, agentId: byId(UNKNOWN_AGENT), direction: 'inbound' },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		expect(error?.description).toContain('Talkover said: "Agent not found"');
		expect(error?.httpCode).toBe('404');
	});

	test('a direction outside inbound/outbound from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...calling, direction: '={{ "both" }}' }, credentials: credentials() });
		expect(error?.message).toMatch(/Direction \(item 0\): "both" is not one of the allowed values: inbound, outbound/);
		expect(sandbox().requests).toHaveLength(0);
	});
});
