/**
 * How a text or a value of Talkover's answer is shown in a message: clipped, and never as "[object Object]"
 * or "null". Remove tokens before: a clip can cut one (the masking step finds a secret cut by a clip by
 * the mark the clip leaves, CLIP_MARK).
 */

/** Texts longer than this are cut in messages (a 100 KB value echoed whole helps nobody). */
const CLIP_AT = 200;

/**
 * A text as shown in a message: cut after 200 characters, with its length. Characters are code points
 * (as Talkover counts them): the cut never splits an emoji into a lone half, which JSON parsers refuse.
 */
export function clip(text: string, max = CLIP_AT): string {
	// No text of `max` UTF-16 units or fewer has more characters: read as it is, without splitting it.
	if (text.length <= max) return text;
	const characters = Array.from(text);
	return characters.length <= max ? text : `${characters.slice(0, max).join('')}… (${characters.length} characters)`;
}

/**
 * What clip() writes where it cut a text, as a regular expression's source. The masking step
 * (secrets/mask.ts) looks for it: a secret the clip cut is found, and masked, by the part left before it.
 */
export const CLIP_MARK = '… \\(\\d+ characters\\)';

/**
 * A value of Talkover's answer as a message or a label shows it: a text (clipped at `max` characters) or a
 * finite number; anything else (an object, a list, null, an empty text) is undefined, for the caller to
 * leave out, rather than written as "[object Object]" or "null". Remove tokens before: a clip can cut one.
 */
export function shownValue(value: unknown, max = 80): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return clip(value, max);
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
