/**
 * Whether a text holds half of a character outside the Basic Multilingual Plane (a surrogate without its pair, as
 * an expression that cut an emoji in two leaves): no URL can carry it (encodeURIComponent fails "URI malformed").
 */
export function holdsHalfCharacter(text: string): boolean {
	return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
