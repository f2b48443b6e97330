/**
 * The fault matrix: every operation × every server fault, through n8n's engine with n8n's Retry
 * On Fail on (two tries) and Options → Max Retries 0 (so each send is one try of n8n). For each case:
 * - exactly the expected requests: an operation that must not be repeated is sent once when Talkover may
 *   have acted, whatever n8n retries; nothing goes to another origin;
 * - a clear, exact error for the failing item, and with Continue On Fail the other item keeps its output
 *   (and is not sent again on n8n's retry);
 * - the token appears nowhere in the output, the error or the run data.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { TOKEN, useSandbox } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { expectedError, expectedSends, FAULTS } from './faults';
import { offeredOperations, OPERATIONS } from './operations';

const { sandbox, credentials } = useSandbox();
let foreign: TalkoverSandbox;

beforeAll(async () => {
	foreign = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
});
beforeEach(() => foreign.reset());
afterAll(async () => {
	await foreign.stop();
});

/**
 * Continue On Fail's error item: exactly `error` and `message`. (A delivery log entry, Webhook Delivery → Get Many,
 * has a field of Talkover's own named `error` beside its ID and status: not an error item.)
 */
const isErrorItem = (json: IDataObject) => Object.keys(json).sort().join() === 'error,message';

const retry = { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 };
const noRetries = { maxRetries: 0 };

function expectNoToken(run: IRun): void {
	expect(JSON.stringify(run)).not.toContain(TOKEN);
}

test('the matrix has a row for every operation the node offers', () => {
	expect(OPERATIONS.map((o) => o.name).sort()).toEqual(offeredOperations());
});

describe.each(OPERATIONS)('$name', (op) => {
	const parameters = { ...op.parameters, options: noRetries };
	/** The operation's own requests (all of them, unless it reads before it writes: then those of its method). */
	const own = (r: { method: string; path: string }) => (!op.method || r.method === op.method) && (!op.path || op.path.test(r.path));
	const sent = () => sandbox().requests.filter(own);

	describe.each(FAULTS)('$name', (fault) => {
		test('one item, no Continue On Fail: the exact error, the exact requests, no token anywhere', async () => {
			const expected = fault.expected(op, foreign.url);
			sandbox().inject({ ...fault.fault(foreign.url), times: Infinity, when: own });
			const { run, error, output } = await runTalkover({ parameters, credentials: credentials(), settings: retry });
			expect(foreign.requests).toHaveLength(0);
			expectNoToken(run);
			if ('ok' in expected) {
				expect(error).toBeUndefined();
				expect(output).toHaveLength(1);
				expect(sent()).toHaveLength(1);
				return;
			}
			expect(error?.message).toBe(expectedError(op, expected));
			expect(output).toBeUndefined();
			const sends = expectedSends(op, expected);
			expect(sent()).toHaveLength(sends);
			expect(new Set(sent().map((r) => `${r.method} ${r.path}`)).size).toBe(1);
		});

		test('two items, Continue On Fail: the failing item is an error item, the other keeps its output and is sent once', async () => {
			const expected = fault.expected(op, foreign.url);
			// Every request but the second (item 1's first and only one) meets the fault.
			const s = sandbox();
			s.inject({ ...fault.fault(foreign.url), times: Infinity, when: (r) => own(r) && sent().indexOf(r) !== 1 });
			const { run, error, output } = await runTalkover({
				items: [{}, {}],
				parameters,
				credentials: credentials(),
				settings: { ...retry, continueOnFail: true },
			});
			expect(error).toBeUndefined();
			expect(foreign.requests).toHaveLength(0);
			expectNoToken(run);
			expect(output).toHaveLength(2);
			expect(isErrorItem(output![1].json)).toBe(false);
			expect(output![1].pairedItem).toEqual({ item: 1 });
			if ('ok' in expected) {
				expect(isErrorItem(output![0].json)).toBe(false);
				expect(sent()).toHaveLength(2);
				return;
			}
			const message = expectedError(op, expected);
			expect(output![0].pairedItem).toEqual({ item: 0 });
			expect(Object.keys(output![0].json).sort()).toEqual(['error', 'message']);
			expect(output![0].json.error).toBe(message);
			expect(String(output![0].json.message).startsWith(`${message}\n`)).toBe(true);
			expect(sent()).toHaveLength(expectedSends(op, expected) + 1);
		});
	});
});
