/**
 * Failures without an answer: the system error code n8n's HTTP client gives (networkCode), whether it
 * proves that no byte of the request was sent (failedBeforeSending, neverSent), and what it was, in words
 * (networkProblem). Nothing here sends a request or builds an error.
 */

/** n8n wraps network failures in a NodeApiError that keeps the system error code only in its texts. */
export function networkCode(error: unknown): string | undefined {
	const e = error as { cause?: { code?: unknown }; code?: unknown; message?: unknown; messages?: unknown };
	// Only a text is a code (a library's error may hold anything there); else the texts are read.
	if (typeof e.cause?.code === 'string' && e.cause.code !== '') return e.cause.code;
	if (typeof e.code === 'string' && e.code !== '') return e.code;
	const text = textsOf([e.message, e.messages]);
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	// The answer had started (status and headers) when the connection closed.
	if (/stream has been aborted|\baborted\b/i.test(text)) return 'ERR_BAD_RESPONSE';
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ECONNABORTED';
	// E and at least three more: EAI_AGAIN (a temporary DNS failure) has its underscore early.
	return /\b(E[A-Z][A-Z_]{2,})\b/.exec(text)?.[1];
}

/**
 * The server's certificate was refused: Node.js checks it before the TLS connection is ready, and its
 * HTTP client writes the request only once the connection is ready, so no byte of the request was sent
 * (tried with TLS 1.2 and 1.3: the server receives the handshake, never the request).
 */
const TLS_CODES = [
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_CHAIN_TOO_LONG',
	'INVALID_CA',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
	'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
	'HOSTNAME_MISMATCH',
	'ERR_TLS_CERT_ALTNAME_INVALID',
];

/**
 * OpenSSL's reasons (in the error's text) for a TLS handshake that failed, e.g. "wrong version number"
 * (https:// to a server that speaks only http), "alert handshake failure", "unsupported protocol": the
 * request, written only after the handshake, was not sent. An EPROTO without such a reason (e.g. "bad
 * record mac", once the connection was up) may come after the request was written.
 */
const HANDSHAKE_REASONS =
	/wrong version number|packet length too long|unknown protocol|unsupported protocol|no protocols available|no shared cipher|no ciphers available|no suitable signature algorithm|alert (handshake failure|protocol version|insufficient security)|dh key too small|ee key too small|ca md too weak/i;

/** The texts an error carries (n8n keeps the HTTP client's words in message, messages and cause). */
function errorText(error: unknown): string {
	const e = error as { cause?: { message?: unknown }; message?: unknown; messages?: unknown };
	return textsOf([e.message, e.messages, e.cause?.message]);
}

/**
 * The texts among values (a list counts as its entries), joined. Anything else is left out: an object
 * would read "[object Object]", and one without a prototype, or a Symbol, would make join() throw.
 */
function textsOf(values: unknown[]): string {
	return values.flat().filter((value): value is string => typeof value === 'string').join(' ');
}

/**
 * How a failure without an answer came about, as far as it can be proven from the error: whether no
 * byte of the request can have been sent.
 * - a TLS handshake that failed (EPROTO with OpenSSL's handshake reason): see HANDSHAKE_REASONS;
 * - a TCP connection that could not be made in time (`connect ETIMEDOUT`, the system's connect
 *   timeout): the request needs the connection first. The HTTP client's own timeout ("timeout of N ms
 *   exceeded", ECONNABORTED) does not say whether the connection was made, so it stays "may have".
 * The codes of NOT_SENT_CODES need no text (see networkError).
 */
export function failedBeforeSending(error: unknown, code = networkCode(error)): boolean {
	const text = errorText(error);
	if (code === 'EPROTO') return HANDSHAKE_REASONS.test(text);
	if (code === 'ETIMEDOUT') return /\bconnect ETIMEDOUT\b/.test(text) || (error as { cause?: { syscall?: string } }).cause?.syscall === 'connect';
	return false;
}

/**
 * Failures after which the server cannot have processed the request, because no byte of it was sent:
 * the connection was refused or never made (no route, unknown host), the certificate was refused, or
 * the request could not even be built (an invalid URL, a header with a line break).
 */
const NOT_SENT_CODES = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
	'ERR_INVALID_PROTOCOL',
	'ERR_UNESCAPED_CHARACTERS',
	'ERR_INVALID_CHAR',
	'ERR_INVALID_HEADER_VALUE',
	'ERR_HTTP_INVALID_HEADER_VALUE',
	...TLS_CODES,
];

/** Whether a failure with this code provably sent nothing, from the code alone (NOT_SENT_CODES). */
export function neverSent(code: string | undefined): boolean {
	return NOT_SENT_CODES.includes(code ?? '');
}

export function networkProblem(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'the host could not be reached';
		case 'ERR_INVALID_URL':
		case 'ERR_UNESCAPED_CHARACTERS':
			return 'the Base URL is not a valid web address';
		case 'ERR_INVALID_PROTOCOL':
			return 'the Base URL must start with http:// or https://';
		case 'ERR_INVALID_CHAR':
		case 'ERR_INVALID_HEADER_VALUE':
		case 'ERR_HTTP_INVALID_HEADER_VALUE':
			return 'a header (the token) has a character that cannot be sent';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was closed before Talkover answered';
		case 'ERR_BAD_RESPONSE':
			return 'the connection was closed while Talkover was answering';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return 'Talkover did not answer in time';
		case 'EPROTO':
			return 'the secure connection (TLS) failed (EPROTO)';
		default:
			if (TLS_CODES.includes(code ?? '')) return `its certificate was not accepted (${code})`;
			return code ? `network error ${code}` : 'network error';
	}
}

/** What a failure that provably sent nothing (failedBeforeSending: an EPROTO or an ETIMEDOUT) was, in words. */
export function beforeSendingProblem(code: string | undefined): string {
	return code === 'EPROTO'
		? 'the secure connection (TLS) could not be set up (EPROTO); a Base URL with https:// for a server that speaks only http:// fails this way'
		: 'the connection could not be made in time (the system’s connect timeout)';
}
