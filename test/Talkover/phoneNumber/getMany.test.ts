import { runTalkover } from '../../helpers/n8n';
import { PHONE_1, PHONE_2, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

describe('Phone Number → Get Many', () => {
	const getMany = { resource: 'phoneNumber', operation: 'getMany' };

	test('filters go out as type, has_voice, has_whatsapp, search', async () => {
		const { output } = await runTalkover({
			parameters: { ...getMany, returnAll: true, filters: { type: 'voice', hasVoice: true, hasWhatsapp: true, search: '+1555' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].path).toBe('/api/v1/phone-numbers');
		expect(sandbox().requests[0].query).toEqual({ type: 'voice', has_voice: 'true', has_whatsapp: 'true', search: '+1555', per_page: '100', page: '1' });
		expect(sandbox().requests[0].rawQuery).toContain('search=%2B1555');
		expect(output!.map((o) => o.json.id)).toEqual([PHONE_2]);
	});

	test('the list is not paged by Talkover: Limit cuts it, Return All takes it whole in one request', async () => {
		const limited = await runTalkover({ parameters: { ...getMany, limit: 2 }, credentials: credentials() });
		expect(limited.output!.map((o) => o.json.id)).toEqual([PHONE_1, PHONE_2]);
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(3);
		expect(sandbox().requests).toHaveLength(2);
	});

	test('if Talkover does page the list (meta), every page is followed and Limit asks for no more than needed', async () => {
		sandbox().phoneNumbersPagingShape = 'meta';
		for (let i = 0; i < 150; i++) sandbox().phoneNumbers.push({ ...sandbox().phoneNumbers[0], id: `44444444-0000-4000-8000-${String(i).padStart(12, '0')}` });
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(153);
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		sandbox().requests.length = 0;
		const limited = await runTalkover({ parameters: { ...getMany, limit: 2 }, credentials: credentials() });
		expect(limited.output!.map((o) => o.json.id)).toEqual([PHONE_1, PHONE_2]);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '2']]);
	});

	test('a bad type from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...getMany, filters: { type: '={{ "pager" }}' } }, credentials: credentials() });
		expect(error?.message).toMatch(/Type \(item 0\): "pager" is not one of the allowed values/);
		expect(sandbox().requests).toHaveLength(0);
	});
});
