import * as net from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { resetRateLimits, stopN8nTimers } from './n8n';

export const TOKEN = 'talq_test_token';
export const SUPPORT_AGENT = '550e8400-e29b-41d4-a716-446655440000';
export const SALES_AGENT = '550e8400-e29b-41d4-a716-446655440001';
export const UNKNOWN_AGENT = '00000000-0000-4000-8000-00000000dead';
export const PHONE_1 = '7d1f3c2a-1111-4a5b-9c6d-000000000001';
export const PHONE_2 = '7d1f3c2a-2222-4a5b-9c6d-000000000002';
/** The seeded active call: SALES_AGENT with this number. */
export const ACTIVE_PHONE = '+15551234567';

/** A 127.0.0.1 port with nothing listening on it (it was free a moment ago). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value } as unknown as INodeParameters;
}

/** Starts a sandbox for the test file, resets it before each test and stops everything afterwards. */
export function useSandbox(): { sandbox: () => TalkoverSandbox; credentials: () => { apiToken: string; baseUrl: string } } {
	let sandbox: TalkoverSandbox;
	beforeAll(async () => {
		sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	});
	beforeEach(() => {
		sandbox.reset();
		resetRateLimits();
	});
	afterAll(async () => {
		await sandbox.stop();
		stopN8nTimers();
	});
	return {
		sandbox: () => sandbox,
		credentials: () => ({ apiToken: TOKEN, baseUrl: sandbox.url }),
	};
}
