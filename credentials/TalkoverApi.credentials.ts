import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * What the Test button says when Talkover's answer is not a list of agents, in Talkover's terms. n8n 2.8.4
 * shows an HTTP error status only as its own generic text ("Authorization failed", "The resource you are
 * requesting could not be found"): its credential tester loses the status that `responseCode` rules need.
 * So the test request takes any status and these rules read Talkover's answer; n8n shows the message of the
 * first rule whose field has that value. A host that does not answer at all (wrong name or port) gets
 * n8n's own connection message.
 */
const WRONG_TOKEN =
	'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).';
const NO_TOKEN =
	'Talkover did not accept the API token: it says none was sent. Paste the token from Talkover (Account → Environments, it starts with talq_) into API Token, without spaces or line breaks; if it is there, copy it again: it may be wrong or expired.';
const EMPTY =
	'Talkover sent an empty answer, without the agent list: either Talkover did not accept the API token (openapi.json documents its 401s without a body: copy the token again in Talkover under Account → Environments, it starts with talq_), or this Base URL is not Talkover (leave it at https://app.talkover.ai, without /api/v1, unless Talkover gave you another address).';
const RATE_LIMITED = 'Talkover is rate-limiting this token right now: wait a minute and test again.';
const REFUSED = 'Talkover refused to list the agents with this token. Check the API Token, or test again later.';
const NOT_TALKOVER =
	'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address. If it is right, Talkover may be unavailable: test again later.';

/**
 * A Base URL with `user:password@`: the nodes refuse it (nothing is sent). n8n's HTTP client would turn it
 * into Basic authentication in place of the token, and Talkover's 401 would blame the token; so the test
 * request goes to a `data:` URL instead (answered on this machine: nothing is sent, no token leaves), whose
 * answer n8n hands the rules as bytes (a Buffer), which no HTTP answer is, and the first rule names the Base URL.
 */
const USERINFO = 'Base URL: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai. Nothing was sent.';
/** Userinfo with a user name or password in an http(s) URL, as the WHATWG URL parser the nodes use reads it. */
const HAS_USERINFO = String.raw`/^https?:[\/\\]*(?!:?@[^\/\\?#@]*(?:[\/\\?#]|$))[^\/\\?#]*@/i`;

const answer = (key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key, value, message },
});

/** One rule per place Talkover's error bodies put a code or message (`error`, `error.code`, `message`, `error.message`). */
const anyOf = (keys: string[], values: string[], message: string) => keys.flatMap((key) => values.map((value) => answer(key, value, message)));

const TEST_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	answer('constructor.name', 'Buffer', USERINFO),
	// Talkover's 401 bodies, in every shape its pages show (authentication.mdx's codes, the endpoint pages'
	// "Unauthenticated." / "Unauthorized" / "Missing Bearer Token", Make Call's INVALID_TOKEN): the token, not
	// the Base URL, is what is wrong. "Missing Bearer Token" is the webhook pages' only 401 body, so it may
	// come for a wrong token too: its message says both. Every one starts "Talkover did not accept the API token".
	...anyOf(['error', 'error.code'], ['INVALID_TOKEN', 'UNAUTHORIZED', 'TOKEN_EXPIRED'], WRONG_TOKEN),
	...anyOf(['message', 'error.message'], ['Unauthenticated.', 'Unauthorized', 'Invalid or missing authentication token', 'Authentication token has expired'], WRONG_TOKEN),
	...anyOf(['error', 'error.code'], ['MISSING_TOKEN'], NO_TOKEN),
	...anyOf(['message', 'error.message'], ['Missing Bearer Token', 'Authorization header is required'], NO_TOKEN),
	// Talkover's 429 bodies.
	answer('message', 'Too many requests. Please try again later.', RATE_LIMITED),
	answer('message', 'Rate limit exceeded', RATE_LIMITED),
	...anyOf(['error', 'error.code'], ['RATE_LIMIT_EXCEEDED'], RATE_LIMITED),
	// An empty answer (n8n reads it as the text ""): openapi.json documents 401s without a body (the webhook
	// routes), so the token may be what is wrong; so may the Base URL (a redirect, an empty page).
	answer('length', 0, EMPTY),
	// Anything that is not the agent list as List Agents or openapi.json document it (`data`: a list of
	// agents, with `meta`): a 404, an HTML page, a server error, `data` missing, null, an
	// object or a text. The rules can only compare values, so the list is told by its constructor's name.
	answer('data', undefined, NOT_TALKOVER),
	answer('data.constructor.name', undefined, NOT_TALKOVER),
	...['Object', 'String', 'Number', 'Boolean'].map((kind) => answer('data.constructor.name', kind, NOT_TALKOVER)),
	...['String', 'Number', 'Boolean', 'Array'].map((kind) => answer('data.0.constructor.name', kind, NOT_TALKOVER)),
	answer('data.0', null, NOT_TALKOVER),
	// An agent list that says it failed all the same (after the checks above, so a 404 or a 500 with
	// `success: false` and no list still points at the Base URL or Talkover's state).
	answer('success', false, REFUSED),
	// List Agents' paging object: `meta` on the page and in openapi.json (a list without it is no documented
	// agent list, whatever its status: n8n hands the rules the body only, so a 500 with `{data: []}` ends here).
	answer('meta', undefined, NOT_TALKOVER),
	answer('meta', null, NOT_TALKOVER),
	...['String', 'Number', 'Boolean', 'Array'].map((kind) => answer('meta.constructor.name', kind, NOT_TALKOVER)),
];

export class TalkoverApi implements ICredentialType {
	name = 'talkoverApi';

	displayName = 'Talkover API';

	icon: Icon = {
		light: 'file:../nodes/Talkover/talkover.svg',
		dark: 'file:../nodes/Talkover/talkover.dark.svg',
	};

	documentationUrl = 'https://github.com/talkover/n8n-nodes-talkover#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'talq_...',
			description:
				'Your Talkover environment token. Create or copy it in Talkover under Account → Environments. It starts with talq_.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://app.talkover.ai',
			placeholder: 'https://app.talkover.ai',
			description:
				'Change only for a staging environment or a local sandbox. Without /api/v1; a trailing slash is fine.',
		},
		{
			displayName: 'Account Token (Optional, for Credits)',
			name: 'accountToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only Credits → Get Balance uses it. Talkover documents the balance as part of its Account API, which takes a personal access token (Account → API Tokens) instead of the environment token. Leave empty to send the API Token.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// The unauthenticated /api/v1/health would pass with any token; listing one agent proves the token works.
	// The path is written out (not built with the nodes' apiPath): n8n loads this class on its own and
	// resolves `baseURL`/`url` as expressions, so the credential stays a self-contained literal.
	test: ICredentialTestRequest = {
		request: {
			// Without spaces around it and trailing slashes, as the nodes read it (transport's baseUrlOf).
			// A Base URL with user:password@ goes to a data: URL (see USERINFO); the HTTP client reads a data: URL
			// from `url` alone, so both are expressions.
			baseURL: `={{ ${HAS_USERINFO}.test($credentials.baseUrl.trim()) ? "" : $credentials.baseUrl.trim().replace(/\\/+$/, "") }}`,
			url: `={{ ${HAS_USERINFO}.test($credentials.baseUrl.trim()) ? "data:,the Base URL contains a user name or password" : "/api/v1/agents" }}`,
			qs: { per_page: 1 },
			ignoreHttpStatusErrors: true,
			// n8n's HTTP client follows redirects with the Authorization header; the token must go to the Base
			// URL's host only. A redirect's answer has no agent list, so the button says so (NOT_TALKOVER).
			disableFollowRedirect: true,
		},
		rules: TEST_RULES,
	};
}
