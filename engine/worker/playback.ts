// Real-time playback: the transport and the live graph. Runs in the engine worker; written
// without worker specifics so tests drive it in-process with a fake device. Commands are handled
// between buffers of the loop (playback-loop.ts), so a parameter change lands within one buffer;
// a load applies parameter differences live and rebuilds the graph only for structural edits.
import type { Session } from '../../sessions/types.js';
import { UserError } from '../../sessions/errors.js';
import type { MixPlan } from '../plan.js';
import { planFromSession } from '../session-plan.js';
import type { DeviceInfo, EngineCommand } from './protocol.js';
import { LiveSession, type ParamCommand } from './live-session.js';
import { buildGraph } from './graph.js';
import { PlaybackLoop, type LoopOptions } from './playback-loop.js';

export { DEFAULT_BUFFER_FRAMES, TRANSPORT_RAMP } from './playback-loop.js';
export type { OpenDevice } from './output-stage.js';

export interface PlaybackOptions extends LoopOptions {
	listDevices?: () => { devices: DeviceInfo[]; reason?: string };
	/** Plans a session (tests may stub media). */
	plan?: (session: Session, file: string) => Promise<MixPlan>;
}

export class Playback extends PlaybackLoop {
	private pendingLoad: Extract<EngineCommand, { type: 'load' }> | undefined;
	private loading = false;
	/** Settles when the current run of loads is over (a play sent right after a load waits for it). */
	private loaded: Promise<void> = Promise.resolve();
	private readonly planOf: (session: Session, file: string) => Promise<MixPlan>;
	private readonly listDevices: PlaybackOptions['listDevices'];
	/** The engine's copy of the session, which graphs catch up with. */
	private readonly live = new LiveSession();

	constructor(options: PlaybackOptions) {
		super(options);
		this.planOf = options.plan ?? planFromSession;
		this.listDevices = options.listDevices;
	}

	/** Engine thread. One command from the UI. */
	async handle(command: EngineCommand): Promise<void> {
		switch (command.type) {
			case 'load':
				return this.load(command);
			case 'play':
				return this.play();
			case 'stop':
				return this.stop();
			case 'locate':
				return this.locate(command.seconds);
			case 'loop': {
				const r = command.range;
				this.loop = r && r.to > r.from ? { from: Math.round(r.from * this.sampleRate), to: Math.round(r.to * this.sampleRate) } : null;
				return;
			}
			case 'stopAt':
				this.stopAt = command.seconds === null ? null : Math.round(command.seconds * this.sampleRate);
				return;
			case 'fill':
				this.hooks.fill(command.to, this.position);
				return;
			case 'touch':
				if (!command.touching) this.hooks.release(command.id, command.param, this.position, command.target);
				return;
			case 'param':
				return this.param(command);
			case 'device':
				this.deviceQuery = command.device;
				if (command.bufferFrames !== undefined) this.bufferFrames = command.bufferFrames;
				if (this.playing) {
					await this.stop();
					await this.play();
				}
				return;
			case 'devices':
				this.options.emit({ type: 'devices', ...(this.listDevices?.() ?? { devices: [] }) });
				return;
			case 'record':
				return this.hooks.takes.arm(command.file);
			case 'monitor':
				this.output.setMonitor(command.mode);
				return;
			case 'close':
				await this.stop();
				await this.hooks.takes.close();
				await this.graph?.streams.close();
				this.graph = undefined;
				this.options.emit({ type: 'closed' });
				return;
		}
	}

	private async load(command: Extract<EngineCommand, { type: 'load' }>): Promise<void> {
		this.live.set(command.session, command.sessionFile);
		const g = this.graph;
		if (!this.loading && g && command.sessionFile === g.file && this.live.catchUp(g)) {
			if (this.next) this.live.catchUp(this.next.graph);
			return;
		}
		// Structural edits rebuild the graph; a burst of them rebuilds once for the latest.
		this.pendingLoad = command;
		if (this.loading) return this.loaded;
		this.loading = true;
		let done!: () => void;
		this.loaded = new Promise((resolve) => (done = resolve));
		try {
			while (this.pendingLoad) {
				const next = this.pendingLoad;
				this.pendingLoad = undefined;
				try {
					await this.rebuild(next.session, next.sessionFile);
				} catch (error) {
					this.options.emit({ type: 'error', message: error instanceof UserError ? error.message : `cannot load the session: ${(error as Error).message}` });
				}
			}
		} finally {
			this.loading = false;
			done();
		}
	}

	private async rebuild(session: Session, file: string): Promise<void> {
		const graph = buildGraph(session, file, await this.planOf(session, file), this.bufferFrames);
		// Parameters that arrived while it was planned: the new graph must play them too.
		const latest = this.live.latest;
		if (!this.live.catchUp(graph) && latest) this.pendingLoad = { type: 'load', session: latest.session, sessionFile: latest.file };
		const { plan, streams } = graph;
		const old = this.graph;
		if (old && this.playing && old.plan.channels === plan.channels && old.plan.sampleRate === plan.sampleRate) {
			// Fill the new graph's media at the playhead, then let the loop crossfade to it.
			await Promise.all(streams.schedule(this.position, this.bufferFrames * 16));
			await new Promise<void>((done) => {
				this.next?.done();
				this.next = { graph, done };
			});
		} else {
			const wasPlaying = this.playing;
			if (wasPlaying) await this.stop();
			this.graph = graph;
			this.meters.configure(plan, this.bufferFrames);
			await old?.streams.close();
			if (wasPlaying) await this.play();
		}
		this.options.emit({
			type: 'loaded',
			lengthSeconds: (plan.length + plan.tail) / plan.sampleRate,
			tracks: plan.tracks.map((t) => t.id),
			buses: plan.buses.map((b) => b.id),
			warnings: plan.warnings,
		});
	}

	private param(command: ParamCommand): void {
		// A control being written in this pass: the lane drives it; the document keeps its value.
		const kind = command.target;
		// A mute is written as steps: 1 muted, 0 not.
		const value = command.param === 'mute' && typeof command.value === 'boolean' ? (command.value ? 1 : 0) : command.value;
		if (typeof value === 'number' && this.hooks.value(command.id, command.param, value, this.position, kind)) {
			this.live.record(command, [this.graph, this.next?.graph]);
			return;
		}
		let result: 'live' | 'rebuild';
		try {
			result = this.live.apply(command, [this.graph, this.next?.graph]);
		} catch (error) {
			this.options.emit({ type: 'error', message: `cannot set ${command.id} ${command.param}: ${(error as Error).message}` });
			return;
		}
		const latest = this.live.latest;
		if (result === 'rebuild' && latest) void this.load({ type: 'load', session: latest.session, sessionFile: latest.file });
	}

	private locate(seconds: number): void {
		const sr = this.sampleRate;
		const target = Math.max(0, Math.round(seconds * sr));
		if (this.playing) this.locateTo = target;
		else {
			this.position = target;
			this.options.shared.setPosition(target, sr);
			this.options.shared.publish();
			this.graph?.streams.schedule(target, 0);
		}
		this.options.emit({ type: 'transport', playing: this.playing, seconds: target / sr });
	}

	private async play(): Promise<void> {
		if (this.running) {
			if (!this.stopRequested) return;
			await this.running;
		}
		if (!this.graph && this.loading) await this.loaded;
		const g = this.graph;
		if (!g) {
			this.options.emit({ type: 'error', message: 'nothing to play: no session is loaded' });
			return;
		}
		if (this.stopAt === null && this.position >= g.plan.length + g.plan.tail && !this.loop) this.position = 0;
		this.stopRequested = false;
		this.running = this.run(g).finally(() => {
			this.running = undefined;
			this.options.shared.setPlaying(false);
			this.options.shared.publish();
		});
		this.options.emit({ type: 'transport', playing: true, seconds: this.position / g.plan.sampleRate });
	}

	private async stop(): Promise<void> {
		if (!this.running) return;
		this.stopRequested = true;
		await this.running;
		this.options.emit({ type: 'transport', playing: false, seconds: this.position / this.sampleRate });
	}
}
