import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class TalkoverApi implements ICredentialType {
	name = 'talkoverApi';

	displayName = 'Talkover API';

	icon: Icon = {
		light: 'file:../nodes/Talkover/talkover.svg',
		dark: 'file:../nodes/Talkover/talkover.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-talkover#credentials';

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
		},
	};
}
