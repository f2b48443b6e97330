/**
 * A small OpenAI-compatible chat model for the AI Agent tests: POST /v1/chat/completions answers with the
 * next step of a script (tool calls, then a final text), chosen from the conversation so far; every request
 * (messages, the tools n8n offered) is recorded. Streams when asked to (`stream: true`). 127.0.0.1, free port.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

/** What the model answers next: tool calls, or a final text. */
export type Step = { toolCalls: ToolCall[] } | { text: string };

export interface ChatRequest {
	model: string;
	messages: Array<{ role: string; content?: string | null; tool_calls?: any[]; tool_call_id?: string }>;
	tools?: Array<{ type: 'function'; function: { name: string; description: string; parameters: any } }>;
	stream?: boolean;
	[key: string]: unknown;
}

export class ScriptedModel {
	readonly requests: ChatRequest[] = [];
	private server?: http.Server;
	port = 0;

	/** `script(request)` returns the next step, e.g. from how many tool results the conversation holds. */
	constructor(private readonly script: (request: ChatRequest) => Step) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
					res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
					return;
				}
				const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
				this.requests.push(request);
				let step: Step;
				try {
					step = this.script(request);
				} catch (error) {
					res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: (error as Error).message } }));
					return;
				}
				this.answer(res, request, step);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.port = (this.server!.address() as AddressInfo).port;
		return this;
	}

	private answer(res: http.ServerResponse, request: ChatRequest, step: Step): void {
		const n = this.requests.length;
		const toolCalls =
			'toolCalls' in step
				? step.toolCalls.map((call, i) => ({ id: `call_${n}_${i}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }))
				: undefined;
		const message = toolCalls ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: (step as { text: string }).text };
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${n}`, created: Math.floor(Date.now() / 1000), model: request.model };
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (!request.stream) {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage }));
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
		const send = (delta: object, finishReason: string | null) =>
			res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] })}\n\n`);
		send({ role: 'assistant', content: toolCalls ? null : '' }, null);
		if (toolCalls) send({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null);
		else send({ content: message.content }, null);
		send({}, finish);
		res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
		res.end('data: [DONE]\n\n');
	}

	async stop(): Promise<void> {
		if (this.server) await new Promise((resolve) => this.server!.close(resolve));
	}
}

/** The tool results the conversation holds so far (role "tool"), in order, parsed when they are JSON. */
export function toolResults(request: ChatRequest): unknown[] {
	return request.messages
		.filter((m) => m.role === 'tool')
		.map((m) => {
			try {
				return JSON.parse(String(m.content));
			} catch {
				return m.content;
			}
		});
}
