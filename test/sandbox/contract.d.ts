import type { RecordedRequest } from './talkover-sandbox';

export interface Finding {
	rule: string;
	where: string;
	field: string;
	message: string;
	/** The CONTRADICTIONS.md row that allows it. */
	row?: number;
}

export interface Allowance {
	row: number;
	method: string;
	template: string;
	kind: 'with' | 'without';
	field: string;
	/** Only this value (`field=value` in the row). */
	value?: string;
}

export interface DocumentedRoute {
	method: string;
	template: string;
	openapi?: object;
	openapiPath?: string;
	page?: { route: string; page: string; path: object; query: Record<string, object>; body: Record<string, object> };
}

export declare class RequestContract {
	constructor(options?: { contradictions?: string });
	ready: Promise<unknown>;
	routes: DocumentedRoute[];
	allowances: Allowance[];
	route(method: string, rawPath: string): DocumentedRoute | undefined;
	findings(request: Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body'> & { rawQuery?: string }): Finding[];
	violations(request: Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body'> & { rawQuery?: string }): Finding[];
}

export declare function readAllowances(file?: string): Allowance[];
export declare function documentedRoutes(): DocumentedRoute[];
export declare function shape(template: string): string;
