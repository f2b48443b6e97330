/** holdsHalfCharacter (nodes/shared/transport/halfCharacter.ts): which texts no URL can carry. */
import { holdsHalfCharacter } from '../../../nodes/shared/transport/halfCharacter';

describe('a text holding half of a character, which no URL can carry', () => {
	test.each([
		['a high half at the end', 'a\uD800'],
		['a high half before a letter', '\uD83Dx'],
		['a high half before another high half', '\uD83D\uD83D\uDE00'],
		['a low half at the start', '\uDE00b'],
		['a low half after a letter', 'x\uDE00'],
		['a low half after a whole character', '\uD83D\uDE00\uDE00'],
		['the halves in the wrong order', '\uDE00\uD83D'],
	])('%s is found', (_label, text) => {
		expect(holdsHalfCharacter(text)).toBe(true);
		expect(() => encodeURIComponent(text)).toThrow(URIError);
	});

	test.each([
		['a whole emoji', '\uD83D\uDE00'],
		['two whole emoji', '\uD83D\uDE00\uD83D\uDC4D'],
		['text around a whole emoji', 'a\uD83D\uDE00b'],
		['text of the Basic Multilingual Plane', 'Zoë 東京 \uFFFD'],
		['an empty text', ''],
	])('%s is whole', (_label, text) => {
		expect(holdsHalfCharacter(text)).toBe(false);
		expect(() => encodeURIComponent(text)).not.toThrow();
	});
});
