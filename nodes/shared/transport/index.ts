/** The transport: the only code that knows HTTP and Talkover's error bodies. */
export * from './answer';
export * from './clock';
export * from './errors';
export * from './pagination';
export * from './paths';
export * from './rateLimit';
export * from './request';
export * from './textWalks';
export { MAX_AUTO, WARMUP } from './autoConcurrency';
export type { AccountPacing } from './pacing';
