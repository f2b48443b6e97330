/** IDs seeded by the sandbox's endpoint modules (test/sandbox/campaigns.js, voices.js, calendars.js). */

/** Active, SALES agent, Mon–Fri 09:00–12:00 and 14:00–17:00 New York; a queued call to QUEUED_PHONE. */
export const ACTIVE_CAMPAIGN = '3f2a9c10-0000-4000-8000-000000000001';
/** Draft, SURVEY agent. */
export const DRAFT_CAMPAIGN = '3f2a9c10-0000-4000-8000-000000000002';
/** Paused, with a call in progress. */
export const PAUSED_CAMPAIGN = '3f2a9c10-0000-4000-8000-000000000003';
/** Completed (final). */
export const COMPLETED_CAMPAIGN = '3f2a9c10-0000-4000-8000-000000000004';
export const UNKNOWN_CAMPAIGN = '3f2a9c10-0000-4000-8000-00000000dead';
/** The number with a queued call in ACTIVE_CAMPAIGN. */
export const QUEUED_PHONE = '+15550102030';
export const QUEUED_CALL = 'cc000000-0000-4000-8000-000000000001';

/** Voice templates: Ava (en-US) basic / pro / ultra, Noah (en-US) basic / pro, Bianca (pt-BR) basic… */
export const AVA_BASIC = '70000000-0000-4000-8000-000000000000';
export const AVA_PRO = '70000000-0000-4000-8000-000000000001';
export const AVA_ULTRA = '70000000-0000-4000-8000-000000000002';
export const BIANCA_BASIC = '70000000-0000-4000-8000-000000002000';
export const BIANCA_PRO = '70000000-0000-4000-8000-000000002001';
export const LUCIA_BETA = '70000000-0000-4000-8000-000000004000';

/** Sales Demo Calendar (America/New_York): Mon–Fri 09:00–17:00, closed 2026-12-25, DEMO_EVENT on 2026-03-02 15:00–15:30Z. */
export const SALES_CALENDAR = 'ca1e0000-0000-4000-8000-000000000001';
/** Support Callbacks (Europe/London): Mon–Thu 10:00–12:00. */
export const SUPPORT_CALENDAR = 'ca1e0000-0000-4000-8000-000000000002';
export const UNKNOWN_CALENDAR = 'ca1e0000-0000-4000-8000-00000000dead';
export const DEMO_EVENT = 'e0e00000-0000-4000-8000-000000000001';
export const CANCELLED_EVENT = 'e0e00000-0000-4000-8000-000000000002';
export const UNKNOWN_EVENT = 'e0e00000-0000-4000-8000-00000000dead';

/** An account token the sandbox's Account API accepts (credits.js). */
export const ACCOUNT_TOKEN = '1|account_test_token';

/** The Support agent's seeded action (test/sandbox/actions.js, list-actions.mdx's first example). */
export const SEEDED_ACTION = 'ac710000-0000-4000-8000-000000000001';
export const UNKNOWN_ACTION = 'ac710000-0000-4000-8000-00000000dead';

/**
 * Delivery logs (test/sandbox/webhookLogs.js): a webhook on DRAFT_AGENT and one on COMPLETED_CAMPAIGN, each
 * with one failed delivery (attempt 3, HTTP 500); they deliver nowhere.
 */
export const SEEDED_AGENT_WEBHOOK = 'eb000000-0000-4000-8000-000000000001';
export const SEEDED_CAMPAIGN_WEBHOOK = 'eb000000-0000-4000-8000-000000000002';
export const SEEDED_AGENT_DELIVERY = 'eb10c000-0000-4000-8000-000000000001';
export const SEEDED_CAMPAIGN_DELIVERY = 'eb10c000-0000-4000-8000-000000000002';
