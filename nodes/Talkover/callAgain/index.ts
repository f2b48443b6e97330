/**
 * Call Again Until Reached (Make and Wait for Outcome's option): the lead is called again when a call does not
 * reach them, up to Attempts calls. Each call is one pass of the item through the node: the item comes out with
 * `attempts` and, when another call is due, `nextAttemptAt`; an n8n Wait node brings it back into the node, which
 * reads what the item carries (carried.ts) and places the next call, or passes the item on.
 */
export type { Attempt } from './attempts';
export type { Carried, Turn } from './carried';
export { passedOutput, readCarried, turnOf } from './carried';
export { callAgainOption } from './description';
export { attemptOutput, skippedAttemptOutput } from './output';
export type { AttemptPlan } from './plan';
export { keptAttemptPlan, readAttemptPlan } from './plan';
export type { CallAgain } from './read';
export { readCallAgain } from './read';
