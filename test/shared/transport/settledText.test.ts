/**
 * Every removal of secrets (the transport's scrub, the secrets module's mask) passes a text once, and again while
 * that shortens it when a secret holds a `*` (nodes/shared/transport/settledText.ts).
 */
import { settledText } from '../../../nodes/shared/transport/settledText';

/** One removal of each secret, counting the passes made. */
function counted(secrets: string[]) {
	const seen: string[] = [];
	const pass = (text: string) => {
		seen.push(text);
		return secrets.reduce((t, s) => t.split(s).join('***'), text);
	};
	return { seen, pass };
}

describe('settledText: a text with no secret left, even one the mask spells again', () => {
	test('without a * in any secret, the text is passed once, even by a pass that would shorten it again', () => {
		const seen: string[] = [];
		const dropFirst = (text: string) => {
			seen.push(text);
			return text.slice(1);
		};
		expect(settledText('abc', ['token'], dropFirst)).toBe('bc');
		expect(seen).toEqual(['abc']);
	});

	test('with a * in a secret, a secret the mask and the text beside it spell again is removed too', () => {
		const secrets = ['*secret', 'tokentoken'];
		const { seen, pass } = counted(secrets);
		// `tokentoken` → `***`, which with `secret` after it spells `*secret` again.
		expect(settledText('a tokentokensecret b', secrets, pass)).toBe('a ***** b');
		expect(seen).toEqual(['a tokentokensecret b', 'a ***secret b', 'a ***** b']);
	});

	test('with a * in a secret, passes stop once one leaves the text as long as it was', () => {
		const { seen, pass } = counted(['*x']);
		expect(settledText('no secret here', ['*x'], pass)).toBe('no secret here');
		expect(seen).toEqual(['no secret here', 'no secret here']);
	});

	test('a pass that lengthens the text ends the repeats: the shorter text is kept', () => {
		const pass = (text: string) => (text === 'long text' ? 'short' : `${text} and more`);
		expect(settledText('long text', ['*'], pass)).toBe('short');
	});
});
