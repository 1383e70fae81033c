// The session document, format 1, as it is on disk (see README "Session format").
// Times stay as written (seconds or timecode strings) so a load → save round trip keeps the
// user's notation; sessions/time.ts resolves them to seconds.
import { z } from 'zod';
import { DAY_SECONDS } from './time.js';
import { reverbSchema, sendSchema, stripSchema } from './strip-schema.js';
import { duckSchema } from './duck-schema.js';
import { deliverablesSchema } from './deliverables-schema.js';

export const FORMAT_VERSION = 1;

/** Seconds within a day: a time or length past 24 h would make a render write for days. */
const seconds = z.number().min(0).max(DAY_SECONDS);

/** Seconds on the session timeline, or a timecode string "HH:MM:SS:FF" (absolute, like `start`). */
const time = z.union([
	seconds,
	z.string().regex(/^\d{1,2}:\d{2}:\d{2}[:;.]\d{2}$/, 'a timecode "HH:MM:SS:FF"'),
]);

/** Decibels; −∞ (YAML `-.inf`) is a closed fader. */
const decibels = z.union([z.number().min(-200).max(24), z.literal(-Infinity)]);

const pan = z.number().min(-1).max(1);

/** The LFE send (dB): −∞ (YAML `-.inf`, the default) sends nothing; +10 dB is the usual ceiling. */
export const LFE_MAX_DB = 10;
const lfe = z.union([z.number().min(-144).max(LFE_MAX_DB), z.literal(-Infinity)]);

/** Ids name stem files (DX.wav) and MIDI/keymap targets, so they stay filename-safe. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const id = z.string().regex(idPattern, 'an id of letters, digits, "_", "-" or "." (up to 32)');

export const frameRates = [23.976, 24, 25, 29.97, '29.97df', 30] as const;

const point = <T extends z.ZodType>(value: T) => z.tuple([time, value]);

export const AUTOMATION_MODES = ['off', 'read', 'touch', 'latch', 'write', 'trim'] as const;

/**
 * A track's or bus's lanes and its automation mode. Besides gain, pan and mute, a lane may
 * name a send ('send.VERB', dB) or a strip parameter by path ('eq.0.gain', 'trim',
 * 'compressor.threshold' …); validate.ts checks those names and their values.
 */
const automation = z
	.object({
		mode: z.enum(AUTOMATION_MODES).optional(),
		gain: z.array(point(decibels)).optional(),
		pan: z.array(point(pan)).optional(),
		panY: z.array(point(pan)).optional(),
		lfe: z.array(point(lfe)).optional(),
		mute: z.array(point(z.union([z.literal(0), z.literal(1)]))).optional(),
		/** Dips added to the fader and its lane (dB), written by `dubdesk duck` or by hand. */
		duck: z.array(point(decibels)).optional(),
	})
	.catchall(z.array(point(z.number())));


const clip = z.strictObject({
	file: z.string().min(1),
	name: z.string().optional(),
	at: time.optional(),
	offset: seconds.default(0),
	length: z.number().positive().max(DAY_SECONDS).optional(),
	gain: decibels.default(0),
	fadeIn: seconds.default(0),
	fadeOut: seconds.default(0),
	fadeShape: z.enum(['linear', 'equal-power']).default('linear'),
});

const track = z.strictObject({
	id,
	name: z.string().optional(),
	output: z.string().default('master'),
	gain: decibels.default(0),
	pan: pan.default(0),
	/** Front (−1, the default when absent) … rear (+1); only a 5.1 master hears it. */
	panY: pan.optional(),
	/** The LFE send, dB (absent: −∞); only a 5.1 master hears it. */
	lfe: lfe.optional(),
	mute: z.boolean().default(false),
	solo: z.boolean().default(false),
	polarity: z.boolean().default(false),
	clips: z.array(clip).default([]),
	automation: automation.optional(),
	strip: stripSchema.optional(),
	sends: z.array(sendSchema).max(16, 'at most 16 sends').optional(),
	duck: duckSchema.optional(),
});

const bus = z.strictObject({
	id,
	name: z.string().optional(),
	output: z.string().default('master'),
	gain: decibels.default(0),
	mute: z.boolean().default(false),
	reverb: reverbSchema.optional(),
	strip: stripSchema.optional(),
	automation: automation.optional(),
	duck: duckSchema.optional(),
});

const marker = z.strictObject({
	at: time,
	name: z.string().default(''),
	/** A review note: what to change here ("music too hot under the line"). */
	note: z.string().optional(),
});

export const sessionSchema = z.strictObject({
	dubdesk: z.literal(FORMAT_VERSION),
	name: z.string().default('Untitled'),
	sampleRate: z.number().int().min(8000).max(384000).default(48000),
	frameRate: z.literal(frameRates).default(24),
	start: z.string().regex(/^\d{1,2}:\d{2}:\d{2}[:;.]\d{2}$/, 'a timecode "HH:MM:SS:FF"').default('00:00:00:00'),
	master: z.strictObject({
		format: z.enum(['stereo', '5.1']).default('stereo'),
		gain: decibels.default(0),
		strip: stripSchema.optional(),
		automation: automation.optional(),
	}).default({ format: 'stereo', gain: 0 }),
	buses: z.array(bus).default([]),
	tracks: z.array(track).default([]),
	markers: z.array(marker).default([]),
	/** Loop range for playback (an extension of format 1; optional). */
	loop: z.strictObject({ from: time, to: time }).optional(),
	/** How automation passes move (seconds): back to the lane after a touch, and into each new value. */
	passes: z
		.strictObject({
			return: z.number().min(0, 'seconds from 0 to 10').max(10, 'seconds from 0 to 10').optional(),
			glide: z.number().min(0.001, 'seconds from 0.001 to 10').max(10, 'seconds from 0.001 to 10').optional(),
		})
		.optional(),
	/** What `dubdesk deliver` prints: the printmaster, fold-downs, M&E and stems. */
	deliverables: deliverablesSchema.optional(),
});

export type SessionInput = z.input<typeof sessionSchema>;
