/** Every Talkover API path starts here. */
export const API_PREFIX = '/api/v1';

/**
 * The one way to build a Talkover API path: `apiPath\`/agents/${agentId}/call\`` gives
 * `/api/v1/agents/<id>/call`, and every interpolated value becomes exactly one percent-encoded path
 * segment (a "/", "?", "#" or ".." in a value cannot reach another endpoint).
 */
export function apiPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
	return strings.reduce(
		(path, part, i) => path + part + (i < segments.length ? encodeURIComponent(String(segments[i])) : ''),
		API_PREFIX,
	);
}
