import { runTalkover } from '../../helpers/n8n';
import { PHONE_1, PHONE_2, retryOnFail, TOKEN, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const base = { resource: 'agent', operation: 'create', label: 'Customer Support Agent', name: 'SupportBot' };

/** The body of the docs' first Create Agent example, without its two optional fields. */
const DOCS_FIRST_EXAMPLE = {
	label: 'Customer Support Agent',
	name: 'SupportBot',
	language: 'en-US',
	interrupt_sensitivity: 'medium',
	endpointing_sensitivity: 'auto',
	ivr_navigation_mode: 'off',
	conversation_speed: 1.0,
	initial_message_delay: 0,
	ask_if_human_present_on_idle: false,
	idle_time_seconds: 5,
	llm_temperature: 0.7,
	enable_recording: true,
	direction: 'inbound',
	who_speaks_first: 'agent',
};

describe('Agent → Create', () => {
	test('sends the 14 required fields with the defaults of the docs’ first example and outputs the agent', async () => {
		const { output, error } = await runTalkover({ parameters: base, credentials: credentials() });
		expect(error).toBeUndefined();
		const [request] = sandbox().requests;
		expect(sandbox().requests).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/agents');
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual(DOCS_FIRST_EXAMPLE);
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ name: 'SupportBot', label: 'Customer Support Agent', current_status: 'draft' });
		expect(output![0].json).not.toHaveProperty('success');
		expect(output![0].json.id).toBe(sandbox().agents[3].id);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('sends every Additional Field under its snake_case name', async () => {
		const { error } = await runTalkover({
			parameters: {
				...base,
				language: 'pt-BR',
				direction: 'outbound',
				additionalFields: {
					description: 'Handles customer inquiries',
					initialMessage: 'Olá!',
					maxIdleCheckCount: 3,
					maxCallDurationSeconds: 900,
					sayGoodbyeOnMaxDuration: true,
					userInactivityTimeoutSeconds: 30,
					initialIdleTimeSeconds: 4,
					initialMaxIdleCheckCount: 0,
					phoneNumberIds: [PHONE_1, PHONE_2],
				},
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body).toEqual({
			...DOCS_FIRST_EXAMPLE,
			language: 'pt-BR',
			direction: 'outbound',
			description: 'Handles customer inquiries',
			initial_message: 'Olá!',
			max_idle_check_count: 3,
			max_call_duration_seconds: 900,
			say_goodbye_on_max_duration: true,
			user_inactivity_timeout_seconds: 30,
			initial_idle_time_seconds: 4,
			initial_max_idle_check_count: 0,
			phone_number_ids: [PHONE_1, PHONE_2],
		});
	});

	test('values from expressions: numeric and boolean text is converted, free-text fields accept any value', async () => {
		const { error } = await runTalkover({
			items: [{ speed: '1.5', record: 'false', endpointing: 'high', ivr: 'aggressive', phones: `${PHONE_1}, ${PHONE_2}` }],
			parameters: {
				...base,
				conversationSpeed: '={{ $json.speed }}',
				enableRecording: '={{ $json.record }}',
				endpointingSensitivity: '={{ $json.endpointing }}',
				ivrNavigationMode: '={{ $json.ivr }}',
				additionalFields: { phoneNumberIds: '={{ $json.phones }}' },
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body).toMatchObject({
			conversation_speed: 1.5,
			enable_recording: false,
			endpointing_sensitivity: 'high',
			ivr_navigation_mode: 'aggressive',
			phone_number_ids: [PHONE_1, PHONE_2],
		});
	});

	test.each([
		['conversationSpeed', '={{ "fast" }}', /Conversation Speed \(item 0\): "fast" is not a number; expected a number from 0.1 to 3/],
		['conversationSpeed', '={{ 3.5 }}', /Conversation Speed \(item 0\): 3.5 is out of range; expected a number from 0.1 to 3/],
		['llmTemperature', '={{ -0.1 }}', /LLM Temperature \(item 0\): -0.1 is out of range/],
		['initialMessageDelay', '={{ 2.5 }}', /Initial Message Delay \(Seconds\) \(item 0\): 2.5 is not a whole number from 0 to 60/],
		['initialMessageDelay', '={{ 61 }}', /Initial Message Delay \(Seconds\) \(item 0\): 61 is out of range/],
		['language', '={{ "xx-XX" }}', /Language \(item 0\): "xx-XX" is not one of the allowed values: zh-TW, nl-NL, en-CA, en-US/],
		['interruptSensitivity', '={{ "extreme" }}', /Interrupt Sensitivity \(item 0\): "extreme" is not one of the allowed values/],
		['direction', '={{ "sideways" }}', /Direction \(item 0\): "sideways" is not one of the allowed values: inbound, outbound/],
		['enableRecording', '={{ "maybe" }}', /Enable Recording \(item 0\): "maybe" is not true or false/],
		['label', '={{ $json.missingLabel ?? "  " }}', /Label \(item 0\): is required but empty/],
		['name', '={{ "x".repeat(256) }}', /Name \(item 0\): is 256 characters long; at most 255 are allowed/],
		['endpointingSensitivity', '={{ "" }}', /Endpointing Sensitivity \(item 0\): is required but empty/],
	])('bad %s %s is refused before any request', async (field, value, message) => {
		const { error, output } = await runTalkover({ parameters: { ...base, [field]: value }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(error?.description).toContain(`parameter "${field}"`);
		expect(output).toBeUndefined();
		expect(sandbox().requests).toHaveLength(0);
	});

	test('idle time: the field reference says 1–60, the 422 example says 1–300; the node keeps to 1–60 and the API variant accepting 300 is never reached', async () => {
		const accepted = await runTalkover({ parameters: { ...base, idleTimeSeconds: 60 }, credentials: credentials() });
		expect(accepted.error).toBeUndefined();
		expect(sandbox().requests[0].body.idle_time_seconds).toBe(60);
		const refused = await runTalkover({ parameters: { ...base, idleTimeSeconds: '={{ 61 }}' }, credentials: credentials() });
		expect(refused.error?.message).toMatch(/Idle Time \(Seconds\) \(item 0\): 61 is out of range; expected a whole number from 1 to 60/);
		expect(sandbox().requests).toHaveLength(1);
	});

	test.each([
		['maxIdleCheckCount', 0, /Max Idle Check Count \(item 0\): 0 is out of range; expected a whole number from 1 to 10/],
		['maxCallDurationSeconds', 3601, /Max Call Duration \(Seconds\) \(item 0\): 3601 is out of range/],
		['userInactivityTimeoutSeconds', 4, /User Inactivity Timeout \(Seconds\) \(item 0\): 4 is out of range; expected a whole number from 5 to 120/],
		['initialIdleTimeSeconds', '={{ "soon" }}', /Initial Idle Time \(Seconds\) \(item 0\): "soon" is not a number/],
		['initialMaxIdleCheckCount', 11, /Initial Max Idle Check Count \(item 0\): 11 is out of range/],
		['sayGoodbyeOnMaxDuration', '={{ "yes" }}', /Say Goodbye on Max Duration \(item 0\): "yes" is not true or false/],
		['phoneNumberIds', '={{ [1, {}] }}', /Phone Number Names or IDs \(item 0\): \{\} is not an ID/],
	])('bad additional field %s %s is refused before any request', async (field, value, message) => {
		const { error } = await runTalkover({
			parameters: { ...base, additionalFields: { [field]: value } },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('one bad item among several: without Continue On Fail nothing at all is sent, and the error names the item', async () => {
		const { error } = await runTalkover({
			items: [{ speed: 1 }, { speed: 1.2 }, { speed: 'fast' }],
			parameters: { ...base, conversationSpeed: '={{ $json.speed }}' },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/Conversation Speed \(item 2\)/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('one bad item among several: with Continue On Fail the good items are created once each and the bad one is an error item', async () => {
		const { output, error } = await runTalkover({
			items: [{ speed: 1 }, { speed: 'fast' }, { speed: 1.2 }],
			parameters: { ...base, conversationSpeed: '={{ $json.speed }}' },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.body.conversation_speed)).toEqual([1, 1.2]);
		expect(output).toHaveLength(3);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output![0].json.id).toBe(sandbox().agents[3].id);
		expect(output![1].json.error).toMatch(/Conversation Speed \(item 1\): "fast" is not a number/);
		expect(output![2].json.conversation_speed).toBe(1.2);
	});

	test('a 422 field map from Talkover lists every field in the error description', async () => {
		sandbox().inject({
			method: 'POST',
			path: '/api/v1/agents',
			status: 422,
			body: {
				success: false,
				message: 'The given data was invalid.',
				errors: { name: ['The name has already been taken.'], phone_number_ids: ['Phone number is in use.', 'Phone number is pending.'] },
			},
		});
		const { error } = await runTalkover({ parameters: base, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toBe(
			['name: The name has already been taken.', 'phone_number_ids: Phone number is in use.', 'phone_number_ids: Phone number is pending.'].join('\n'),
		);
		expect(error?.httpCode).toBe('422');
	});

	test('an unknown phone number ID is rejected by Talkover with its 422 message', async () => {
		const { error } = await runTalkover({
			parameters: { ...base, additionalFields: { phoneNumberIds: ['not-a-number-we-own'] } },
			credentials: credentials(),
		});
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toContain('phone_number_ids.0: The selected phone_number_ids.0 is invalid.');
	});

	test('not repeatable: after a 500 (the agent may have been created) it is not sent again, even with n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', path: '/api/v1/agents', status: 500, body: { message: 'boom' } });
		const { error } = await runTalkover({ parameters: base, credentials: credentials(), settings: retryOnFail(3) });
		expect(error?.message).toBe('The agent may have been created: Talkover had a problem on its side (HTTP 500)');
		expect(sandbox().requestsTo('POST', '/api/v1/agents')).toHaveLength(1);
	});
});
