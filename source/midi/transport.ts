// Moving the playhead from a surface: the jog wheel locates frame by frame (seconds in scrub
// mode; the engine has no varispeed, so "scrub" is a coarser jog, not audio scrubbing), and
// rewind / fast forward wind while held. Locates are accumulated locally: the engine reports
// the new position a buffer later, and a fast jog would otherwise lose ticks.
import type { MixerStore } from '../app/mixer-store.js';
import { frameDuration } from '../../sessions/time.js';

/** Winding speed: seconds moved per WIND_MS while rewind / fast forward is held (8× play speed). */
export const WIND_STEP = 0.8;
export const WIND_MS = 100;
/** Jog ticks this close together continue from the last locate instead of the engine's position. */
const JOG_HOLD_MS = 500;

export class SurfaceTransport {
	/** Jog moves seconds instead of frames. */
	scrub = false;
	private jogTarget = 0;
	private jogAt = -Infinity;
	private windTimer: NodeJS.Timeout | undefined;
	private windDirection = 0;

	constructor(
		private readonly store: MixerStore,
		private readonly now: () => number = Date.now,
		private readonly onChange: () => void = () => {},
	) {}

	/** Where the next relative move starts from. */
	private from(): number {
		return this.now() - this.jogAt < JOG_HOLD_MS ? this.jogTarget : this.store.position();
	}

	/** Moves the playhead by `seconds`, clamped to the session (0 … length when known). */
	move(seconds: number): void {
		const length = this.store.getState().lengthSeconds;
		let t = Math.max(0, this.from() + seconds);
		if (length > 0) t = Math.min(t, length);
		this.jogTarget = t;
		this.jogAt = this.now();
		this.store.locate(t);
	}

	/** A jog of `steps` (already accelerated): frames, or seconds in scrub mode. */
	jog(steps: number): void {
		if (steps === 0) return;
		const unit = this.scrub ? 1 : frameDuration(this.store.getState().session.frameRate);
		this.move(steps * unit);
	}

	toggleScrub(): void {
		this.scrub = !this.scrub;
		this.store.say(this.scrub ? 'jog wheel: seconds (scrub)' : 'jog wheel: frames');
		this.onChange();
	}

	/** Starts winding (−1 rewind, +1 fast forward) or stops it (0). */
	wind(direction: -1 | 0 | 1): void {
		if (direction === this.windDirection) return;
		this.stopWind();
		if (direction === 0) return;
		this.windDirection = direction;
		this.move(direction * WIND_STEP);
		this.windTimer = setInterval(() => this.move(direction * WIND_STEP), WIND_MS);
		this.windTimer.unref?.();
		this.onChange();
	}

	/** −1 rewinding, +1 fast forwarding, 0 not winding (the button LEDs). */
	get winding(): number {
		return this.windDirection;
	}

	private stopWind(): void {
		if (this.windTimer) clearInterval(this.windTimer);
		this.windTimer = undefined;
		if (this.windDirection !== 0) {
			this.windDirection = 0;
			this.onChange();
		}
	}

	close(): void {
		this.stopWind();
	}
}
