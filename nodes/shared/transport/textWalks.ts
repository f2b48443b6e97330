/**
 * The two walks every removal of secrets makes, whatever it removes (the transport's tokens, the secrets
 * module's mask): one copies an output value with each text rewritten, the other rewrites the texts of an
 * error in place. What a text becomes, and how an entry of an object is copied, is the caller's.
 */

/** Sets `key` on `target` as its own data property: a key named `__proto__` stays a key, never the prototype. */
export function defineKey(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A plain object (JSON's objects, and objects without a prototype); a Date, a Buffer or a class instance is not. */
export function isPlainObject(value: object): boolean {
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** How one entry of an object is copied: its value in the copy; `walk` copies a value the usual way. */
export type EntryCopy = (key: string, value: unknown, walk: (value: unknown) => unknown) => unknown;

const plainEntry: EntryCopy = (_key, value, walk) => walk(value);

/**
 * A copy of a JSON value with every text passed through `text`, keys included, at any depth, lists too
 * (cycles kept as cycles). Values that are not plain objects or lists are kept as they are. Each entry of
 * an object is copied by `entry` (by default: its value walked), under its key rewritten as a text.
 */
export function copyTexts<T>(value: T, text: (t: string) => string, entry: EntryCopy = plainEntry): T {
	const seen = new Map<object, unknown>();
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return text(v);
		if (v === null || typeof v !== 'object') return v;
		if (seen.has(v)) return seen.get(v);
		if (Array.isArray(v)) {
			const copy: unknown[] = [];
			seen.set(v, copy);
			for (const item of v) copy.push(walk(item));
			return copy;
		}
		if (!isPlainObject(v)) return v;
		const copy = {};
		seen.set(v, copy);
		// Own data properties, so a key named `__proto__` (JSON.parse keeps it as a key) is copied as a key.
		for (const [key, item] of Object.entries(v)) defineKey(copy, text(key), entry(key, item, walk));
		return copy;
	};
	return walk(value) as T;
}

/**
 * Rewrites, in place, every text an error carries into n8n (message, description, Talkover's details, the
 * response it keeps, context, cause, stack: n8n saves them all) with `text`, at most `maxDepth` objects
 * deep. Every own property, enumerable or not (an Error's message and stack are not), is rewritten by
 * `entry` (by default: walked); the node (its parameters: the workflow's, not a text of the error), a
 * getter and a read-only property are left as they are. Returns the error.
 */
export function rewriteErrorTexts<T extends object>(error: T, text: (t: string) => string, { maxDepth = Infinity, entry = plainEntry }: { maxDepth?: number; entry?: EntryCopy } = {}): T {
	const seen = new Set<unknown>();
	const walk = (value: unknown, depth: number): unknown => {
		// A text without a secret comes back equal, so its property is left as it is below.
		if (typeof value === 'string') return text(value);
		if (value === null || typeof value !== 'object' || depth > maxDepth || seen.has(value)) return value;
		seen.add(value);
		const deeper = (v: unknown) => walk(v, depth + 1);
		for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
			if (key === 'node' || !descriptor.writable) continue;
			const cleaned = entry(key, descriptor.value, deeper);
			if (cleaned !== descriptor.value) Object.defineProperty(value, key, { ...descriptor, value: cleaned });
		}
		return value;
	};
	walk(error, 0);
	return error;
}
