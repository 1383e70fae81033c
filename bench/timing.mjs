// Timing helpers shared by the benches. The machine is shared and noisy: peers are timed in
// rounds that alternate the contenders (A B C, A B C, …) and compared by their medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Wall seconds and peak RSS (MB) of a command, via GNU time when present. */
export function timed(cmd, args, env) {
	const gnuTime = existsSync('/usr/bin/time');
	const options = { encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env };
	const t0 = performance.now();
	const r = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], options) : spawnSync(cmd, args, options);
	const seconds = (performance.now() - t0) / 1000;
	if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr ?? '').trim().split('\n')[0]}`);
	const kb = gnuTime ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
	return { seconds, peakMb: kb / 1024 };
}

/** Whether a program is on the PATH (asked through the shell: some exit non-zero on --version). */
export function installed(program) {
	try {
		execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

export const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs every contender once per round, alternating, for `rounds` rounds. `contenders` maps a
 * name to a thunk returning { seconds, peakMb } (or null when it cannot run). Returns per name
 * the median seconds, the peak memory over its runs and every time.
 */
export function rounds(contenders, count) {
	const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
	const peaks = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0]));
	for (let r = 0; r < count; r++) {
		for (const [name, run] of Object.entries(contenders)) {
			const t = run();
			if (!t) continue;
			times[name].push(t.seconds);
			if (t.peakMb > peaks[name]) peaks[name] = t.peakMb;
		}
	}
	return Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, ts.length ? { seconds: median(ts), peakMb: peaks[k], runs: ts } : null]));
}
