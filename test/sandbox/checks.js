'use strict';
/**
 * Field checks the endpoint modules (campaigns.js, calendars.js, voices.js) add to the main file's
 * Validator, with Laravel-style messages like the reference's 422 examples.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

/** YYYY-MM-DD and a real calendar date. */
function isDate(value) {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** ISO 8601 date-time with a zone (Z or ±hh:mm). */
function isDateTime(value) {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** HH:MM, 24 h. */
function isTime(value) {
	return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

function isTimeZone(value) {
	if (typeof value !== 'string' || value === '' || value.length > 50) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

function isUuid(value) {
	return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Adds the extra checks to a Validator instance `v` (the main file's class). */
function extend(v, humanize) {
	return {
		date(field, { required = false } = {}) {
			if (required && !v.required(field)) return;
			if (v.has(field) && !isDate(v.body[field])) v.add(field, `The ${humanize(field)} is not a valid date.`);
		},
		dateTime(field, { required = false } = {}) {
			if (required && !v.required(field)) return;
			if (v.has(field) && !isDateTime(v.body[field])) v.add(field, `The ${humanize(field)} must be a valid date.`);
		},
		timeZone(field, { required = false } = {}) {
			if (required && !v.required(field)) return;
			if (v.has(field) && !isTimeZone(v.body[field])) v.add(field, `The ${humanize(field)} must be a valid zone.`);
		},
		object(field) {
			if (v.has(field) && !isPlainObject(v.body[field])) v.add(field, `The ${humanize(field)} must be an object.`);
		},
		stringList(field, { each } = {}) {
			if (!v.has(field)) return;
			const list = v.body[field];
			if (!Array.isArray(list)) return v.add(field, `The ${humanize(field)} must be an array.`);
			list.forEach((item, i) => {
				if (typeof item !== 'string') v.add(`${field}.${i}`, `The ${humanize(field)}.${i} must be a string.`);
				else if (each && !each.test(item)) v.add(`${field}.${i}`, `The ${humanize(field)}.${i} format is invalid.`);
			});
		},
	};
}

module.exports = { E164, isDate, isDateTime, isTime, isTimeZone, isUuid, isPlainObject, extend };
