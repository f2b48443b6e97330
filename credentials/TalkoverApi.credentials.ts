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
const RATE_LIMITED = 'Talkover is rate-limiting this token right now: wait a minute and test again.';
const NOT_TALKOVER =
	'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address. If it is right, Talkover may be unavailable: test again later.';

const answer = (key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key, value, message },
});

const TEST_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	// Talkover's 401 and 429 bodies, in the shapes its API pages show.
	answer('message', 'Unauthenticated.', WRONG_TOKEN),
	answer('error.code', 'INVALID_TOKEN', WRONG_TOKEN),
	answer('error', 'INVALID_TOKEN', WRONG_TOKEN),
	answer('message', 'Too many requests. Please try again later.', RATE_LIMITED),
	answer('message', 'Rate limit exceeded', RATE_LIMITED),
	answer('error.code', 'RATE_LIMIT_EXCEEDED', RATE_LIMITED),
	answer('error', 'RATE_LIMIT_EXCEEDED', RATE_LIMITED),
	// Anything else without the agent list (a 404, an HTML page, a server error).
	answer('data', undefined, NOT_TALKOVER),
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
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/agents',
			qs: { per_page: 1 },
			ignoreHttpStatusErrors: true,
			// n8n's HTTP client follows redirects with the Authorization header; the token must go to the Base
			// URL's host only. A redirect's answer has no agent list, so the button says so (NOT_TALKOVER).
			disableFollowRedirect: true,
		},
		rules: TEST_RULES,
	};
}
