/**
 * The one masking step (nodes/shared/secrets/mask.ts): what every item and error of both nodes goes through
 * before n8n sees it; secrets found in a text by their hash, header values echoed, the mask never sent.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import {
	containsMask,
	givenHeaderValues,
	hashOf,
	MASKED,
	maskActionSecrets,
	masked,
	maskedError,
	MIN_MASKED_IN_TEXT,
	scrubHashed,
} from '../../../nodes/shared/secrets';
import { failureError } from '../../../nodes/shared/transport/nodeErrors';
import { clip } from '../../../nodes/shared/transport/shownText';
import { readFailure } from '../../../nodes/shared/transport/talkoverFailure';

const SECRET = '0123456789abcdef'.repeat(4);
const NODE = { id: 'n', name: 'Talkover', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('a secret found in a text by its hash', () => {
	const hashes = [hashOf(SECRET)];

	test('alone, inside words, twice, next to other hex characters', () => {
		expect(scrubHashed(`secret ${SECRET}!`, hashes)).toBe('secret ***!');
		expect(scrubHashed(`${SECRET}${SECRET}`, hashes)).toBe('******');
		expect(scrubHashed(`ab${SECRET}cd`, hashes)).toBe('ab***cd');
		expect(scrubHashed(`x=${SECRET} y=${SECRET}`, hashes)).toBe('x=*** y=***');
	});

	test('echoed in upper or mixed case (a server that upper-cases what it echoes): masked too', () => {
		expect(scrubHashed(`locked ${SECRET.toUpperCase()}.`, hashes)).toBe('locked ***.');
		const mixed = [...SECRET].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
		expect(scrubHashed(`AB${mixed}`, hashes)).toBe('AB***');
	});

	test('another 64-hex text (in either case), a shorter one, or no hashes: unchanged', () => {
		expect(scrubHashed('F'.repeat(64), hashes)).toBe('F'.repeat(64));
		const other = 'f'.repeat(64);
		expect(scrubHashed(other, hashes)).toBe(other);
		expect(scrubHashed(SECRET.slice(1), hashes)).toBe(SECRET.slice(1));
		expect(scrubHashed(SECRET, [])).toBe(SECRET);
		expect(scrubHashed(`a${'f'.repeat(70)}`, hashes)).toBe(`a${'f'.repeat(70)}`);
	});
});

describe('masked: the one masking step of an item', () => {
	test('action header values become ***, their names stay, wherever they are', () => {
		const agent = { id: 'a', actions: [{ id: 1, custom_headers: [{ key: 'X-Api-Key', value: 'k1' }, { key: 'X-Other', value: 'k2', note: 'n' }] }], deep: [[{ config: { custom_headers: [{ key: 'K', value: 'v' }] } }]] };
		expect(masked(agent)).toEqual({
			id: 'a',
			actions: [{ id: 1, custom_headers: [{ key: 'X-Api-Key', value: MASKED }, { key: 'X-Other', value: MASKED, note: 'n' }] }],
			deep: [[{ config: { custom_headers: [{ key: 'K', value: MASKED } ] } }]],
		});
		expect(maskActionSecrets(agent)).toEqual(masked(agent));
		expect(agent.actions[0].custom_headers[0].value).toBe('k1');
	});

	test('custom_headers as an object of name → value, and odd entries', () => {
		expect(masked({ custom_headers: { 'X-Api-Key': 'k', Other: 2 } })).toEqual({ custom_headers: { 'X-Api-Key': MASKED, Other: MASKED } });
		expect(masked({ custom_headers: [null, 'text', { key: 'no value' }, [1]] })).toEqual({ custom_headers: [null, 'text', { key: 'no value' }, [MASKED]] });
		expect(masked({ custom_headers: 'k=v' })).toEqual({ custom_headers: 'k=v' });
		expect(masked({ custom_headers: null })).toEqual({ custom_headers: null });
	});

	test('a webhook_secret text becomes ***; an empty or missing one stays', () => {
		expect(masked({ webhook: { webhook_secret: 's3cr3t', name: 'n' } })).toEqual({ webhook: { webhook_secret: MASKED, name: 'n' } });
		expect(masked({ webhook_secret: '' })).toEqual({ webhook_secret: '' });
		expect(masked({ webhook_secret: null })).toEqual({ webhook_secret: null });
	});

	test('secret values in any text and any key, longest first; the words around them stay', () => {
		const value = { note: 'token talq_abc and talq_abcdef', [`seen_talq_abc`]: ['talq_abc'], n: 5, b: true, z: null };
		expect(masked(value, { values: ['talq_abc', 'talq_abcdef', ''] })).toEqual({ note: 'token *** and ***', 'seen_***': ['***'], n: 5, b: true, z: null });
	});

	test('a secret with a quote or a backslash (escaped in JSON) is found', () => {
		expect(masked({ a: 'x "q\\s" y' }, { values: ['"q\\s"'] })).toEqual({ a: 'x *** y' });
	});

	test('secrets found by their hash', () => {
		expect(masked({ a: [`s=${SECRET}`] }, { hashes: [hashOf(SECRET)] })).toEqual({ a: ['s=***'] });
		expect(masked({ a: [`S=${SECRET.toUpperCase()}`] }, { hashes: [hashOf(SECRET)] })).toEqual({ a: ['S=***'] });
		const plain = { a: 'f'.repeat(64) };
		expect(masked(plain, { hashes: [hashOf(SECRET)] })).toEqual(plain);
	});

	test('nothing to mask: the very same value comes back (no copy)', () => {
		const value = { a: 'b', list: [1, { c: 'd' }] };
		expect(masked(value, { values: ['zzz'] })).toBe(value);
		expect(masked(value)).toBe(value);
		expect(masked('text')).toBe('text');
		expect(masked(undefined)).toBeUndefined();
	});

	test('a copy when something is masked; an own "__proto__" key stays data; a Date stays; a cycle is copied as a cycle', () => {
		const value = JSON.parse('{"__proto__": {"x": "tok_1234"}, "when": 1}') as IDataObject;
		const date = new Date(0);
		value.when = date;
		const out = masked(value, { values: ['tok_1234'] });
		expect(out).not.toBe(value);
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: '***' });
		expect(out.when).toBe(date);
		const cyclic: IDataObject = { t: 'tok_1234' };
		cyclic.self = cyclic;
		const copy = masked(cyclic, { values: ['tok_1234'] });
		expect(copy.t).toBe('***');
		expect(copy.self).toBe(copy);
		const list: unknown[] = ['tok_1234'];
		list.push(list);
		const listCopy = masked(list, { values: ['tok_1234'] });
		expect(listCopy[0]).toBe('***');
		expect(listCopy[1]).toBe(listCopy);
	});

	test('a value JSON cannot write (a BigInt) is still walked', () => {
		expect(masked({ a: 'tok_1234', n: BigInt(1) }, { values: ['tok_1234'] })).toEqual({ a: '***', n: BigInt(1) });
	});

	test('only texts are secret values (a number given is ignored); a null-prototype object is walked too', () => {
		expect(masked({ a: '1 2 tok_1234' }, { values: [1 as unknown as string, 'tok_1234'] })).toEqual({ a: '1 2 ***' });
		const bare = Object.assign(Object.create(null) as IDataObject, { t: 'tok_1234' });
		expect(masked({ bare }, { values: ['tok_1234'] }).bare.t).toBe('***');
	});

	test('the copy’s properties are ordinary ones: enumerable, writable, deletable', () => {
		const out = masked({ a: 'tok_1234', custom_headers: [{ key: 'K', value: 'v' }] } as IDataObject, { values: ['tok_1234'] });
		out.a = 'changed';
		expect(out.a).toBe('changed');
		((out.custom_headers as IDataObject[])[0] as IDataObject).value = 'x';
		expect(delete out.a).toBe(true);
		expect(Object.keys(out)).toEqual(['custom_headers']);
	});

	test('a 64-hex text is looked at only when hashes are given; short hex never', () => {
		const hex = { a: 'f'.repeat(64) };
		expect(masked(hex)).toBe(hex);
		expect(masked(hex, { hashes: [] })).toBe(hex);
		expect(masked(hex, { hashes: [hashOf(SECRET)] })).toEqual(hex);
		const short = { a: 'abc123' };
		expect(masked(short, { hashes: [hashOf(SECRET)] })).toBe(short);
	});

	test('a text alone: values and hashes in one text', () => {
		expect(masked(`a tok_1234 b ${SECRET}`, { values: ['tok_1234'], hashes: [hashOf(SECRET)] })).toBe('a *** b ***');
		expect(masked('a tok_1234', {})).toBe('a tok_1234');
	});

	test('a secret with a * in it is never spelt again by a mask and the text beside it', () => {
		expect(masked('a tokentoken*secretvalue1 b', { values: ['*secretvalue1', 'tokentoken'] })).toBe('a ****** b');
		expect(masked('a tokentokensecretvalue1 b', { values: ['*secretvalue1', 'tokentoken'] })).toBe('a ***** b');
		expect(masked('x**secret*y', { values: ['**secret*', '***'] })).toBe('x***y');
		expect(masked('a tokentokensecretvalue1 b', { values: ['tokentoken', 'secretvalue1'] })).toBe('a ****** b');
	});

	test('a secret with a * that the mask spells again is masked also where clipped texts beside it are masked longer', () => {
		// Each `*` before a clip mark begins the secret, so it is masked (`***…`), which lengthens the text as the
		// secret's own mask shortens it: the secret is masked all the same.
		const clipped = masked({ t: '**bbbbbbbbbbbbbb *… (300 characters) *… (300 characters) *… (300 characters)' }, { values: ['*bbbbbbb'] }) as IDataObject;
		expect(clipped.t).not.toContain('*bbbbbbb');
		expect((masked({ t: '**bbbbbb*b… (304 characters)' }, { values: ['*bbbbbb*'] }) as IDataObject).t).not.toContain('*bbbbbb*');
	});

	test('a header value echoed percent-encoded, or in a JSON text with its slashes escaped, is masked too', () => {
		const value = 'sk/live+9=';
		expect(masked({ url: '/hook?k=sk%2Flive%2B9%3D', body: '{"X-Key":"sk\\/live+9="}' }, { values: [value] })).toEqual({ url: '/hook?k=***', body: '{"X-Key":"***"}' });
	});

	test('a header value an answer lists (custom_headers) is masked where the same answer also writes it, in an item and in an error; a short one only where it is listed', () => {
		const action = { authorization_url: 'https://api.example.com/auth?api_key=sk_live_9f8e7d6c5b4a3210&v=json', description: 'Sends X-Api-Key sk_live_9f8e7d6c5b4a3210, X-Version json', custom_headers: [{ key: 'X-Api-Key', value: 'sk_live_9f8e7d6c5b4a3210' }, { key: 'X-Version', value: 'json' }] };
		expect(masked({ success: true, data: [action] })).toEqual({
			success: true,
			data: [{ authorization_url: 'https://api.example.com/auth?api_key=***&v=json', description: 'Sends X-Api-Key ***, X-Version json', custom_headers: [{ key: 'X-Api-Key', value: MASKED }, { key: 'X-Version', value: MASKED }] }],
		});
		const error = new Error('Action refused: api_key=sk_live_9f8e7d6c5b4a3210') as Error & Record<string, unknown>;
		error.context = { details: { custom_headers: { 'X-Api-Key': 'sk_live_9f8e7d6c5b4a3210' } } };
		maskedError(error);
		expect([error.message, error.context]).toEqual(['Action refused: api_key=***', { details: { custom_headers: { 'X-Api-Key': MASKED } } }]);
	});

	test('header values echoed form-encoded as PHP or Python write them (a space as +, ~ and * as %7E and %2A) are masked, in an item and in an error', () => {
		const values = ['Bearer sk_live*9f8e7d6c', 'key~9f8e7d6c5b4a'];
		expect(masked({ url: '/hook?auth=Bearer+sk_live%2A9f8e7d6c&key=key%7E9f8e7d6c5b4a' }, { values })).toEqual({ url: '/hook?auth=***&key=***' });
		const error = new Error('The given data was invalid: X-Api-Key=key%7e9f8e7d6c5b4a') as Error & Record<string, unknown>;
		error.description = 'headers=Authorization%3A+Bearer+sk_live%2a9f8e7d6c';
		maskedError(error, { values });
		expect([error.message, error.description]).toEqual(['The given data was invalid: X-Api-Key=***', 'headers=Authorization%3A+***']);
	});

	test('a header value with half of an emoji in it (cut by an expression) masks what it can, and throws nothing', () => {
		expect(masked({ ok: 1, note: 'for Lead Ana \ud83d' }, { values: ['Lead Ana \ud83d'] })).toEqual({ ok: 1, note: 'for ***' });
	});

	test('a header value written by PHP\'s JSON (\\u escapes, escaped slashes) inside a text kept raw is masked', () => {
		expect(masked('{"X-Key":"cl\\u00e9-secr\\u00e8te\\/2024-abcdef"}', { values: ['clé-secrète/2024-abcdef'] })).toBe('{"X-Key":"***"}');
	});

	test('an echo whose every mask spells the secret again with the text before it is masked whole, in one reading', () => {
		const out = masked(`${'tk_live'.repeat(40_000)}*`, { values: ['tk_live*'] }) as string;
		expect(out).not.toContain('tk_live');
	});

	test('an object whose toJSON gives nothing has its fields masked all the same (the next node reads them)', () => {
		const odd = { toJSON: () => undefined, token: 'tok_1234', note: 'plain' };
		expect(masked(odd, { values: ['tok_1234'] })).toMatchObject({ token: '***', note: 'plain' });
		expect(masked(undefined, { values: ['tok_1234'] })).toBeUndefined();
	});

	test('a value left undefined in an item stays undefined (masking does not fail)', () => {
		const out = masked({ a: 'tok_1234', b: undefined, list: [undefined, 'tok_1234'] }, { values: ['tok_1234'] });
		expect(out).toStrictEqual({ a: '***', b: undefined, list: [undefined, '***'] });
		expect('b' in out).toBe(true);
	});
});

describe('maskedError: every text and echoed header value of an error, in place', () => {
	test('message, stack, description, context, cause, a details list; the node and read-only properties are left alone', () => {
		const error = new Error('failed for tok_1234') as Error & Record<string, unknown>;
		error.description = 'Talkover said: tok_1234';
		error.context = { details: { custom_headers: [{ key: 'X-Api-Key', value: 'plain-key' }], webhook_secret: 'ws' }, list: ['tok_1234'] };
		error.node = { parameters: { value: 'tok_1234' } };
		error.cause = { message: `echo ${SECRET}` };
		error.nothing = null;
		error.count = 3;
		Object.defineProperty(error, 'fixed', { value: 'tok_1234', writable: false, enumerable: true });
		const same = maskedError(error, { values: ['tok_1234'], hashes: [hashOf(SECRET)] });
		expect(same).toBe(error);
		expect(error.message).toBe('failed for ***');
		expect(String(error.stack)).not.toContain('tok_1234');
		expect(error.description).toBe('Talkover said: ***');
		expect(error.context).toEqual({ details: { custom_headers: [{ key: 'X-Api-Key', value: MASKED }], webhook_secret: MASKED }, list: ['***'] });
		expect(error.cause).toEqual({ message: 'echo ***' });
		expect(error.node).toEqual({ parameters: { value: 'tok_1234' } });
		expect(error.fixed).toBe('tok_1234');
		expect(error.nothing).toBeNull();
		expect(error.count).toBe(3);
	});

	test('a cycle in an error ends; without secrets only the structure is masked', () => {
		const error = { message: 'm tok_1234', custom_headers: { K: 'v' } } as Record<string, unknown>;
		error.self = error;
		maskedError(error);
		expect(error.message).toBe('m tok_1234');
		expect(error.custom_headers).toEqual({ K: MASKED });
	});

	test('an Error given as the cause has its message masked too; the error’s objects are masked in place, not replaced', () => {
		const cause = new Error('login failed for tok_1234');
		const context = { note: 'sent tok_1234', custom_headers: { K: 'v' } };
		const error = Object.assign(new Error('failed'), { cause, context });
		maskedError(error, { values: ['tok_1234'] });
		expect(error.cause).toBe(cause);
		expect(cause.message).toBe('login failed for ***');
		expect(error.context).toBe(context);
		expect(context).toEqual({ note: 'sent ***', custom_headers: { K: MASKED } });
	});

	test('only the properties whose text is masked are written; the others are not touched', () => {
		const written: string[] = [];
		const context = new Proxy({ note: 'sent tok_1234', other: 'plain', count: 2, list: ['x'] } as Record<string, unknown>, {
			defineProperty: (target, key, descriptor) => {
				written.push(String(key));
				return Reflect.defineProperty(target, key, descriptor);
			},
		});
		const error = Object.assign(new Error('failed'), { context });
		maskedError(error, { values: ['tok_1234'] });
		expect(written).toEqual(['note']);
		expect({ ...context }).toEqual({ note: 'sent ***', other: 'plain', count: 2, list: ['x'] });
	});
});

describe('the mask is never sent as a value', () => {
	test('containsMask: a text holding ***', () => {
		expect(containsMask('***')).toBe(true);
		expect(containsMask(' Bearer *** ')).toBe(true);
		expect(containsMask('**')).toBe(false);
		expect(containsMask('key')).toBe(false);
		expect(containsMask(undefined)).toBe(false);
		expect(containsMask(['***'])).toBe(false);
	});

	test('givenHeaderValues: the header values a body gives (long enough to mask in texts), and the first masked one', () => {
		const long = 'x'.repeat(MIN_MASKED_IN_TEXT);
		expect(MIN_MASKED_IN_TEXT).toBe(8);
		expect(givenHeaderValues({ custom_headers: [{ key: 'A', value: long }, { key: 'B', value: 'short' }, { key: 'C', value: '' }, { key: 'D', value: 5 }, null, 'x'] })).toEqual({ values: [long] });
		expect(givenHeaderValues({ flow: { nodes: [{ custom_headers: { A: long, B: '***' } }] } })).toEqual({ values: [long], masked: { key: 'B', index: 1 } });
		expect(givenHeaderValues({ custom_headers: [{ key: 'A', value: 'Bearer ***' }, { key: 'B', value: '***' }] })).toEqual({ values: [], masked: { key: 'A', index: 0 } });
		expect(givenHeaderValues({ custom_headers: [{ value: '***' }] })).toEqual({ values: [], masked: { key: '', index: 0 } });
		expect(givenHeaderValues({ custom_headers: null, other: { custom_headers: 'text' } })).toEqual({ values: [] });
		expect(givenHeaderValues('text')).toEqual({ values: [] });
		expect(givenHeaderValues(null)).toEqual({ values: [] });
		const cyclic: IDataObject = { custom_headers: [{ key: 'A', value: long }] };
		cyclic.self = cyclic;
		expect(givenHeaderValues(cyclic)).toEqual({ values: [long] });
	});

	test('givenHeaderValues: a body with fields left undefined (a header without a value, custom_headers unset) gives its header values without failing', () => {
		const long = 'x'.repeat(MIN_MASKED_IN_TEXT);
		const body = { note: undefined, custom_headers: [{ key: 'A' }, { key: 'B', value: null }, undefined, { key: 'C', value: long }], other: { custom_headers: undefined } };
		expect(givenHeaderValues(body)).toEqual({ values: [long] });
		expect(givenHeaderValues(undefined)).toEqual({ values: [] });
	});
});

describe('header values in every shape Talkover may echo them: masked, the names kept', () => {
	const KEY = 'sk-live-0123456789';
	test.each<[string, unknown, string]>([
		['custom_headers as a JSON text of a list', { custom_headers: JSON.stringify([{ key: 'X-Api-Key', value: KEY }]) }, 'X-Api-Key'],
		['custom_headers as a JSON text of an object', { custom_headers: JSON.stringify({ 'X-Api-Key': KEY }) }, 'X-Api-Key'],
		['a headers object', { headers: { 'X-Api-Key': KEY } }, 'X-Api-Key'],
		['a Headers list (any letter case)', { Headers: [{ key: 'X-Api-Key', value: KEY }] }, 'X-Api-Key'],
		['config.headers of an action (openapi.json’s free config)', { actions: [{ id: 'a1', config: { url: 'https://crm.example', headers: { Authorization: `Bearer ${KEY}` } } }] }, 'Authorization'],
		['raw header lines in a *_headers text', { response_headers: `Content-Type: application/json\r\nSet-Cookie: session=${KEY}` }, 'Set-Cookie'],
		['a list of [name, value] pairs', { request_headers: [['X-Api-Key', KEY]] }, 'X-Api-Key'],
		['a list of "Name: value" lines', { request_headers: [`X-Api-Key: ${KEY}`] }, 'X-Api-Key'],
		['a list of one-name objects', { response_headers: [{ 'X-Api-Key': KEY }] }, 'X-Api-Key'],
		['header lines ended by a bare CR', { response_headers: `Content-Type: text/plain\rX-Api-Key: ${KEY}` }, 'X-Api-Key'],
		['a folded header line (more of the value above)', { response_headers: `X-Api-Key: first\r\n\t${KEY}` }, 'X-Api-Key'],
	])('%s', (_what, value, name) => {
		const shown = JSON.stringify(masked(value));
		expect(shown).not.toContain(KEY);
		expect(shown).toContain(name);
		expect(shown).toContain(MASKED);
	});

	test('an error carrying a headers object or a JSON text of custom headers', () => {
		const error = Object.assign(new Error('failed'), { context: { headers: { 'X-Api-Key': KEY }, custom_headers: JSON.stringify([{ key: 'X-Pin', value: KEY }]) } });
		expect(JSON.stringify(maskedError(error))).not.toContain(KEY);
	});

	test('a JSON text of headers that does not parse (cut short) is masked whole: its names cannot be told from its values', () => {
		expect(masked({ custom_headers: '[not json' })).toEqual({ custom_headers: '***' });
		expect(masked({ response_headers: '{"X-Api-Key":"sk-live-0123' })).toEqual({ response_headers: '***' });
	});

	test('raw header lines: each value masked, the names, the line ends and lines that are not headers kept', () => {
		const lines = `Content-Type: text/plain\r\nSet-Cookie: session=${KEY}\r\n\tmore\nnot a header\rX-Empty:\r\n`;
		expect(masked({ response_headers: lines })).toEqual({ response_headers: 'Content-Type: ***\r\nSet-Cookie: ***\r\n***\nnot a header\rX-Empty: ***\r\n' });
	});

	test('header lines with a bracket in a value are masked line by line, the names kept', () => {
		expect(masked({ response_headers: 'Content-Type: application/json\r\nX-Meta: {"id":1}' })).toEqual({ response_headers: 'Content-Type: ***\r\nX-Meta: ***' });
		expect(masked({ response_headers: 'X-Meta:{"id":1}\r\nX-List:[1]' })).toEqual({ response_headers: 'X-Meta: ***\r\nX-List: ***' });
	});

	test('a JSON text of headers with spaces before it keeps its names: only the values are masked', () => {
		expect(masked({ custom_headers: `  [{"key":"X-Api-Key","value":"${KEY}"}]` })).toEqual({ custom_headers: '[{"key":"X-Api-Key","value":"***"}]' });
		expect(masked({ headers: `\n{"X-Api-Key":"${KEY}"}` })).toEqual({ headers: '{"X-Api-Key":"***"}' });
	});

	test('a header entry with a value but no key: its value is masked, its other fields stay', () => {
		expect(masked({ custom_headers: [{ value: KEY, note: 'from the form' }] })).toEqual({ custom_headers: [{ value: MASKED, note: 'from the form' }] });
	});

	test('HTTP/2 header lines (":path: …") have their values masked, their names kept', () => {
		expect(masked({ request_headers: `:path: /hook?token=${KEY}\r\n:authority: example.com\r\nX-Api-Key: ${KEY}` })).toEqual({ request_headers: ':path: ***\r\n:authority: ***\r\nX-Api-Key: ***' });
	});

	test('a header given as a list is masked after its name whatever its shape: several values, or a name that is not a text', () => {
		expect(masked({ request_headers: [['Set-Cookie', `a=${KEY}`, 'b=2'], [1, KEY], [null, KEY, KEY]] })).toEqual({ request_headers: [['Set-Cookie', MASKED, MASKED], [MASKED, MASKED], [MASKED, MASKED, MASKED]] });
	});

	test('a header entry that is a list of one name is kept as it is (no value is added)', () => {
		expect(masked({ request_headers: [['X-Only'], ['X-Api-Key', KEY]] })).toEqual({ request_headers: [['X-Only'], ['X-Api-Key', MASKED]] });
	});

	test('a headers key or a headers list entry left undefined stays undefined (masking does not fail)', () => {
		const out = masked({ headers: undefined, custom_headers: [undefined, { key: 'X-Api-Key', value: KEY }], note: 'tok_1234' }, { values: ['tok_1234'] });
		expect(out).toStrictEqual({ headers: undefined, custom_headers: [undefined, { key: 'X-Api-Key', value: MASKED }], note: '***' });
	});
});

describe('only header keys are read as header values', () => {
	test('a key that merely contains "headers" (request_headers_count, headers_note) is an ordinary value', () => {
		const value = { request_headers_count: 3, headers_note: 'keep me too', headers_x: { note: 'keep me' } };
		expect(masked(value)).toEqual(value);
	});

	test('a delivery log entry: its response_headers, and a request_headers no page documents (the trigger\'s delivery secret would be there), are header values', () => {
		const secret = 'f'.repeat(64);
		const entry = { id: 'log-1', status: 'failed', response_headers: { 'content-type': 'application/json' }, request_headers: { 'X-N8n-Talkover-Secret': secret } };
		const shown = masked(entry);
		expect(shown).toEqual({ id: 'log-1', status: 'failed', response_headers: { 'content-type': MASKED }, request_headers: { 'X-N8n-Talkover-Secret': MASKED } });
	});

	test('a JSON text of custom headers with spaces before it is masked too; a plain text is left as it is', () => {
		const shown = masked({ custom_headers: '  [{"key":"X-Api-Key","value":"sk-live-0123456789"}]', headers: 'plain words' });
		expect(JSON.stringify(shown)).not.toContain('sk-live-0123456789');
		expect(shown).toMatchObject({ headers: 'plain words' });
	});
});

describe('a secret cut where a text is clipped, or written as JSON text, is masked: no part of it is shown', () => {
	const KEY = 'sk_live_4f9aQ2mZ7LxP0vR8tY3wK6nB1cD5eH';
	/** Every run of 6 characters of `secret` that `value` shows. */
	const partsShown = (value: unknown, secret: string) => {
		const text = JSON.stringify(value);
		return Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6)).filter((part) => text.includes(part) || text.includes(JSON.stringify(part).slice(1, -1)));
	};
	/** Talkover's message with `secret` starting at character `at` (clip() keeps 200). */
	const echoedAt = (secret: string, at: number) => `${'The value is not accepted: '.padEnd(at, '.')}${secret}`;

	test.each([1, 10, 37])('a text clipped after character %i of a secret ends with *** before the clip mark', (inside) => {
		const shown = masked(clip(echoedAt(KEY, 200 - inside)), { values: [KEY] });
		expect(partsShown(shown, KEY)).toEqual([]);
		expect(shown).toMatch(/\.\*\*\*… \(\d+ characters\)$/);
	});

	test('a clipped text without a secret at its end, and a clip with no secrets given, keep every character', () => {
		const text = clip(echoedAt('nothing-secret-here', 190));
		expect(masked(text, { values: [KEY] })).toBe(text);
		expect(masked(clip(echoedAt(KEY, 190)), {})).toBe(clip(echoedAt(KEY, 190)));
	});

	test('an item holding a clipped text, with no secrets given, comes back as it is (no copy)', () => {
		const item = { error: `Talkover rejected the data: ${clip(echoedAt('nothing-secret-here', 190))}` };
		expect(masked(item)).toBe(item);
		expect(masked(item, { values: [], hashes: [] })).toBe(item);
	});

	test('an error clipped after hex characters keeps them when no secret is known by its hash', () => {
		const message = clip(`${'Talkover did not find the call: '.padEnd(190, '.')}${'0123456789abcdef'.repeat(2)}`);
		expect(message.slice(180, 200)).toBe('..........0123456789');
		for (const secrets of [undefined, { values: [KEY] }]) {
			const error = maskedError(new Error(message), secrets);
			expect(error.message).toBe(message);
		}
	});

	test.each([
		['as it was made', SECRET],
		['upper-cased', SECRET.toUpperCase()],
	])('a secret known only by its hash, cut by a clip (%s): the hex characters before the mark are masked', (_how, echoed) => {
		const shown = masked(clip(echoedAt(echoed, 170)), { hashes: [hashOf(SECRET)] });
		expect(partsShown(shown, echoed)).toEqual([]);
		expect(shown).toMatch(/\.\*\*\*… \(\d+ characters\)$/);
	});

	test('a value with a quote and a backslash, shown as JSON text (a 422 entry that is not a text), whole or cut', () => {
		const quoted = 'pa"ss\\word-0123456789';
		expect(masked(JSON.stringify({ field: 'custom_headers.0.value', value: quoted }), { values: [quoted] })).toBe('{"field":"custom_headers.0.value","value":"***"}');
		const cut = clip(`${'x'.repeat(190)}${JSON.stringify(quoted)}`);
		expect(partsShown(masked(cut, { values: [quoted] }), quoted)).toEqual([]);
	});

	test('an item holding a clipped text is masked, not passed through as it is', () => {
		const item = { error: `Talkover rejected the data: ${clip(echoedAt(KEY, 190))}` };
		const shown = masked(item, { values: [KEY] });
		expect(shown).not.toBe(item);
		expect(partsShown(shown, KEY)).toEqual([]);
	});

	test('the error of a 422 echoing a header value near the clip, or in an entry that is not a text: no part in message, description or anything n8n saves', () => {
		const quoted = 'pa"ss\\word-0123456789';
		const body = {
			success: false,
			message: echoedAt(KEY, 175),
			errors: { 'custom_headers.0.value': [`${'-'.repeat(185)} ${KEY}`], 'custom_headers.1.value': [{ value: quoted }] },
		};
		const error = maskedError(failureError(NODE, readFailure(422, body, 'tok_1234')), { values: [KEY, quoted] });
		const saved = { message: error.message, description: error.description, context: error.context, cause: error.cause, messages: error.messages, stack: error.stack };
		expect(partsShown(saved, KEY)).toEqual([]);
		expect(partsShown(saved, quoted)).toEqual([]);
	});
});
