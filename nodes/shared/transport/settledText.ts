/** What a removed secret becomes. */
const MASK = '***';

/**
 * A text that has been through one removal of secrets, with every secret longer than the mask that the mask spells
 * again removed too. A secret with a `*` in it can be spelt again by the mask (`***`) and the text beside it
 * (`tokentokensecret` → `***secret`, which holds `*secret`), and so again by the mask that replaces it. The text is
 * read once, left to right: each time what is kept so far ends with such a secret (the longest, where several do),
 * that secret is replaced by the mask, whose characters are then read as the text's. Each replacement either
 * shortens what is left to read and keep (a secret of four characters or more) or takes from it a character other
 * than `*`, which the mask never gives back (a secret of four UTF-16 units in three characters holds one outside the
 * Basic Multilingual Plane): so it ends, and no such secret is left anywhere in the result. Secrets of the mask's
 * length or shorter are the pass's alone (masking them may only lengthen the text). Without a `*` in any secret, the
 * mask cannot spell one: the text comes back as it is.
 */
export function settledText(text: string, secrets: readonly string[]): string {
	// Longer than the mask as JavaScript counts (UTF-16 units, as the pass and the callers' limits do); compared
	// character by character, so that a character outside the Basic Multilingual Plane is never cut in two.
	const spelt = [...new Set(secrets)]
		.filter((secret) => secret.length > MASK.length && secret.includes('*'))
		.map((secret) => [...secret])
		.sort((a, b) => b.length - a.length);
	if (spelt.length === 0 || !text.includes('*')) return text;
	const kept: string[] = [];
	const toRead = [...text].reverse();
	while (toRead.length > 0) {
		kept.push(toRead.pop()!);
		const secret = spelt.find((characters) => endsWith(kept, characters));
		if (secret === undefined) continue;
		kept.length -= secret.length;
		for (const character of [...MASK].reverse()) toRead.push(character);
	}
	return kept.join('');
}

/** Whether the characters kept end with a secret's (compared from the end: most differ at once). */
function endsWith(kept: readonly string[], characters: readonly string[]): boolean {
	if (characters.length > kept.length) return false;
	for (let i = 1; i <= characters.length; i++) if (kept[kept.length - i] !== characters[characters.length - i]) return false;
	return true;
}
