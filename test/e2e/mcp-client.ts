/**
 * A plain-HTTP MCP client of n8n's MCP Server Trigger (MCP's streamable transport): `initialize`, then
 * `tools/list` and `tools/call` with the session's `mcp-session-id`.
 */
import type { IDataObject } from 'n8n-workflow';

import { LINE } from './real-n8n';

export interface McpAnswer {
	body: any;
	session?: string;
	status: number;
}

/** One JSON-RPC message to `http://127.0.0.1:<port>/mcp/<path>`; its answer (JSON, or the last `data:` of an event stream) and the session. */
export async function mcp(port: number, mcpPath: string, message: IDataObject, session?: string, signal?: AbortSignal): Promise<McpAnswer> {
	const response = await fetch(`http://127.0.0.1:${port}/mcp/${mcpPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...(session ? { 'mcp-session-id': session } : {}) },
		body: JSON.stringify({ jsonrpc: '2.0', ...message }),
		signal,
	});
	const text = await response.text();
	const data = text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
	const raw = data.length ? data[data.length - 1] : text;
	let body: any;
	try {
		body = raw ? JSON.parse(raw) : undefined;
	} catch {
		body = raw;
	}
	return { body, session: response.headers.get('mcp-session-id') ?? session, status: response.status };
}

/** A new MCP session (initialize, then notifications/initialized); its `mcp-session-id`. */
export async function openSession(port: number, mcpPath: string): Promise<string> {
	const init = await mcp(port, mcpPath, { id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'e2e', version: '1.0.0' } } });
	expect([init.status, typeof init.session]).toEqual([200, 'string']);
	await mcp(port, mcpPath, { method: 'notifications/initialized' }, init.session);
	return init.session!;
}

/** The JSON a tool answered a `tools/call` with (its text content parsed; a list of one item is that item). */
export function toolAnswer(body: any): any {
	const text = (body?.result?.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		return text;
	}
	return Array.isArray(json) && json.length === 1 ? json[0] : json;
}

/** n8n's MCP Server Trigger at the newest version of the line's n8n (2.1 from n8n 2.3x, 2 on 2.8 and 1.123). */
export const MCP_TRIGGER = { type: '@n8n/n8n-nodes-langchain.mcpTrigger', typeVersion: LINE === 'next' ? 2.1 : 2 };
