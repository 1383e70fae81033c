// The `duck:` key of a track or a bus (README "Ducking"). Ranges and defaults come from
// strip-params.ts; that the key names a bus or a track, and closes no loop, is checked in
// validate-strip.ts.
import { z } from 'zod';
import { DUCK_PARAMS } from './strip-params.js';

function param(name: string) {
	const s = DUCK_PARAMS.find((p) => p.name === name)!;
	const range = `from ${s.min} to ${s.max} ${s.unit}`;
	return z.number({ error: `a number ${range}` }).min(s.min, `must be ${range}`).max(s.max, `must be ${range}`).default(s.default);
}

export const duckSchema = z.strictObject({
	on: z.boolean().default(true),
	/** The bus or track whose output sets the level. */
	key: z.string({ error: 'a bus or track id to key from' }).min(1, 'a bus or track id to key from'),
	threshold: param('threshold'),
	depth: param('depth'),
	attack: param('attack'),
	hold: param('hold'),
	release: param('release'),
	lookahead: param('lookahead'),
});
