'use strict';
/**
 * The sandbox playing the voice agent: it calls a webhook action's URL the way Talkover would during a
 * call (create-action.mdx: `url`, `authorization_scheme: custom` with `custom_headers`), and records the
 * answer, its status and how long it took.
 *
 * What Talkover sends is not documented (neither the body nor the method): the sandbox POSTs the inputs
 * the agent collected as a flat JSON object (`{ "phone": "+1555…" }`), with the action's custom headers
 * and `Content-Type: application/json` (CONTRADICTIONS.md, the agent tool row). Headers can be replaced
 * (`headers`) to play a caller without the secret.
 */

/**
 * Calls the action (by `actionId`, or by `name` on `agentId`) with `inputs`; returns and records
 * `{ actionId, url, status, body, text, ms }` in `sb.toolCalls`.
 * @param {object} sb the sandbox (its `agentActions`, from actions.js)
 * @param {{ agentId?: string, actionId?: string, name?: string, inputs?: object, headers?: Record<string,string>, timeoutMs?: number }} call
 */
async function callTool(sb, { agentId, actionId, name, inputs = {}, headers, timeoutMs = 120_000 }) {
	const actions = (sb.agentActions ?? []).filter((a) => a.type === 'webhook');
	const action = actions.find((a) => (actionId ? a.id === actionId : a.name === name && (!agentId || a.agent_id === agentId)));
	if (!action) throw new Error(`The sandbox agent has no webhook action ${actionId ?? name}${agentId ? ` on agent ${agentId}` : ''}`);
	const sent = headers ?? Object.fromEntries((action.custom_headers ?? []).map((h) => [h.key, h.value]));
	const started = process.hrtime.bigint();
	const response = await fetch(action.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...sent },
		body: JSON.stringify(inputs),
		signal: globalThis.AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	const record = { actionId: action.id, url: action.url, status: response.status, body, text, ms };
	(sb.toolCalls ??= []).push(record);
	return record;
}

module.exports = { callTool };
