'use strict';
/**
 * Sandbox endpoint for the credit balance (get-credits-balance). Its page puts it in the "Account API",
 * authenticated with a user session token, while the Authentication page says every request takes the
 * environment token (talq_…): `creditsAuth` picks which tokens it accepts.
 */

function reset(sb, options) {
	/** User tokens (personal access tokens) the Account API accepts. */
	sb.accountTokens = new Set(options.accountTokens ?? ['1|account_test_token']);
	/** `either` (default), `account` (only user tokens, as its page says) or `environment` (only talq_ tokens). */
	sb.creditsAuth = options.creditsAuth ?? 'either';
	/** Balance reported while sb.credits (calls the account can pay for) is unlimited. */
	sb.creditBalance = options.creditBalance ?? 250;
	sb.autoTopupEnabled = options.autoTopupEnabled ?? true;
}

function route(sb, r, res, segments, kit) {
	if (segments[0] !== 'credits' || segments[1] !== 'balance' || segments.length !== 2) return false;
	const accepted = new Set([...(sb.creditsAuth !== 'environment' ? sb.accountTokens : []), ...(sb.creditsAuth !== 'account' ? sb.tokens : [])]);
	if (!kit.authorized(r, res, accepted)) return true;
	if (r.method !== 'GET') {
		kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		return true;
	}
	const balance = Number.isFinite(sb.credits) ? sb.credits : sb.creditBalance;
	kit.sendJson(res, 200, { success: true, data: { balance, currency: 'USD', auto_topup_enabled: sb.autoTopupEnabled, as_of: kit.now() } });
	return true;
}

module.exports = { reset, route };
