/**
 * A text passed through one removal of secrets (`pass`), then again while that shortens it, when a secret holds a
 * `*`: the mask (`***`) and the text beside it can spell such a secret again (`tokentokensecret` → `***secret`, which
 * holds `*secret`). Each repeat shortens the text, so it ends, and leaves none of a secret longer than the mask.
 * Without a `*` in any secret, one pass is all there is.
 */
export function settledText(text: string, secrets: readonly string[], pass: (text: string) => string): string {
	let out = pass(text);
	if (!secrets.some((secret) => secret.includes('*'))) return out;
	for (let next = pass(out); next.length < out.length; next = pass(out)) out = next;
	return out;
}
