import type { DialTarget } from './recentCalls';

/** What the dial guard (dialGuard.ts) knows of one item: where it dials and the options that guard it. */
export interface ItemGuard {
	/** Where the item dials, or undefined (bad input: nothing to guard). */
	target?: DialTarget;
	/** Skip Numbers Called Within, in minutes (0: off). */
	windowMinutes: number;
	/** The window is an MCP client's tool's default (the option not set). */
	mcpDefault?: boolean;
	dialAgainOnRetry: boolean;
	maxRetries: number;
}
