// Which controls are touched during an automation pass, for the sources that have no touch
// sensor of their own. A key touches its control until KEY_TOUCH_IDLE_MS after its last edit;
// a surface fader with a sensor holds the touch until it is let go; a controller without one
// latches (held until the transport stops). A release reaches the engine as a `touch` command,
// and a touch-mode pass then glides back to the lane.
import { addressKey, type ParamAddress } from '../../sessions/params.js';
import type { SendCommand } from '../../engine/worker/protocol.js';

/** A control edited from the keyboard counts as touched until this long after its last edit, ms. */
export const KEY_TOUCH_IDLE_MS = 500;

export type TouchStyle = 'key' | 'held' | 'latch';

export class Touches {
	private style: TouchStyle = 'key';
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(private readonly send: SendCommand) {}

	/** The edits inside `fn` touch their controls in `style`. */
	within<T>(style: TouchStyle, fn: () => T): T {
		const previous = this.style;
		this.style = style;
		try {
			return fn();
		} finally {
			this.style = previous;
		}
	}

	/** An edit of `address` while playing: a key's touch is (re)armed to release after the idle. */
	edited(address: ParamAddress): void {
		if (this.style !== 'key') return;
		const key = addressKey(address);
		const timer = this.timers.get(key);
		if (timer) clearTimeout(timer);
		const release = setTimeout(() => {
			this.timers.delete(key);
			this.sendRelease(address);
		}, KEY_TOUCH_IDLE_MS);
		release.unref?.();
		this.timers.set(key, release);
	}

	/** A surface let go of `address` (its touch sensor). */
	release(address: ParamAddress): void {
		const key = addressKey(address);
		const timer = this.timers.get(key);
		if (timer) clearTimeout(timer);
		this.timers.delete(key);
		this.sendRelease(address);
	}

	private sendRelease(address: ParamAddress): void {
		this.send({ type: 'touch', target: address.target, id: address.id, param: address.param, touching: false });
	}
}
