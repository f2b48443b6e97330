/**
 * The credential as the transport uses it (nodes/shared/transport/credential.ts): its Base URL and tokens
 * checked before any request, and its tokens read in one place for every text the nodes give back.
 */
import { credentialProblem, credentialTokens, tokensOf } from '../../../nodes/shared/transport/credential';

describe('credentialProblem: the Base URL and tokens checked before any request', () => {
	const ok = { apiToken: 'talq_x', baseUrl: 'https://app.talkover.ai/' };
	test.each<[string, Record<string, unknown>, boolean, string | undefined]>([
		['a good credential', ok, false, undefined],
		['spaces and trailing slashes around the Base URL', { ...ok, baseUrl: '  https://app.talkover.ai//  ' }, false, undefined],
		['no scheme', { ...ok, baseUrl: 'app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: "app.talkover.ai" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['host:port without scheme', { ...ok, baseUrl: 'localhost:8080' }, false, 'Base URL of the "Talkover API" credential: "localhost:8080" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['another scheme', { ...ok, baseUrl: 'ftp://app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: "ftp://app.talkover.ai" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['user and password', { ...ok, baseUrl: 'https://u:secretpw@app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai'],
		['user only', { ...ok, baseUrl: 'https://u@app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai'],
		['unparseable with a password: not echoed', { ...ok, baseUrl: 'u:secretpw@app talkover' }, false, 'Base URL of the "Talkover API" credential: it is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['an API Token with a line break', { ...ok, apiToken: 'talq_x\n' }, false, 'API Token of the "Talkover API" credential: it contains a line break or another character that cannot be sent; paste the token again without it'],
		['an Account Token with a line break, when it is sent', { ...ok, accountToken: 'acc\r\nx' }, true, 'Account Token of the "Talkover API" credential: it contains a line break or another character that cannot be sent; paste the token again without it'],
		['an Account Token with a line break, when it is not sent', { ...ok, accountToken: 'acc\r\nx' }, false, undefined],
		// A query or a fragment would move /api/v1 out of the path; a path prefix (a proxy) stays.
		['a fragment', { ...ok, baseUrl: 'https://app.talkover.ai#top' }, false, 'Base URL of the "Talkover API" credential: it contains a fragment (#…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['a query', { ...ok, baseUrl: 'https://app.talkover.ai/?env=prod' }, false, 'Base URL of the "Talkover API" credential: it contains a query (?…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['an empty query', { ...ok, baseUrl: 'https://app.talkover.ai?' }, false, 'Base URL of the "Talkover API" credential: it contains a query (?…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['a path prefix (behind a proxy)', { ...ok, baseUrl: 'https://proxy.example/talkover/' }, false, undefined],
	])('%s', (_case, credentials, useAccountToken, message) => {
		const problem = credentialProblem(credentials as never, useAccountToken);
		expect(problem && `${problem.field}: ${problem.problem}`).toBe(message);
	});
});

describe('credentialTokens: the credential’s tokens, read in one place for every text the nodes give back', () => {
	const reading = (credentials: unknown) => ({ getCredentials: async () => credentials }) as never;

	test('both tokens, trimmed; an empty or missing one is left out', async () => {
		expect(await credentialTokens(reading({ apiToken: ' talq_x ', accountToken: '1|acc_y\n', baseUrl: 'http://talkover.test' }))).toEqual(['talq_x', '1|acc_y']);
		expect(await credentialTokens(reading({ apiToken: 'talq_x', accountToken: '  ' }))).toEqual(['talq_x']);
		expect(await credentialTokens(reading({ apiToken: 'talq_x' }))).toEqual(['talq_x']);
	});

	test('a credential that cannot be read (none chosen, a rejected or a thrown error): no tokens, no error', async () => {
		expect(await credentialTokens({ getCredentials: async () => Promise.reject(new Error('no credential')) } as never)).toEqual([]);
		expect(
			await credentialTokens({
				getCredentials: () => {
					throw new Error('no credential');
				},
			} as never),
		).toEqual([]);
	});

	test('tokensOf: the same from credentials already read', () => {
		expect(tokensOf({ apiToken: ' talq_x', accountToken: 'acc' })).toEqual(['talq_x', 'acc']);
		expect(tokensOf(undefined)).toEqual([]);
	});
});
