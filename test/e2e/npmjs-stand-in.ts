/**
 * For test/e2e/install-rules.e2e.ts: `https://registry.npmjs.org` as an n8n with no license sees it, served by
 * the test's local registry (Verdaccio, test/browser/registry.ts).
 *
 * Why: n8n installs packages named in `N8N_COMMUNITY_PACKAGES` at start, before anything can turn on the
 * license feature a registry other than registry.npmjs.org needs (`feat:communityNodes:customRegistry`,
 * CommunityPackagesService.getNpmRegistry on 2.41.1; the install test turns it on through n8n's test mode, but
 * only once n8n serves HTTP). So the n8n under test keeps the default registry, as an owner's does, and reaches
 * it through this HTTP proxy (`npm_config_https_proxy`, `https_proxy`): a `CONNECT registry.npmjs.org:443` is
 * answered with TLS under a certificate for registry.npmjs.org signed by a CA made for this run (trusted by
 * npm through `npm_config_cafile` and by n8n's Node through `NODE_EXTRA_CA_CERTS`), and every request is passed
 * on to Verdaccio (which writes its tarball addresses as https://registry.npmjs.org/…: they come back here).
 * Any other host is refused (403): n8n reaches nothing else. n8n's own code is not changed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as path from 'node:path';

const HOST = 'registry.npmjs.org';

function openssl(args: string[], cwd: string): void {
	const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** A CA and a certificate for registry.npmjs.org signed by it, in `folder`: ca.pem, server.key, server.pem. */
function certificates(folder: string): { ca: string; key: Buffer; cert: Buffer } {
	fs.mkdirSync(folder, { recursive: true });
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=n8n-nodes-talkover test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], folder);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${HOST}`], folder);
	fs.writeFileSync(path.join(folder, 'server.ext'), `subjectAltName=DNS:${HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], folder);
	return { ca: path.join(folder, 'ca.pem'), key: fs.readFileSync(path.join(folder, 'server.key')), cert: fs.readFileSync(path.join(folder, 'server.pem')) };
}

export class NpmjsStandIn {
	private constructor(
		/** Every request passed on ("GET /n8n-nodes-talkover 200"), in order. */
		readonly requests: string[],
		/** Hosts refused (anything but registry.npmjs.org). */
		readonly refused: string[],
		/** The proxy's address (http://127.0.0.1:<port>). */
		readonly proxyUrl: string,
		/** The CA to trust (a PEM file). */
		readonly caFile: string,
		private readonly servers: Array<http.Server | https.Server>,
		/** The tunnels' sockets (a server's closeAllConnections does not know them). */
		private readonly sockets: Set<net.Socket>,
	) {}

	/** Starts the stand-in for registry.npmjs.org, passing requests on to `registry` (Verdaccio's address). */
	static async start(registry: string, folder: string): Promise<NpmjsStandIn> {
		const { ca, key, cert } = certificates(folder);
		const target = new URL(registry);
		const requests: string[] = [];
		const refused: string[] = [];
		const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
			// A request through a proxy (absolute form) or inside the TLS tunnel (origin form).
			const url = new URL(req.url ?? '/', `https://${HOST}`);
			if (url.hostname !== HOST) {
				refused.push(url.hostname);
				res.writeHead(403).end();
				return;
			}
			const headers = { ...req.headers, host: HOST, 'x-forwarded-proto': 'https' };
			const out = http.request({ hostname: target.hostname, port: target.port, path: url.pathname + url.search, method: req.method, headers }, (answer) => {
				requests.push(`${req.method} ${decodeURIComponent(url.pathname)} ${answer.statusCode}`);
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			});
			out.on('error', () => res.writeHead(502).end());
			req.pipe(out);
		};
		const tls = https.createServer({ key, cert }, forward);
		await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
		const tlsPort = (tls.address() as AddressInfo).port;
		const sockets = new Set<net.Socket>();
		const keep = (socket: net.Socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		};
		const proxy = http.createServer(forward);
		proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
			const host = (req.url ?? '').split(':')[0];
			socket.on('error', () => socket.destroy());
			keep(socket);
			if (host !== HOST) {
				refused.push(host);
				socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
				return;
			}
			const upstream = net.connect(tlsPort, '127.0.0.1', () => {
				socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				if (head.length) upstream.write(head);
				upstream.pipe(socket);
				socket.pipe(upstream);
			});
			keep(upstream);
			upstream.on('error', () => socket.destroy());
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		return new NpmjsStandIn(requests, refused, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, ca, [proxy, tls], sockets);
	}

	/**
	 * What an n8n (and the npm it runs) needs to reach registry.npmjs.org only through the stand-in: its proxy,
	 * its CA, an npm config and cache of its own in `folder`, 127.0.0.1 reached directly (the sandbox, n8n itself).
	 */
	env(folder: string): Record<string, string> {
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'npmrc'), '');
		return {
			npm_config_userconfig: path.join(folder, 'npmrc'),
			npm_config_globalconfig: path.join(folder, 'npmrc-global'),
			npm_config_cache: path.join(folder, 'npm-cache'),
			npm_config_registry: `https://${HOST}/`,
			npm_config_proxy: this.proxyUrl,
			npm_config_https_proxy: this.proxyUrl,
			npm_config_noproxy: '127.0.0.1',
			npm_config_cafile: this.caFile,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
			http_proxy: this.proxyUrl,
			https_proxy: this.proxyUrl,
			HTTP_PROXY: this.proxyUrl,
			HTTPS_PROXY: this.proxyUrl,
			no_proxy: '127.0.0.1',
			NO_PROXY: '127.0.0.1',
			NODE_EXTRA_CA_CERTS: this.caFile,
		};
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		for (const server of this.servers) {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	}
}
