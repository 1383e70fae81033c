// Timecode and time resolution. A timecode names a frame; its time is the real time at which
// that frame starts, counted from 00:00:00:00 at the true rate (23.976 and 29.97 run 1001/1000
// slow), which is also how BWF time references are stamped. Work in whole frames where possible
// and divide once, so frame boundaries round-trip exactly.
import { UserError } from './errors.js';
import type { FrameRate, Session, Time } from './types.js';

/** How a frame rate counts: nominal frames per second, true rate num/den, drop-frame or not. */
export interface FrameRateInfo {
	/** Frames counted per timecode second (24 for 23.976, 30 for 29.97). */
	fps: number;
	/** True rate is num/den frames per second. */
	num: number;
	den: number;
	/** Drop-frame: frame numbers 0 and 1 skipped at each minute except every tenth. */
	drop: boolean;
}

const RATES: Record<string, FrameRateInfo> = {
	'23.976': { fps: 24, num: 24000, den: 1001, drop: false },
	'24': { fps: 24, num: 24, den: 1, drop: false },
	'25': { fps: 25, num: 25, den: 1, drop: false },
	'29.97': { fps: 30, num: 30000, den: 1001, drop: false },
	'29.97df': { fps: 30, num: 30000, den: 1001, drop: true },
	'30': { fps: 30, num: 30, den: 1, drop: false },
};

/** Seconds in a day. Timecode wraps there, so no session time, length or range may go past it. */
export const DAY_SECONDS = 24 * 3600;

// Drop-frame 29.97: 1798 frames in a dropped minute, 17982 in ten minutes.
const DF_MINUTE = 30 * 60 - 2;
const DF_TEN_MINUTES = 10 * DF_MINUTE + 2;

const TIMECODE = /^(\d{1,2}):(\d{2}):(\d{2})([:;.])(\d{2})$/;

/** A timecode that is malformed or does not exist at the frame rate; `problem` omits the text. */
export class TimecodeError extends UserError {
	override name = 'TimecodeError';
	constructor(
		readonly text: string,
		readonly problem: string,
	) {
		super(`timecode ${JSON.stringify(text)}: ${problem}`);
	}
}

/** The counting rules of a frame rate (throws on a rate that is not one of FrameRate). */
export function frameRateInfo(rate: FrameRate): FrameRateInfo {
	const info = RATES[String(rate)];
	if (!info) throw new RangeError(`unknown frame rate ${JSON.stringify(rate)}`);
	return info;
}

/** Seconds one frame lasts at the true rate (1001/24000 at 23.976). */
export function frameDuration(rate: FrameRate): number {
	const { num, den } = frameRateInfo(rate);
	return den / num;
}

/** Frames in a 24-hour day: timecode wraps there. */
function framesPerDay(info: FrameRateInfo): number {
	return info.drop ? 24 * 6 * DF_TEN_MINUTES : 24 * 3600 * info.fps;
}

/** Frame count since 00:00:00:00 of a timecode (validates fields and drop-frame gaps). */
export function timecodeFrames(tc: string, rate: FrameRate): number {
	const info = frameRateInfo(rate);
	const m = TIMECODE.exec(tc);
	if (!m) throw new TimecodeError(tc, 'expected HH:MM:SS:FF');
	const [hh, mm, ss, sep, ff] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4], Number(m[5])];
	if (hh >= 24) throw new TimecodeError(tc, 'hours must be below 24');
	if (mm >= 60) throw new TimecodeError(tc, 'minutes must be below 60');
	if (ss >= 60) throw new TimecodeError(tc, 'seconds must be below 60');
	if (ff >= info.fps) throw new TimecodeError(tc, `frames must be below ${info.fps} at ${rate} fps`);
	if (!info.drop && sep !== ':') {
		throw new TimecodeError(tc, `"${sep}" marks drop-frame timecode but the frame rate is ${rate}; use ":"`);
	}
	const minutes = hh * 60 + mm;
	if (!info.drop) return (minutes * 60 + ss) * info.fps + ff;
	if (ss === 0 && ff < 2 && mm % 10 !== 0) {
		throw new TimecodeError(tc, 'this frame does not exist in drop-frame timecode (frames 0 and 1 are skipped each minute except every tenth)');
	}
	const dropped = 2 * (minutes - Math.floor(minutes / 10));
	return (minutes * 60 + ss) * 30 + ff - dropped;
}

/** The timecode of a frame count since 00:00:00:00; wraps at 24 hours like a timecode clock. */
export function framesToTimecode(frames: number, rate: FrameRate): string {
	const info = frameRateInfo(rate);
	if (!Number.isInteger(frames)) throw new RangeError(`frame count ${frames} is not an integer`);
	const day = framesPerDay(info);
	let n = ((frames % day) + day) % day;
	if (info.drop) {
		// Re-insert the skipped labels so n counts 30 labels per second.
		const tens = Math.floor(n / DF_TEN_MINUTES);
		const rest = n % DF_TEN_MINUTES;
		n += 18 * tens + (rest < 2 ? 0 : 2 * Math.floor((rest - 2) / DF_MINUTE));
	}
	const ff = n % info.fps;
	const totalSeconds = Math.floor(n / info.fps);
	const two = (v: number) => String(v).padStart(2, '0');
	const hms = `${two(Math.floor(totalSeconds / 3600))}:${two(Math.floor(totalSeconds / 60) % 60)}:${two(totalSeconds % 60)}`;
	return `${hms}${info.drop ? ';' : ':'}${two(ff)}`;
}

/** Seconds of real time since 00:00:00:00 at which the frame a timecode names starts. */
export function parseTimecode(tc: string, rate: FrameRate): number {
	const { num, den } = frameRateInfo(rate);
	return (timecodeFrames(tc, rate) * den) / num;
}

/**
 * The frame containing an instant. Instants within a millionth of a frame of a boundary count
 * as on it, so seconds computed from a timecode land back on the same frame.
 */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
	if (!Number.isFinite(seconds)) throw new RangeError(`time ${seconds} is not finite`);
	const { num, den } = frameRateInfo(rate);
	const x = (seconds * num) / den;
	const nearest = Math.round(x);
	return Math.abs(x - nearest) < 1e-6 ? nearest : Math.floor(x);
}

/** The timecode shown for an instant (seconds since 00:00:00:00): the frame that contains it. */
export function formatTimecode(seconds: number, rate: FrameRate): string {
	return framesToTimecode(secondsToFrames(seconds, rate), rate);
}

/**
 * Session seconds of a time as written in a session: a number is already session seconds; a
 * timecode string is absolute, so `start` is subtracted. A timecode before `start` throws.
 */
export function timeToSeconds(t: Time, session: Pick<Session, 'frameRate' | 'start'>): number {
	if (typeof t === 'number') return t;
	const { num, den } = frameRateInfo(session.frameRate);
	const frames = timecodeFrames(t, session.frameRate) - timecodeFrames(session.start, session.frameRate);
	if (frames < 0) throw new TimecodeError(t, `before the session start ${session.start}`);
	return (frames * den) / num;
}

/** The absolute timecode shown for a session time: start + t, on the frame containing it. */
export function sessionTimecode(seconds: number, session: Pick<Session, 'frameRate' | 'start'>): string {
	const rate = session.frameRate;
	return framesToTimecode(timecodeFrames(session.start, rate) + secondsToFrames(seconds, rate), rate);
}

/** Whether a session time falls exactly on a frame boundary (so it can be written as timecode). */
export function isOnFrame(seconds: number, rate: FrameRate): boolean {
	const { num, den } = frameRateInfo(rate);
	const x = (seconds * num) / den;
	return Math.abs(x - Math.round(x)) < 1e-6;
}

/** Options for parseTimeArg. */
export interface TimeArgOptions {
	/** The option the text came from, for the message ("--from"). */
	name?: string;
	/** A length, not a position: a timecode counts from 00:00:00:00, not from `start`. */
	duration?: boolean;
}

const SECONDS = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Session seconds (or a length in seconds) from command-line text: plain seconds ("12.5") or
 * a timecode ("01:00:10:00", absolute like session times). Throws a UserError naming the text.
 */
export function parseTimeArg(text: string, session: Pick<Session, 'frameRate' | 'start'>, options: TimeArgOptions = {}): number {
	const prefix = options.name ? `${options.name}: ` : '';
	const trimmed = text.trim();
	if (SECONDS.test(trimmed)) {
		const seconds = Number(trimmed);
		if (seconds > DAY_SECONDS) throw new UserError(`${prefix}${trimmed} is past 24 h: times go from 0 to ${DAY_SECONDS} s`);
		return seconds;
	}
	if (TIMECODE.test(trimmed)) {
		try {
			return options.duration ? parseTimecode(trimmed, session.frameRate) : timeToSeconds(trimmed, session);
		} catch (err) {
			if (err instanceof TimecodeError) throw new UserError(`${prefix}${err.message}`);
			throw err;
		}
	}
	throw new UserError(`${prefix}${JSON.stringify(text)} is not a time: expected seconds (e.g. 12.5) or a timecode HH:MM:SS:FF`);
}
