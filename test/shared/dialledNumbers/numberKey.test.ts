/** numberKey: how the node compares a listed call's number with the one it would dial. */
import { numberKey } from '../../../nodes/shared/dialledNumbers/numberKey';

test('numbers are compared as their digits', () => {
	expect(numberKey('+1 (555) 000-0000')).toBe('15550000000');
});

test('numbers are compared as the number Talkover dials: a national prefix after the calling code is taken off as libphonenumber does', () => {
	expect(numberKey('+49 0900 1234567')).toBe(numberKey('+499001234567'));
	expect(numberKey('+44 020 7946 0958')).toBe('442079460958');
	expect(numberKey('+39 06 1234 5678')).toBe('390612345678');
	expect(numberKey('')).toBe('');
});
