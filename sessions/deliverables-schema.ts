// `deliverables:` in a session: the files `dubdesk deliver` prints in one go (README
// "Deliverables"). The schema checks what it can see alone (names, values); which buses exist
// and whether a 5.1 file can come out of the master is checked by the deliver command.
import { z } from 'zod';

/** Loudness presets a deliverable may name (engine/loudness/presets.ts defines their targets). */
export const LOUDNESS_PRESET_NAMES = ['ebu-r128', 'atsc-a85', 'netflix', 'spotify', 'apple'] as const;

/** A deliverable's name is its file name (NAME.wav), so it stays file-name safe. */
export const deliverableNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Reserved for the QC report files beside the deliverables. */
const RESERVED = new Set(['report']);

/** A preset name or a loudness in LUFS. */
const target = z.union([z.enum(LOUDNESS_PRESET_NAMES), z.number().min(-60).max(0)], {
	error: `a preset (${LOUDNESS_PRESET_NAMES.join(', ')}) or a loudness from -60 to 0 LUFS`,
});

const deliverable = z.strictObject({
	name: z
		.string()
		.regex(deliverableNamePattern, 'a file name of letters, digits, "_", "-" or "." (up to 64)')
		.refine((n) => !RESERVED.has(n.toLowerCase()), '"report" is the QC report\'s name; choose another'),
	format: z.enum(['stereo', '5.1']).optional(),
	bitDepth: z.union([z.literal(16), z.literal(24), z.literal('32f')], { error: '16, 24 or "32f"' }).optional(),
	normalize: target.optional(),
	spec: target.optional(),
	without: z.array(z.string()).min(1, 'name at least one bus').optional(),
	bus: z.string().optional(),
});

/** The list, with names unique (case-insensitively: NAME.wav and name.wav clash on some disks). */
export const deliverablesSchema = z.array(deliverable).superRefine((list, ctx) => {
	const seen = new Map<string, number>();
	list.forEach((d, i) => {
		const key = d.name.toLowerCase();
		const first = seen.get(key);
		if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${d.name} is already the name of deliverables[${first}]` });
		else seen.set(key, i);
	});
});
