/**
 * Options → Allowed Destinations on Make Call and Add Call, in a run: a number it refuses fails its item
 * before anything is sent (the whole run, without Continue On Fail), with a message naming the number's
 * country and the option; Continue On Fail makes it an error item and the others go on.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const campaignPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;

const destinations = (countries: string[], allowPaidServices?: boolean): IDataObject => ({ allowedDestinations: { destinations: { countries, ...(allowPaidServices === undefined ? {} : { allowPaidServices }) } } });
const make = (options: IDataObject): INodeParameters => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: options as INodeParameters });
const addCall = (options: IDataObject): INodeParameters => ({ resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options: options as INodeParameters });

const US = '+12125550123';
const GERMANY = '+4930123456';
const JAMAICA = '+18765550123';
const US_PREMIUM = '+19002345678';

describe.each([
	['Call → Make', make, callPath],
	['Campaign → Add Call', addCall, campaignPath],
] as const)('%s', (_name, parameters, path) => {
	const posts = () => sandbox().requestsTo('POST', path);

	test('a number of a country not allowed stops the run before anything is sent, naming its country and the option', async () => {
		const { error } = await runTalkover({ items: [{ phone: US }, { phone: GERMANY }], parameters: parameters(destinations(['US', 'CA'])), credentials: credentials() });
		expect(error?.message).toBe(
			'Allowed Destinations (item 1): +4930123456 is a number of Germany (+49), which is not one of the allowed destinations (United States (+1), Canada (+1)); to call it, add Germany to Allowed Destinations',
		);
		expect(error?.description).toContain('Nothing was sent to Talkover for this item.');
		expect(sandbox().requests).toEqual([]);
	});

	test('with Continue On Fail: the refused number is an error item and the allowed ones are sent', async () => {
		const { output, error } = await runTalkover({
			items: [{ phone: US }, { phone: JAMAICA }, { phone: US_PREMIUM }],
			parameters: parameters(destinations(['US'])),
			settings: { continueOnFail: true },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([US]);
		expect(output!.map((o) => [o.pairedItem, o.json.error ?? 'sent'])).toEqual([
			[{ item: 0 }, 'sent'],
			[{ item: 1 }, 'Allowed Destinations (item 1): +18765550123 is a number of Jamaica (+1), which is not one of the allowed destinations (United States (+1)); to call it, add Jamaica to Allowed Destinations'],
			[
				{ item: 2 },
				'Allowed Destinations (item 2): +19002345678 is a premium-rate number of United States (+1); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on',
			],
		]);
	});

	test('paid-service numbers are sent only with Allow Premium-Rate and Other Paid-Service Numbers on', async () => {
		await runTalkover({ items: [{ phone: US_PREMIUM }], parameters: parameters(destinations(['US'], true)), credentials: credentials() });
		expect(posts().map((r) => r.body.to)).toEqual([US_PREMIUM]);
	});

	test('no country chosen: any country is sent, a premium-rate number is not', async () => {
		const allowed = await runTalkover({ items: [{ phone: GERMANY }, { phone: JAMAICA }], parameters: parameters(destinations([])), credentials: credentials() });
		expect(allowed.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([GERMANY, JAMAICA]);
		const premium = await runTalkover({ items: [{ phone: '+499001234567' }], parameters: parameters(destinations([])), credentials: credentials() });
		expect(premium.error?.message).toMatch(/^Allowed Destinations \(item 0\): \+499001234567 is a premium-rate number of Germany \(\+49\)/);
		expect(posts()).toHaveLength(2);
	});

	test('a premium-rate number written with the national 0 after the country code (+49 0900 …, +33 0899 …, +43 0900 …, +41 0900 …) is the premium-rate number Talkover dials: refused, nothing sent', async () => {
		const written = ['+49 0900 1234567', '+33 0899 123 456', '+43 0900 123456', '+41 0900 123 456'];
		const { output, error } = await runTalkover({ items: written.map((phone) => ({ phone })), parameters: parameters(destinations(['DE', 'FR', 'AT', 'CH'])), settings: { continueOnFail: true }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toEqual([]);
		expect(output!.map((o) => o.json.error)).toEqual([
			'Allowed Destinations (item 0): +499001234567 is a premium-rate number of Germany (+49); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on',
			'Allowed Destinations (item 1): +33899123456 is a premium-rate number of France (+33); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on',
			'Allowed Destinations (item 2): +43900123456 is a premium-rate number of Austria (+43); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on',
			'Allowed Destinations (item 3): +41900123456 is a premium-rate number of Switzerland (+41); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on',
		]);
	});

	test('ordinary numbers written with the national prefix after the country code are sent as the number Talkover dials, and the output shows it', async () => {
		const { output, error } = await runTalkover({
			items: [{ phone: '+49 030 123456' }, { phone: '+44 020 7946 0958' }, { phone: '+7 8 800 555 35 35' }],
			parameters: parameters(destinations(['DE', 'GB', 'RU'])),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([GERMANY, '+442079460958', '+78005553535']);
		expect(output!.map((o) => o.json.to)).toEqual([GERMANY, '+442079460958', '+78005553535']);
	});

	test('without the option every number is sent, a premium-rate one too (as before)', async () => {
		await runTalkover({ items: [{ phone: US_PREMIUM }, { phone: GERMANY }], parameters: parameters({}), credentials: credentials() });
		expect(posts().map((r) => r.body.to)).toEqual([US_PREMIUM, GERMANY]);
	});

	test('countries mapped by an expression (a list of ISO codes)', async () => {
		const { error } = await runTalkover({ items: [{ phone: GERMANY, allowed: ['de', 'AT'] }], parameters: parameters({ allowedDestinations: { destinations: { countries: '={{ $json.allowed }}' } } }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([GERMANY]);
	});
});
