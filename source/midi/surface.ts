// What every surface has: a bank (which session strips its physical strips show; it belongs to
// the surface, not to the mixer view), the action context its buttons run in, and a way to
// send bytes to each of its units (an MCU and its XT extender are two units).
import type { ActionContext } from './actions.js';
import type { StripRef } from './mapping.js';
import type { MixerBridge } from './mixer-bridge.js';
import { mixerStrips, type Strip, type Target } from './strips.js';
import type { SurfaceTransport } from './transport.js';
import type { MidiMessage } from './types.js';

/** What a surface is given by the controller. */
export interface SurfaceHost {
	bridge: MixerBridge;
	transport: SurfaceTransport;
	/** Sends to a unit's output port (dropped when it has none). */
	send(unit: number, bytes: readonly number[]): void;
	now(): number;
	/** A message the surface did not use (counted on the MIDI page). */
	ignored(message: MidiMessage): void;
	/** The bank moved (the MIDI page shows it). */
	changed(): void;
}

export abstract class Surface {
	/** Index of the session strip shown on physical strip 0. */
	bank = 0;
	readonly actions: ActionContext;
	private lastSelection: string | undefined;

	constructor(
		protected readonly host: SurfaceHost,
		/** Physical strips (8 per MCU unit; a mapping's `strips`). */
		readonly width: number,
		/** Units with their own ports (MCU + XT = 2). */
		readonly units: number,
	) {
		this.actions = {
			bridge: host.bridge,
			transport: host.transport,
			bank: (delta) => this.moveBank(delta),
			width,
			shift: false,
		};
	}

	/** Whether the ~10 Hz tick is needed (meters, timecode, values that follow automation). */
	abstract readonly needsTick: boolean;

	/** Handles one message from `unit`'s input. */
	abstract handle(message: MidiMessage, unit: number): void;

	/** Sends whatever changed since the last call (after a store change, and on the ~10 Hz tick). */
	abstract update(): void;

	/** Forgets what `unit` (all when omitted) shows, so the next update sends everything. */
	abstract resync(unit?: number): void;

	/** The session strip on physical strip `p`, if any. */
	stripAt(p: number): Strip | undefined {
		return this.host.bridge.strip(this.bank + p);
	}

	/** Moves the bank by `delta` strips, clamped so the last bank is full. */
	moveBank(delta: number): void {
		const count = mixerStrips(this.host.bridge.session).length;
		const next = Math.max(0, Math.min(this.bank + delta, count - this.width));
		if (next === this.bank) return;
		this.host.bridge.flush();
		this.bank = next;
		this.bankChanged();
		this.host.bridge.store.say(`surface: strips ${next + 1}–${Math.min(count, next + this.width)} of ${count}`);
		this.host.changed();
	}

	/** Hook for surfaces that keep per-strip state (soft takeover). */
	protected bankChanged(): void {}

	/** When the mixer selection moved to a strip outside the bank, banks just far enough to show it. */
	followSelection(): void {
		const selected = this.host.bridge.selected();
		const key = selected && selected.kind !== 'master' ? `${selected.kind}:${selected.index}` : undefined;
		if (key === this.lastSelection) return;
		this.lastSelection = key;
		if (!selected || selected.kind === 'master') return;
		const at = mixerStrips(this.host.bridge.session).findIndex((s) => s.kind === selected.kind && s.index === selected.index);
		if (at < 0) return;
		if (at < this.bank) this.moveBankTo(at);
		else if (at >= this.bank + this.width) this.moveBankTo(at - this.width + 1);
	}

	private moveBankTo(bank: number): void {
		this.bank = bank;
		this.bankChanged();
		this.host.changed();
	}

	/** Resolves a mapping's strip reference against the bank. */
	resolve(ref: StripRef | undefined): Target | undefined {
		if (ref === undefined) return undefined;
		if (ref === 'master') return { kind: 'master' };
		if (ref === 'selected') return this.host.bridge.selected();
		if (typeof ref === 'number') return this.stripAt(ref);
		// By id: the same channel whatever the bank (a track or bus the session lacks is nothing).
		const strips = mixerStrips(this.host.bridge.session);
		return 'track' in ref ? strips.find((s) => s.kind === 'track' && s.id === ref.track) : strips.find((s) => s.kind === 'bus' && s.id === ref.bus);
	}

	close(): void {}
}
