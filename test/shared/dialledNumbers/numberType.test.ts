/** Whether a number is premium rate, shared cost or another paid service, from the shipped libphonenumber tables (nodes/shared/dialledNumbers/numberType.ts). */
import { getCountries, getExampleNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';

import { paidServiceTypeOf } from '../../../nodes/shared/dialledNumbers/numberType';

/** libphonenumber's own type names for the paid-service types. */
const LIBPHONENUMBER_TYPE = { premiumRate: 'PREMIUM_RATE', sharedCost: 'SHARED_COST', personalNumber: 'PERSONAL_NUMBER', uan: 'UAN' } as const;

test.each(getCountries().map((iso) => [iso, getExampleNumber(iso, examples)!.number]))('%s: its example mobile number %s is no paid service', (_iso, number) => {
	expect(paidServiceTypeOf(number)).toBeUndefined();
});

describe('the paid-service ranges libphonenumber knows are found (libphonenumber’s own example numbers and its own reading as the oracle)', () => {
	test.each([
		['+449098765432', 'premiumRate'],
		['+448431234567', 'premiumRate'],
		['+447012345678', 'personalNumber'],
		['+445512345678', 'uan'],
		['+499001234567', 'premiumRate'],
		['+4918012345', 'sharedCost'],
		['+33891123456', 'premiumRate'],
		['+33884012345', 'sharedCost'],
		['+19002345678', 'premiumRate'],
		['+39899123456', 'premiumRate'],
		['+34901123456', 'sharedCost'],
		['+34803123456', 'premiumRate'],
		['+611900123456', 'premiumRate'],
		['+611300123456', 'sharedCost'],
		['+979123456789', 'premiumRate'],
	] as const)('%s is %s', (number, type) => {
		expect(paidServiceTypeOf(number)).toBe(type);
		expect(parsePhoneNumber(number).getType()).toBe(LIBPHONENUMBER_TYPE[type]);
	});
});

test.each(['+12125550123', '+18005550123', '+442079460958', '+4930123456', '+33123456789', '+9991234567'])('%s (fixed line, toll free, or no country) is no paid service', (number) => {
	expect(paidServiceTypeOf(number)).toBeUndefined();
});

test('a range is matched on the whole national number, as libphonenumber does: a premium-rate start with a digit too many is no premium-rate number', () => {
	expect(paidServiceTypeOf('+449098765432')).toBe('premiumRate');
	expect(paidServiceTypeOf('+4490987654321')).toBeUndefined();
	expect(parsePhoneNumber('+4490987654321').getType()).toBeUndefined();
});
