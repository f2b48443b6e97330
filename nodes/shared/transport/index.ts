/** The transport: the only code that knows HTTP and Talkover's error bodies. */
export * from './answer';
export * from './clock';
export * from './credential';
export * from './failureMessages';
export * from './networkFailure';
export * from './nodeErrors';
export * from './objects';
export * from './pagination';
export * from './paths';
export * from './rateLimit';
export * from './request';
export * from './secretText';
export * from './shownText';
export * from './talkoverFailure';
export * from './textWalks';
export * from './withheld';
export { MAX_AUTO, WARMUP } from './autoConcurrency';
export type { AccountPacing } from './pacing';
