/**
 * QUEUED_CAMPAIGN_CALL (nodes/shared/answers/campaignCallQueued.ts): when Talkover says it will dial a lead
 * Add Call queued — the moment the node checks against the lead's Calling Hours.
 */
import { AnswerProblem, QUEUED_CAMPAIGN_CALL } from '../../../nodes/shared/answers';

const page = (scheduledAt?: unknown) => ({
	campaign_call: { id: 'call-uuid-1', campaign_id: 'campaign-uuid-1', to: '+1234567890', status: 'scheduled', ...(scheduledAt === undefined ? {} : { scheduled_at: scheduledAt }), created_at: '2024-01-15T10:30:00Z' },
	campaign: { id: 'campaign-uuid-1', name: 'Q1 Outreach', status: 'active' },
});

test('the page’s answer: scheduled_at read as the exact moment, whatever its offset', () => {
	expect(QUEUED_CAMPAIGN_CALL.read(page('2024-01-15T10:30:00Z')).scheduledAt).toBe(Date.UTC(2024, 0, 15, 10, 30));
	expect(QUEUED_CAMPAIGN_CALL.read(page('2024-01-15T05:30:00-05:00')).scheduledAt).toBe(Date.UTC(2024, 0, 15, 10, 30));
});

test('no moment said (the field left out or null, or openapi.json’s bare Call): none, and the answer as read', () => {
	expect(QUEUED_CAMPAIGN_CALL.read(page()).scheduledAt).toBeUndefined();
	expect(QUEUED_CAMPAIGN_CALL.read(page(null)).scheduledAt).toBeUndefined();
	const bare = { id: '123e4567-e89b-12d3-a456-426614174000', sid: 'TQ123456789', status: 'in-progress', to: '+1234567890', created_at: '2024-01-01T00:00:00Z' };
	expect(QUEUED_CAMPAIGN_CALL.read(bare)).toEqual({ answer: bare });
});

test('a scheduled_at without a time zone, or no time at all, is an AnswerProblem (never read in the server’s zone)', () => {
	expect(() => QUEUED_CAMPAIGN_CALL.read(page('2024-01-15T10:30:00'))).toThrow(AnswerProblem);
	expect(() => QUEUED_CAMPAIGN_CALL.read(page('2024-01-15T10:30:00'))).toThrow('the time Talkover will dial the lead (scheduled_at) "2024-01-15T10:30:00" names no time zone');
	expect(() => QUEUED_CAMPAIGN_CALL.read(page(1705314600))).toThrow(AnswerProblem);
});
