'use strict';
/**
 * The sandbox's `answerShape: 'openapi'` switch: for the routes openapi.json documents, the sandbox's
 * answers (written in the pages' shapes) are rewritten to openapi.json's shapes, so any suite can run
 * against Talkover as its spec describes it:
 * - one record: the bare record, no `{success, data}` (Agent, Call/ExternalCall, Campaign);
 *   Make Campaign Call the bare Call with status 200;
 * - lists: `{data, meta}` without `success` (`pagination` becomes `meta`);
 * - Create agent action: 201 with the bare Action;
 * - Delete Agent / Delete Campaign / Delete agent action: 204 without a body;
 * - List Voice Templates: a bare array of groups with their voices under `templates`.
 * Errors and the routes openapi.json lacks are answered as before. Default (`pages`): nothing changes.
 */

/** openapi.json's routes the sandbox serves, with the shape of their success answer. */
const ROUTES = [
	['GET', /^\/agents$/, 'list'],
	['POST', /^\/agents$/, 'record'],
	['GET', /^\/agents\/[^/]+$/, 'record'],
	['DELETE', /^\/agents\/[^/]+$/, 'noContent'],
	['PUT', /^\/agents\/[^/]+\/voice$/, 'record'],
	['PUT', /^\/agents\/[^/]+\/knowledge$/, 'record'],
	['GET', /^\/agents\/[^/]+\/calls$/, 'list'],
	['POST', /^\/agents\/[^/]+\/call$/, 'record'],
	['GET', /^\/calls$/, 'list'],
	['GET', /^\/campaigns$/, 'list'],
	['POST', /^\/campaigns$/, 'record'],
	['GET', /^\/campaigns\/[^/]+$/, 'record'],
	['PUT', /^\/campaigns\/[^/]+$/, 'record'],
	['DELETE', /^\/campaigns\/[^/]+$/, 'noContent'],
	['PATCH', /^\/campaigns\/[^/]+\/status$/, 'record'],
	['POST', /^\/campaigns\/[^/]+\/call$/, 'campaignCall'],
	['GET', /^\/voice-templates$/, 'voiceGroups'],
	['GET', /^\/phone-numbers$/, 'list'],
	['GET', /^\/agents\/[^/]+\/actions$/, 'list'],
	['POST', /^\/agents\/[^/]+\/actions$/, 'created'],
	['DELETE', /^\/agents\/[^/]+\/actions\/[^/]+$/, 'noContent'],
];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** openapi.json's PaginationMeta from the page's `meta` or `pagination` (or one page of all). */
function meta(body) {
	const paging = body.meta ?? body.pagination;
	const data = Array.isArray(body.data) ? body.data : [];
	if (!isObject(paging)) return { current_page: 1, per_page: Math.max(1, data.length), total: data.length, last_page: 1 };
	return { current_page: paging.current_page, per_page: paging.per_page, total: paging.total, last_page: paging.last_page };
}

const REWRITE = {
	record: (status, body) => (isObject(body) && isObject(body.data) ? { status, body: body.data } : { status, body }),
	list: (status, body) => (isObject(body) && Array.isArray(body.data) ? { status, body: { data: body.data, meta: meta(body) } } : { status, body }),
	noContent: () => ({ status: 204, body: '' }),
	// Create agent action: 201 with the bare Action.
	created: (status, body) => (isObject(body) && isObject(body.data) ? { status: 201, body: body.data } : { status, body }),
	campaignCall: (status, body) => {
		const data = isObject(body) && isObject(body.data) ? body.data : body;
		const call = isObject(data) && isObject(data.campaign_call) ? data.campaign_call : data;
		return { status: 200, body: call };
	},
	voiceGroups: (status, body) => {
		const groups = isObject(body) && Array.isArray(body.data) ? body.data : body;
		if (!Array.isArray(groups)) return { status, body };
		return { status, body: groups.map(({ voices, ...group }) => (Array.isArray(voices) ? { ...group, templates: voices } : group)) };
	},
};

/**
 * For one request: a function (status, body) → { status, body } that rewrites a success answer to
 * openapi.json's shape, or undefined when openapi.json does not have the route.
 * @param {{ method: string, path: string }} request the recorded request (path with /api/v1)
 */
function openapiRewrite(request) {
	const path = request.path.replace(/^\/api\/v1/, '');
	const route = ROUTES.find(([method, pattern]) => method === request.method && pattern.test(path));
	if (!route) return undefined;
	const rewrite = REWRITE[route[2]];
	return (status, body) => (status >= 200 && status < 300 ? rewrite(status, body) : { status, body });
}

module.exports = { openapiRewrite, OPENAPI_ROUTES: ROUTES };
