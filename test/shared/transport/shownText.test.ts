/**
 * How a text of Talkover's is shown in a message (nodes/shared/transport/shownText.ts).
 */
import { clip } from '../../../nodes/shared/transport/shownText';

describe('clip: a long text cut at characters', () => {
	test('clip cuts at characters (code points): never half an emoji, and counts characters', () => {
		const text = `a${'😀'.repeat(300)}`;
		const clipped = clip(text);
		expect(clipped).toBe(`a${'😀'.repeat(199)}… (301 characters)`);
		expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(clipped)).toBe(false);
		// 150 emoji are 300 UTF-16 units but 150 characters: not cut.
		expect(clip('😀'.repeat(150))).toBe('😀'.repeat(150));
	});
});
