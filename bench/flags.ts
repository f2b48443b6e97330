/** A number given on the command line as `--name value` (the benchmarks' settings), else `fallback`. */
export function numberFlag(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? Number(process.argv[i + 1]) : fallback;
}

