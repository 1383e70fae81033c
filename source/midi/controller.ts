// The MIDI layer as the app sees it: finds and opens ports (polled, so devices plugged in later
// are picked up and unplugging is reported, not fatal), picks the mapping for the device,
// runs the surface, feeds it store changes and a ~10 Hz tick (meters, timecode, automation)
// only while a surface has an output, and offers learn mode. Without a MIDI subsystem it says
// so once and does nothing else: no timers, no ports.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { MixerStore } from '../app/mixer-store.js';
import { GenericSurface } from './generic-surface.js';
import type { MidiController, MidiLearn, MidiStatus } from './api.js';
import { Learner, mappingToYaml, withControl } from './learn.js';
import { listMappings, matchMapping, resolveMapping, type GenericMapping, type Mapping, type MappingEntry } from './mapping.js';
import { McuSurface } from './mcu-surface.js';
import { MixerBridge } from './mixer-bridge.js';
import type { MidiPrefs, MidiPrefsStore } from './midi-settings.js';
import { describeMessage } from './parser.js';
import { findPort, isSystemPort, portKey, UnitPorts } from './ports.js';
import type { Surface, SurfaceHost } from './surface.js';
import { SurfaceTransport } from './transport.js';
import type { MidiBackend, MidiMessage } from './types.js';

/** Ports are listed this often. */
export const POLL_MS = 2000;
/** Meters, timecode and automation-following are refreshed this often while a surface has an output. */
export const TICK_MS = 100;

export interface ControllerOptions {
	backend?: MidiBackend;
	/** Why there is no backend (then `backend` is absent). */
	reason?: string;
	prefs: MidiPrefsStore;
	dirs: { shipped: string; user: string };
	log?: Writable;
	now?: () => number;
	editIntervalMs?: number;
}

export class Controller implements MidiController {
	private status: MidiStatus;
	private readonly listeners = new Set<() => void>();
	private readonly units: UnitPorts[];
	private readonly bridge: MixerBridge;
	private readonly transport: SurfaceTransport;
	private readonly learner: Learner;
	private readonly now: () => number;
	private entries: MappingEntry[] = [];
	private active: { name: string; mapping: Mapping } | undefined;
	private mappingError: string | undefined;
	private surface: Surface | undefined;
	private surfaceKey = '';
	private poll: NodeJS.Timeout | undefined;
	private tick: NodeJS.Timeout | undefined;
	private unsubscribe: () => void = () => {};
	private updateQueued = false;
	private notifyTimer: NodeJS.Timeout | undefined;
	private counts = { received: 0, ignored: 0 };
	private last: MidiMessage | undefined;
	private inputs: string[] = [];
	private outputs: string[] = [];
	private chosen: MidiPrefs = {};
	private closed = false;
	private toldMappingError: string | undefined;

	constructor(
		private readonly store: MixerStore,
		private readonly options: ControllerOptions,
	) {
		this.now = options.now ?? Date.now;
		this.bridge = new MixerBridge(store, { editIntervalMs: options.editIntervalMs, now: this.now });
		this.transport = new SurfaceTransport(store, this.now, () => this.scheduleUpdate());
		this.learner = new Learner(() => this.notify());
		const events = (unit: number) => ({
			message: (m: MidiMessage) => this.onMessage(m, unit),
			report: (text: string, kind: 'info' | 'error') => this.store.say(text, kind),
			outputOpened: () => {
				this.surface?.resync(unit);
				this.scheduleUpdate();
			},
			log: (line: string) => this.log(line),
		});
		this.units = [new UnitPorts('surface', events(0)), new UnitPorts('extender', events(1))];
		this.status = this.buildStatus();
		if (!options.backend) {
			this.log(`midi: unavailable: ${options.reason}`);
			store.say(`MIDI unavailable: ${options.reason}`);
			return;
		}
		this.entries = listMappings(options.dirs);
		this.unsubscribe = store.subscribe(() => this.scheduleUpdate());
		this.reconcile();
		this.poll = setInterval(() => this.reconcile(), POLL_MS);
		this.poll.unref?.();
	}

	readonly getStatus = (): MidiStatus => this.status;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private log(line: string): void {
		this.options.log?.write(`${line}\n`);
	}

	private setPrefs(patch: Partial<MidiPrefs>): void {
		this.options.prefs.set({ ...this.options.prefs.get(), ...patch });
		this.reconcile();
	}

	selectInput(name: string | undefined): void {
		// A different device usually needs a different mapping: back to automatic.
		this.setPrefs({ input: name, output: undefined, mapping: undefined });
	}
	selectOutput(name: string | undefined): void {
		this.setPrefs({ output: name });
	}
	selectExtender(input: string | undefined, output: string | undefined): void {
		this.setPrefs({ extenderInput: input, extenderOutput: output });
	}
	selectMapping(name: string | undefined): void {
		this.setPrefs({ mapping: name });
	}

	rescan(): void {
		if (!this.options.backend) return;
		this.entries = listMappings(this.options.dirs);
		this.reconcile();
	}

	/** Brings ports, mapping and surface in line with the prefs and the ports present. */
	private reconcile(): void {
		const backend = this.options.backend;
		if (!backend || this.closed) return;
		try {
			this.inputs = backend.inputs();
			this.outputs = backend.outputs();
		} catch (error) {
			this.log(`midi: listing ports failed: ${(error as Error).message}`);
			return;
		}
		const prefs = this.options.prefs.get();
		const [main, ext] = this.units as [UnitPorts, UnitPorts];
		const input = prefs.input !== undefined ? findPort(prefs.input, this.inputs) : this.autoInput();
		main.syncInput(backend, input, this.inputs);
		this.chooseMapping(prefs, input ?? prefs.input);
		const output = prefs.output !== undefined ? findPort(prefs.output, this.outputs) : input !== undefined ? findPort(input, this.outputs) : undefined;
		main.syncOutput(backend, output, this.outputs);
		const mcu = this.active?.mapping.protocol === 'mcu' ? this.active.mapping : undefined;
		let extIn: string | undefined;
		if (mcu) {
			extIn = prefs.extenderInput !== undefined ? findPort(prefs.extenderInput, this.inputs) : mcu.extender ? this.inputs.find((p) => p !== input && new RegExp(mcu.extender!, 'i').test(p)) : undefined;
		}
		ext.syncInput(backend, extIn, this.inputs);
		const extOut = extIn === undefined ? undefined : prefs.extenderOutput !== undefined ? findPort(prefs.extenderOutput, this.outputs) : findPort(extIn, this.outputs);
		ext.syncOutput(backend, extOut, this.outputs);
		this.chosen = { input: input ?? prefs.input, output: output ?? prefs.output, mapping: this.active?.name, extenderInput: extIn, extenderOutput: extOut };
		this.ensureSurface();
		// Polled every two seconds: only wake the page when something it shows changed.
		if (JSON.stringify(this.buildStatus()) !== JSON.stringify(this.status)) this.notify();
	}

	/** The first port a mapping file claims (by `match`), skipping extenders and system ports. */
	private autoInput(): string | undefined {
		const extenders = this.entries.flatMap((e) => (e.mapping?.protocol === 'mcu' && e.mapping.extender ? [new RegExp(e.mapping.extender, 'i')] : []));
		return this.inputs.find((p) => !isSystemPort(p) && !extenders.some((r) => r.test(p)) && matchMapping(p, this.entries) !== undefined);
	}

	private chooseMapping(prefs: MidiPrefs, port: string | undefined): void {
		let next: { name: string; mapping: Mapping } | undefined;
		this.mappingError = undefined;
		try {
			if (prefs.mapping !== undefined) next = resolveMapping(prefs.mapping, this.options.dirs);
			else if (port !== undefined) {
				const entry = matchMapping(port, this.entries);
				if (entry?.mapping) next = { name: entry.name, mapping: entry.mapping };
			}
		} catch (error) {
			this.mappingError = (error as Error).message;
			if (this.toldMappingError !== this.mappingError) {
				this.toldMappingError = this.mappingError;
				this.store.say(this.mappingError, 'error');
			}
		}
		// A port with no mapping gets an empty one, so learn mode can fill it.
		if (!next && port !== undefined && !this.mappingError) next = { name: slug(port), mapping: blankMapping(port) };
		this.active = next;
	}

	private ensureSurface(): void {
		const [main, ext] = this.units as [UnitPorts, UnitPorts];
		const active = main.input || main.output ? this.active : undefined;
		const units = active?.mapping.protocol === 'mcu' && (ext.input || ext.output) ? 2 : 1;
		const key = active ? `${active.name}|${units}|${JSON.stringify(active.mapping)}` : '';
		if (key !== this.surfaceKey) {
			const bank = this.surface?.bank ?? 0;
			this.surface?.close();
			this.surfaceKey = key;
			this.surface = undefined;
			if (active) {
				const host = this.host();
				this.surface = active.mapping.protocol === 'mcu' ? new McuSurface(host, active.mapping, units) : new GenericSurface(host, active.mapping);
				this.surface.moveBank(bank);
				this.scheduleUpdate();
			}
		}
		const ticking = this.surface?.needsTick === true && this.units.some((u) => u.output);
		if (ticking && !this.tick) {
			this.tick = setInterval(() => this.surface?.update(), TICK_MS);
			this.tick.unref?.();
		} else if (!ticking && this.tick) {
			clearInterval(this.tick);
			this.tick = undefined;
		}
	}

	private host(): SurfaceHost {
		return {
			bridge: this.bridge,
			transport: this.transport,
			send: (unit, bytes) => this.units[unit]?.send(bytes),
			now: this.now,
			ignored: () => void this.counts.ignored++,
			changed: () => {
				this.notify();
				this.scheduleUpdate();
			},
		};
	}

	private onMessage(m: MidiMessage, unit: number): void {
		// Clock and active sensing: not control messages, and far too frequent to show.
		if (m.type === 'system' && m.status >= 0xf8) return;
		this.counts.received++;
		this.last = m;
		this.notifySoon();
		if (unit === 0 && this.learner.offer(m)) return;
		this.surface?.handle(m, unit);
	}

	/** Store changed: one surface update after the current burst of edits. */
	private scheduleUpdate(): void {
		if (this.updateQueued || !this.surface) return;
		this.updateQueued = true;
		queueMicrotask(() => {
			this.updateQueued = false;
			if (!this.surface || this.closed) return;
			this.surface.followSelection();
			this.surface.update();
		});
	}

	private buildStatus(): MidiStatus {
		const [main, ext] = this.units as [UnitPorts, UnitPorts];
		return {
			available: this.options.backend !== undefined,
			reason: this.options.reason,
			backend: this.options.backend?.name,
			inputs: this.inputs,
			outputs: this.outputs,
			input: this.chosen.input,
			output: this.chosen.output,
			inputOpen: main.input !== undefined,
			outputOpen: main.output !== undefined,
			extenderInput: this.chosen.extenderInput,
			extenderOutput: this.chosen.extenderOutput,
			extenderOpen: ext.input !== undefined,
			mapping: this.active?.name,
			protocol: this.active?.mapping.protocol,
			mappingError: this.mappingError,
			mappings: this.entries.map((e) => ({ name: e.name, user: e.user, error: e.error })),
			bank: this.surface?.bank ?? 0,
			width: this.surface?.width ?? 0,
			received: this.counts.received,
			malformed: main.parser.malformed + ext.parser.malformed,
			ignored: this.counts.ignored,
			lastMessage: this.last ? describeMessage(this.last) : undefined,
			learn: this.learner.state,
		};
	}

	private notify(): void {
		if (this.notifyTimer) {
			clearTimeout(this.notifyTimer);
			this.notifyTimer = undefined;
		}
		this.status = this.buildStatus();
		for (const l of this.listeners) l();
	}

	/** For per-message counters: at most ~5 page refreshes a second while a fader moves. */
	private notifySoon(): void {
		if (this.notifyTimer) return;
		this.notifyTimer = setTimeout(() => this.notify(), 200);
		this.notifyTimer.unref?.();
	}

	readonly learn: MidiLearn = {
		start: (target) => {
			if (!this.options.backend) return `MIDI unavailable: ${this.options.reason}`;
			if (this.active?.mapping.protocol === 'mcu') return 'learn is for mapped controllers: this one speaks Mackie Control (edit mcu.yaml to change its buttons)';
			try {
				this.learner.start(target);
			} catch (error) {
				return (error as Error).message;
			}
			return undefined;
		},
		cancel: () => this.learner.cancel(),
		cycleEncoding: () => this.learner.cycleEncoding(),
		save: () => this.saveLearned(),
	};

	private saveLearned(): { file: string } | { error: string } {
		const control = this.learner.take();
		if (!control) return { error: 'nothing learned yet: move a control first' };
		const port = this.chosen.input ?? 'controller';
		const base: GenericMapping = this.active?.mapping.protocol === 'generic' ? this.active.mapping : blankMapping(port);
		const name = this.active?.mapping.protocol === 'generic' ? this.active.name : slug(port);
		const file = join(this.options.dirs.user, `${name}.yaml`);
		try {
			mkdirSync(this.options.dirs.user, { recursive: true });
			const temp = `${file}.${process.pid}.tmp`;
			writeFileSync(temp, mappingToYaml(withControl(base, control), `dubdesk MIDI mapping, saved by learn mode (${new Date().toISOString().slice(0, 10)}).`));
			renameSync(temp, file);
		} catch (error) {
			const message = `cannot save ${file}: ${(error as Error).message}`;
			this.store.say(message, 'error');
			return { error: message };
		}
		this.store.say(`MIDI: ${control.label} saved to ${file}`);
		this.entries = listMappings(this.options.dirs);
		this.reconcile();
		return { file };
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		for (const t of [this.poll, this.tick, this.notifyTimer]) if (t) clearInterval(t);
		this.unsubscribe();
		this.bridge.close();
		this.transport.close();
		this.surface?.close();
		for (const u of this.units) u.close();
		try {
			this.options.backend?.close();
		} catch {
			// Closing a backend that lost its subsystem: nothing left to release.
		}
	}
}

/** A file name for a port ("nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0" → "nanokontrol2-nanokontrol2-midi-1"). */
export function slug(port: string): string {
	return (
		portKey(port)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 48) || 'controller'
	);
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An empty mapping for a port, matched by its name. */
function blankMapping(port: string): GenericMapping {
	return { protocol: 'generic', name: port, match: escapeRegex(portKey(port)), strips: 8, controls: [] };
}
