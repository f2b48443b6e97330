/**
 * The sizes a test is repeated at: all of them, except in a mutation run (`npm run test:mutation`: scripts/mutation.mjs
 * sets TALKOVER_MUTATION), which runs the smallest only. The larger sizes run the same code as the smallest and check
 * that it holds at scale; run against each of hundreds of mutants they would cost most of the run (catching-up.test.ts's
 * 1,000-event catch-up: about 20 s of a catchUp mutant's 30). Leaving a test out can lower a mutation score, never raise it.
 */
export function atScales(sizes: number[]): number[] {
	return process.env.TALKOVER_MUTATION ? [Math.min(...sizes)] : sizes;
}
