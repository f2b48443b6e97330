'use strict';
/**
 * Sandbox endpoints for calendars (list-calendars, get-calendar), availability (query-availability,
 * from the calendar's availability rules and busy events) and calendar events (list, get, create,
 * update, delete). The calendar pages document no error bodies: the sandbox answers 404 and 422 in the
 * shapes the other pages use, and a taken slot only when `eventOverlap` is `reject` (undocumented).
 */
const crypto = require('node:crypto');

const { extend, isDateTime, isPlainObject, isUuid } = require('./checks');

const EVENT_STATUSES = ['confirmed', 'tentative', 'cancelled'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_RANGE_DAYS = 366;

const SEED_CALENDARS = [
	{ id: 'ca1e0000-0000-4000-8000-000000000001', name: 'Sales Demo Calendar', timezone: 'America/New_York' },
	{ id: 'ca1e0000-0000-4000-8000-000000000002', name: 'Support Callbacks', timezone: 'Europe/London' },
	{ id: 'ca1e0000-0000-4000-8000-000000000003', name: 'Founders', timezone: 'Asia/Tokyo' },
];

function reset(sb, options) {
	const at = '2026-01-01T10:00:00Z';
	sb.calendars = SEED_CALENDARS.map((c) => ({ ...c, owner_id: '0a000000-0000-4000-8000-000000000001', metadata: {}, created_at: at, updated_at: at }));
	sb.availabilityRules = [
		{ id: 'a1e50000-0000-4000-8000-000000000001', calendar_id: SEED_CALENDARS[0].id, type: 'recurring', days_of_week: [1, 2, 3, 4, 5], start_time: '09:00', end_time: '17:00', timezone: 'America/New_York' },
		{ id: 'a1e50000-0000-4000-8000-000000000002', calendar_id: SEED_CALENDARS[0].id, type: 'exception', date: '2026-12-25', available: false },
		{ id: 'a1e50000-0000-4000-8000-000000000003', calendar_id: SEED_CALENDARS[1].id, type: 'recurring', days_of_week: [1, 2, 3, 4], start_time: '10:00', end_time: '12:00', timezone: 'Europe/London' },
	];
	sb.calendarEvents = [
		{ id: 'e0e00000-0000-4000-8000-000000000001', calendar_id: SEED_CALENDARS[0].id, title: 'Demo with Acme', description: 'Product demo for Q1 prospect', start_at: '2026-03-02T15:00:00Z', end_at: '2026-03-02T15:30:00Z', status: 'confirmed', type: 'meeting', attendees: [{ id: 'a77e0000-0000-4000-8000-000000000001', name: 'Jane Doe', email: 'jane@acme.com' }], meeting_url: 'https://meet.example.com/abc-123', created_at: at, updated_at: at },
		{ id: 'e0e00000-0000-4000-8000-000000000002', calendar_id: SEED_CALENDARS[0].id, title: 'Cancelled call', description: null, start_at: '2026-03-02T16:00:00Z', end_at: '2026-03-02T16:30:00Z', status: 'cancelled', type: 'meeting', attendees: [], meeting_url: null, created_at: at, updated_at: at },
	];
	/** List Calendars documents per_page but no page and no paging object (`none`); `meta`/`pagination` page it. */
	sb.calendarsPagingShape = options.calendarsPagingShape ?? 'none';
	/** List Calendar Events documents no paging at all (`none`); `meta`/`pagination` page it. */
	sb.eventsPagingShape = options.eventsPagingShape ?? 'none';
	/** `allow` (nothing documented) or `reject`: 409 for an event over a busy one (undocumented body). */
	sb.eventOverlap = options.eventOverlap ?? 'allow';
}

// ---- time zones without dependencies ----

function offsetMs(timeZone, ms) {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
	const get = (type) => Number(parts.find((p) => p.type === type).value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

/** The instant of a wall-clock date (YYYY-MM-DD) and time (HH:MM) in a zone. */
function zonedToUtc(date, time, timeZone) {
	const guess = Date.parse(`${date}T${time}:00Z`);
	const first = guess - offsetMs(timeZone, guess);
	return guess - offsetMs(timeZone, first);
}

/** The zone's calendar date (YYYY-MM-DD) of an instant. */
function localDate(ms, timeZone) {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

function isoDay(date) {
	const d = new Date(`${date}T00:00:00Z`).getUTCDay();
	return d === 0 ? 7 : d;
}

function nextDate(date) {
	return new Date(Date.parse(`${date}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

function iso(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function busy(sb, calendarId, start, end, exceptId) {
	return sb.calendarEvents.find((e) => e.calendar_id === calendarId && e.id !== exceptId && e.status !== 'cancelled' && Date.parse(e.start_at) < end && Date.parse(e.end_at) > start);
}

// ---- routes ----

function route(sb, r, res, segments, kit) {
	const [resource, id, sub, eventId] = segments;
	if (resource !== 'calendars') return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	if (id === undefined) {
		if (r.method === 'GET') listCalendars(sb, r, res, kit);
		else kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		return true;
	}
	const calendar = sb.calendars.find((c) => c.id === id);
	if (!calendar) {
		kit.sendJson(res, 404, { success: false, message: 'Calendar not found' });
		return true;
	}
	if (sub === undefined && r.method === 'GET') kit.sendJson(res, 200, { success: true, data: calendar });
	else if (sub === 'availability' && eventId === undefined && r.method === 'GET') availability(sb, calendar, r, res, kit);
	else if (sub === 'events' && eventId === undefined && r.method === 'GET') listEvents(sb, calendar, r, res, kit);
	else if (sub === 'events' && eventId === undefined && r.method === 'POST') createEvent(sb, calendar, r, res, kit);
	else if (sub === 'events' && eventId !== undefined && segments.length === 4) {
		const event = sb.calendarEvents.find((e) => e.id === eventId && e.calendar_id === calendar.id);
		if (!event) kit.sendJson(res, 404, { success: false, message: 'Event not found' });
		else if (r.method === 'GET') kit.sendJson(res, 200, { success: true, data: event });
		else if (r.method === 'PUT') updateEvent(sb, calendar, event, r, res, kit);
		else if (r.method === 'DELETE') {
			sb.calendarEvents = sb.calendarEvents.filter((e) => e !== event);
			kit.sendJson(res, 200, { success: true, message: 'Event deleted' });
		} else kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
	} else kit.sendJson(res, 404, { success: false, message: 'Not Found' });
	return true;
}

function pageOrAll(sb, items, r, shape, kit, res, defaultPerPage) {
	const perPage = r.query.per_page === undefined ? defaultPerPage : Number(r.query.per_page);
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
		kit.validationFailed(res, { per_page: ['The per page must be between 1 and 100.'] });
		return;
	}
	if (shape === 'none') {
		kit.sendJson(res, 200, { success: true, data: items.slice(0, perPage) });
		return;
	}
	const paged = sb.page(items, { query: { ...r.query, per_page: String(perPage) } }, shape);
	if (paged.errors) kit.validationFailed(res, paged.errors);
	else kit.sendJson(res, 200, { success: true, ...paged });
}

function listCalendars(sb, r, res, kit) {
	const items = sb.calendars.map(({ id, name, timezone, owner_id: ownerId, created_at: createdAt }) => ({ id, name, timezone, owner_id: ownerId, created_at: createdAt }));
	pageOrAll(sb, items, r, sb.calendarsPagingShape, kit, res, 25);
}

function rangeErrors(q, { required }) {
	const errors = {};
	for (const f of ['from', 'to']) {
		if (q[f] === undefined || q[f] === '') {
			if (required) errors[f] = [`The ${f} field is required.`];
		} else if (!isDateTime(q[f])) errors[f] = [`The ${f} must be a valid date.`];
	}
	if (!errors.from && !errors.to && q.from && q.to && Date.parse(q.to) <= Date.parse(q.from)) errors.to = ['The to must be a date after from.'];
	return errors;
}

function availability(sb, calendar, r, res, kit) {
	const q = r.query;
	const errors = rangeErrors(q, { required: true });
	const duration = q.duration_minutes === undefined ? 30 : Number(q.duration_minutes);
	if (!Number.isInteger(duration) || duration < 1 || duration > 1440) errors.duration_minutes = ['The duration minutes must be between 1 and 1440.'];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const from = Date.parse(q.from);
	const to = Date.parse(q.to);
	const rules = sb.availabilityRules.filter((rule) => rule.calendar_id === calendar.id);
	const closed = new Set(rules.filter((rule) => rule.type === 'exception' && rule.available === false).map((rule) => rule.date));
	const slots = [];
	const step = duration * 60000;
	let date = localDate(from, calendar.timezone);
	const last = localDate(to, calendar.timezone);
	for (let day = 0; date <= last && day < MAX_RANGE_DAYS; day += 1, date = nextDate(date)) {
		if (closed.has(date)) continue;
		for (const rule of rules) {
			if (rule.type !== 'recurring' || !rule.days_of_week.includes(isoDay(date))) continue;
			const zone = rule.timezone ?? calendar.timezone;
			const end = zonedToUtc(date, rule.end_time, zone);
			for (let s = zonedToUtc(date, rule.start_time, zone); s + step <= end; s += step) {
				if (s >= from && s + step <= to && !busy(sb, calendar.id, s, s + step)) slots.push({ start_at: iso(s), end_at: iso(s + step) });
			}
		}
	}
	slots.sort((a, b) => a.start_at.localeCompare(b.start_at));
	return kit.sendJson(res, 200, { success: true, data: slots });
}

function listEvents(sb, calendar, r, res, kit) {
	const q = r.query;
	const errors = rangeErrors(q, { required: false });
	if (q.status !== undefined && !EVENT_STATUSES.includes(q.status)) errors.status = ['The selected status is invalid.'];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const items = sb.calendarEvents
		.filter((e) => e.calendar_id === calendar.id && (!q.from || Date.parse(e.start_at) >= Date.parse(q.from)) && (!q.to || Date.parse(e.end_at) <= Date.parse(q.to)) && (!q.status || e.status === q.status))
		.sort((a, b) => a.start_at.localeCompare(b.start_at))
		.map(({ id, calendar_id: calendarId, title, start_at: startAt, end_at: endAt, status, type }) => ({ id, calendar_id: calendarId, title, start_at: startAt, end_at: endAt, status, type }));
	if (sb.eventsPagingShape === 'none') return kit.sendJson(res, 200, { success: true, data: items });
	return pageOrAll(sb, items, r, sb.eventsPagingShape, kit, res, 20);
}

function checkEvent(v, kit, { required }) {
	const x = extend(v, kit.humanize);
	const body = v.body;
	v.string('title', { required, max: 255 });
	v.string('description', { max: 65535 });
	x.dateTime('start_at', { required });
	x.dateTime('end_at', { required });
	v.enumOf('status', EVENT_STATUSES);
	v.string('type', { max: 255 });
	for (const f of ['created_by', 'owner_id']) if (v.has(f) && !isUuid(body[f])) v.add(f, `The ${kit.humanize(f)} must be a valid UUID.`);
	v.enumOf('owner_type', ['user', 'agent']);
	if (v.has('attendees')) {
		if (!Array.isArray(body.attendees)) v.add('attendees', 'The attendees must be an array.');
		else
			body.attendees.forEach((a, i) => {
				if (!isPlainObject(a) || typeof a.name !== 'string' || a.name === '') v.add(`attendees.${i}.name`, `The attendees.${i}.name field is required.`);
				if (!isPlainObject(a) || typeof a.email !== 'string' || !EMAIL.test(a.email)) v.add(`attendees.${i}.email`, `The attendees.${i}.email must be a valid email address.`);
			});
	}
}

function checkOrder(v, start, end) {
	if (isDateTime(start) && isDateTime(end) && Date.parse(end) <= Date.parse(start)) v.add('end_at', 'The end at must be a date after start at.');
}

function taken(sb, calendar, start, end, exceptId, kit, res) {
	if (sb.eventOverlap !== 'reject') return false;
	const other = busy(sb, calendar.id, Date.parse(start), Date.parse(end), exceptId);
	if (!other) return false;
	kit.sendJson(res, 409, { success: false, message: 'The selected time slot is no longer available.', code: 'SLOT_UNAVAILABLE', details: { conflicting_event_id: other.id } });
	return true;
}

function withIds(attendees) {
	return (attendees ?? []).map((a) => ({ id: crypto.randomUUID(), name: a.name, email: a.email }));
}

function createEvent(sb, calendar, r, res, kit) {
	const v = new kit.Validator(r.body);
	checkEvent(v, kit, { required: true });
	checkOrder(v, v.body.start_at, v.body.end_at);
	if (!v.ok) return kit.validationFailed(res, v.errors);
	const b = v.body;
	if ((b.status ?? 'confirmed') !== 'cancelled' && taken(sb, calendar, b.start_at, b.end_at, undefined, kit, res)) return undefined;
	const at = kit.now();
	const event = {
		id: crypto.randomUUID(),
		calendar_id: calendar.id,
		title: b.title,
		description: b.description ?? null,
		start_at: b.start_at,
		end_at: b.end_at,
		status: b.status ?? 'confirmed',
		type: b.type ?? null,
		created_by: b.created_by ?? null,
		owner_id: b.owner_id ?? null,
		owner_type: b.owner_type ?? null,
		attendees: withIds(b.attendees),
		meeting_url: null,
		created_at: at,
		updated_at: at,
	};
	sb.calendarEvents.push(event);
	return kit.sendJson(res, 201, { success: true, data: event });
}

function updateEvent(sb, calendar, event, r, res, kit) {
	const v = new kit.Validator(r.body);
	checkEvent(v, kit, { required: false });
	const b = v.body;
	const start = b.start_at ?? event.start_at;
	const end = b.end_at ?? event.end_at;
	checkOrder(v, start, end);
	if (!v.ok) return kit.validationFailed(res, v.errors);
	if ((b.status ?? event.status) !== 'cancelled' && taken(sb, calendar, start, end, event.id, kit, res)) return undefined;
	const changed = {};
	for (const f of ['title', 'description', 'start_at', 'end_at', 'status', 'type', 'created_by', 'owner_id', 'owner_type']) if (v.has(f)) changed[f] = b[f];
	if (v.has('attendees')) changed.attendees = withIds(b.attendees);
	Object.assign(event, changed, { updated_at: kit.now() });
	// The page's example answers with the ID, the changed fields and updated_at.
	return kit.sendJson(res, 200, { success: true, data: { id: event.id, ...changed, updated_at: event.updated_at } });
}

module.exports = { reset, route, zonedToUtc };
