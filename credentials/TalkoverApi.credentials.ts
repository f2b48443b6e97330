import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

const CHECK_BASE_URL = 'Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address.';

/**
 * What the Test button says for each HTTP status, in Talkover's terms (n8n 2.8 shows the message of the
 * rule whose status matches; otherwise only the status text). A wrong host or port never gets an HTTP
 * answer: n8n then shows the connection error's code (ENOTFOUND, ECONNREFUSED).
 */
const TEST_MESSAGES: Array<[number, string]> = [
	[401, 'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).'],
	[403, 'Talkover knows this token but does not let it list agents. Create a token for the environment of your agents in Talkover under Account → Environments.'],
	[404, `There is no Talkover API at this Base URL (it answered 404 for /api/v1/agents). ${CHECK_BASE_URL}`],
	[405, `This Base URL is not Talkover's API (it answered 405 for /api/v1/agents). ${CHECK_BASE_URL}`],
	[429, 'Talkover is rate-limiting this token right now: wait a minute and test again.'],
	...[500, 502, 503, 504].map((status): [number, string] => [status, `Talkover answered with a server error (HTTP ${status}): try again in a few minutes. ${CHECK_BASE_URL}`]),
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
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/agents',
			qs: { per_page: 1 },
		},
		rules: TEST_MESSAGES.map(([value, message]): IAuthenticateRuleResponseCode => ({ type: 'responseCode', properties: { value, message } })),
	};
}
