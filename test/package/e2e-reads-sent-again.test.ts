/**
 * The end-to-end tests' reads of n8n's REST API survive n8n closing a kept-alive connection under them: a GET is
 * sent again on a closed connection, anything else is not (it may have reached n8n).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { n8nRest } from '../e2e/real-n8n';

let server: http.Server;
let port = 0;
let received: string[] = [];
/** The next requests whose connection the server closes without an answer. */
let dropNext = 0;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		received.push(`${req.method} ${req.url}`);
		if (dropNext > 0) {
			dropNext -= 1;
			req.socket.destroy();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ data: { ok: true } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received = [];
	dropNext = 0;
});

test('a read whose connection n8n closed is sent again and gets its answer', async () => {
	dropNext = 2;
	expect(await n8nRest(port, '', 'GET', '/rest/executions')).toEqual({ status: 200, json: { data: { ok: true } } });
	expect(received).toEqual(['GET /rest/executions', 'GET /rest/executions', 'GET /rest/executions']);
});

test('a read is sent three times at most: then the failure is the test’s', async () => {
	dropNext = 3;
	await expect(n8nRest(port, '', 'GET', '/rest/executions')).rejects.toThrow('fetch failed');
	expect(received).toHaveLength(3);
});

test('a request that is not a read is never sent again (it may have reached n8n)', async () => {
	dropNext = 1;
	await expect(n8nRest(port, '', 'POST', '/rest/workflows/w/run', {})).rejects.toThrow('fetch failed');
	expect(received).toEqual(['POST /rest/workflows/w/run']);
});
