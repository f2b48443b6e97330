/**
 * Every removal of secrets (the transport's scrub, the secrets module's mask) ends with settledText: a secret with a
 * `*` in it that the mask `***` and the text beside it spell again is removed too, in one reading of the text
 * (nodes/shared/transport/settledText.ts).
 */
import { settledText } from '../../../nodes/shared/transport/settledText';

describe('settledText: no secret left whole, even one the mask spells again', () => {
	test('a secret the mask and the text after it spell again is masked, and so is the one its mask spells', () => {
		// One removal of `tokentoken` left `***secret`, which holds `*secret`.
		expect(settledText('a ***secret b', ['*secret', 'tokentoken'])).toBe('a ***** b');
		// Each mask spells `**ab` again with the `ab` after it; the stars the secrets left stay.
		expect(settledText('x***ab***ab', ['**ab'])).toBe('x********');
	});

	test('the secret the mask spells is masked wherever it ends, the text around it kept', () => {
		expect(settledText('start ***secret middle ***secret end', ['*secret'])).toBe('start ***** middle ***** end');
		expect(settledText('**bbbbbbb', ['*bbbbbbb'])).toBe('****');
	});

	test('where two secrets end at one place, the longer is masked', () => {
		expect(settledText('***abcdef', ['*abcdef', 'cdef*'])).toBe('*****');
		// `b*cd` and `xab*cd` both end at the end: the whole `xab*cd` goes, not `xa` left before a mask.
		expect(settledText('xab*cd', ['b*cd', 'xab*cd'])).toBe('***');
	});

	test('secrets without a *, and secrets as short as the mask, are left to the pass: the text comes back as it is', () => {
		expect(settledText('a ***secret b', ['secret'])).toBe('a ***secret b');
		expect(settledText('x***ab', ['*ab', '**'])).toBe('x***ab');
		expect(settledText('no star here', ['*secret'])).toBe('no star here');
	});

	test('a text of stars and a secret of stars ends, with no run of the secret left', () => {
		const out = settledText('*'.repeat(50), ['****']);
		expect(out).toBe('***');
		expect(settledText('****x****', ['****', '***x'])).not.toMatch(/\*\*\*\*/);
	});

	test('a secret of four UTF-16 units in three characters (one outside the Basic Multilingual Plane) spelt again is masked, and the reading ends', () => {
		expect(settledText('🔑🔑***', ['🔑**'])).not.toContain('🔑**');
		expect(settledText('🔑🔑***', ['🔑**'])).toBe('*****');
	});

	test('a long echo whose every mask spells the secret again with the text before it is read once, and keeps none of it', () => {
		// 280,003 characters: each `tk_live` before a mask makes `tk_live*` again, 40,000 times over.
		const out = settledText(`${'tk_live'.repeat(40_000)}***`, ['tk_live*']);
		expect(out).not.toContain('tk_live');
		expect(out).toBe('*'.repeat(3 + 2 * 40_000));
	});
});
