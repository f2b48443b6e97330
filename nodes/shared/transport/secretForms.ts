/**
 * The ways a secret may be written in what Talkover gives back, each to be removed: as it is; inside a JSON text (a
 * quote or a backslash escaped), and so with its slashes escaped too (`\/`, as PHP writes JSON); and in a URL
 * (percent-encoded: `+` as `%2B`, `/` as `%2F`). Empty secrets are dropped; longest first, so that a form inside a
 * longer one does not cut it in two. Other encodings (base64, another case) are not forms the documents show.
 */
export function secretForms(secrets: readonly string[]): string[] {
	const forms = secrets
		.filter((secret) => typeof secret === 'string' && secret !== '')
		.flatMap((secret) => {
			const inJson = JSON.stringify(secret).slice(1, -1);
			return [secret, inJson, inJson.replace(/\//g, '\\/'), encodeURIComponent(secret)];
		});
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
