// Real-time playback: the transport, the live graph and the loop that feeds the device. Runs in
// the engine worker; written without worker specifics so tests drive it in-process with a fake
// device. The loop renders one device buffer, hands it to the device (whose write paces us),
// then tops up media read-ahead; commands are handled between buffers, so a parameter change
// lands within one buffer.
import type { Session } from '../../sessions/types.js';
import { UserError } from '../../sessions/errors.js';
import type { MixPlan } from '../plan.js';
import { planFromSession } from '../session-plan.js';
import type { OutputDevice } from '../io/output-device.js';
import type { DeviceInfo, EngineCommand, EngineEvent } from './protocol.js';
import type { SharedState } from './shared-state.js';
import { LiveSession, type ParamCommand } from './live-session.js';
import { PassWriter } from './pass-writer.js';
import { TakeRecorder } from './take-writer.js';
import { buildGraph, type Graph } from './graph.js';
import { MeterBank } from './meter-bank.js';
import { fadeInterleaved, interleave, interleaveCrossfade } from './interleave.js';
import { LoopMonitor } from './loop-monitor.js';
import { MonitorStage } from './monitor.js';

/** Frames of the de-click ramp when the transport starts, stops or jumps (≤ 256 by contract). */
export const TRANSPORT_RAMP = 128;
export const DEFAULT_BUFFER_FRAMES = 512;
/** Longest wait for media before starting anyway (underruns are then counted). */
const PRIME_TIMEOUT_MS = 1000;

export type OpenDevice = (query: string | undefined, channels: number, sampleRate: number, bufferFrames: number) => OutputDevice;

export interface PlaybackOptions {
	shared: SharedState;
	emit: (event: EngineEvent) => void;
	openDevice: OpenDevice;
	bufferFrames?: number;
	now?: () => number;
	listDevices?: () => { devices: DeviceInfo[]; reason?: string };
	/** Plans a session (tests may stub media). */
	plan?: (session: Session, file: string) => Promise<MixPlan>;
}


export class Playback {
	private graph: Graph | undefined;
	/** A rebuilt graph waiting for the loop to crossfade to it. */
	private next: { graph: Graph; done: () => void } | undefined;
	private pendingLoad: Extract<EngineCommand, { type: 'load' }> | undefined;
	private loading = false;
	/** Settles when the current run of loads is over (a play sent right after a load waits for it). */
	private loaded: Promise<void> = Promise.resolve();
	private position = 0;
	private loop: { from: number; to: number } | null = null;
	private stopAt: number | null = null;
	private deviceQuery: string | undefined;
	private bufferFrames: number;
	private running: Promise<void> | undefined;
	private stopRequested = false;
	private locateTo: number | undefined;
	private out = Buffer.alloc(0);
	private outF32 = new Float32Array(0);
	private readonly meters: MeterBank;
	private readonly now: () => number;
	private readonly planOf: (session: Session, file: string) => Promise<MixPlan>;
	/** Live print: what the output plays, written as takes. */
	private readonly takes: TakeRecorder;
	/** What the device gets of the mix (the mix, its fold-down, mono); takes and meters keep the mix. */
	private readonly deviceFeed = new MonitorStage();

	constructor(private readonly options: PlaybackOptions) {
		this.takes = new TakeRecorder({ emit: options.emit });
		this.bufferFrames = options.bufferFrames ?? DEFAULT_BUFFER_FRAMES;
		this.now = options.now ?? (() => performance.now());
		this.planOf = options.plan ?? planFromSession;
		this.meters = new MeterBank(options.shared);
	}

	get playing(): boolean {
		return this.running !== undefined && !this.stopRequested;
	}

	/** The session's rate (commands in seconds may arrive before a session is loaded). */
	private get sampleRate(): number {
		return this.graph?.plan.sampleRate ?? 48000;
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
			case 'fill': {
				const n = this.writer?.fill(command.to, this.position) ?? 0;
				this.options.emit({ type: 'notice', message: n > 0 ? `${command.to === 'end' ? 'written to the end' : 'filled back to the punch-in'}: ${n} control${n === 1 ? '' : 's'}` : 'nothing is being written: touch a control in a writing mode first' });
				return;
			}
			case 'touch':
				if (!command.touching) this.writer?.release(command.id, command.param, this.position, command.target);
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
				this.options.emit({ type: 'devices', ...(this.options.listDevices?.() ?? { devices: [] }) });
				return;
			case 'record':
				return this.takes.arm(command.file);
			case 'monitor':
				this.deviceFeed.set(command.mode);
				return;
			case 'close':
				await this.stop();
				await this.takes.close();
				await this.graph?.streams.close();
				this.graph = undefined;
				this.options.emit({ type: 'closed' });
				return;
		}
	}

	/** The engine's copy of the session, which graphs catch up with. */
	private readonly live = new LiveSession();
	/** The automation pass being written, while the transport runs. */
	private writer: PassWriter | undefined;
	private passFrom = 0;
	/** Graphs whose NaN media samples were reported (once each). */
	private readonly saidNonFinite = new WeakSet<object>();

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
		if (this.writer && typeof value === 'number' && this.writer.value(command.id, command.param, value, this.position, kind)) {
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

	/** The audio loop, from play to stop. */
	private async run(start: Graph): Promise<void> {
		const { shared, emit } = this.options;
		const channels = start.plan.channels;
		const sr = start.plan.sampleRate;
		const frames = this.bufferFrames;
		await this.takes.begin(channels, sr, start.session);
		let device: OutputDevice;
		try {
			device = this.options.openDevice(this.deviceQuery, channels, sr, frames);
		} catch (error) {
			this.takes.endPass();
			emit({ type: 'error', message: (error as Error).message });
			return;
		}
		emit({ type: 'device', status: device.status });
		const deviceChannels = device.status.channels;
		if (deviceChannels < 2 || deviceChannels > channels) {
			await device.close();
			this.takes.endPass();
			emit({ type: 'error', message: `audio device ${device.status.name} opened with ${deviceChannels} channels; this master needs ${channels}` });
			return;
		}
		if (deviceChannels < channels) emit({ type: 'notice', message: `${device.status.name} has ${deviceChannels} outputs: it plays the 5.1 master's stereo fold-down (prints and takes stay 5.1)` });
		let deviceError: Error | undefined;
		device.onError((error) => {
			deviceError = error;
		});
		if (this.out.length !== frames * channels * 4) {
			this.out = Buffer.alloc(frames * channels * 4);
			this.outF32 = new Float32Array(this.out.buffer, this.out.byteOffset, frames * channels);
		}
		this.deviceFeed.configure(channels, deviceChannels, sr, frames);
		this.meters.configure(start.plan, frames);
		this.meters.startPass();
		shared.setPlaying(true);
		let primedAt: number | undefined = this.now();
		let fadeIn = true;
		/** The graph's look-ahead must be refilled at the playhead before the next render. */
		let seek = true;
		const monitor = new LoopMonitor(shared, sr, frames, this.now);
		this.startPass(start);
		try {
			for (;;) {
				const g = this.graph!;
				if (deviceError) {
					emit({ type: 'error', message: `audio device ${device.status.name} stopped: ${deviceError.message}` });
					break;
				}
				if (this.stopRequested) {
					// Nothing sounded yet: nothing to fade.
					if (!fadeIn) await this.fadeOut(g, device, frames);
					break;
				}
				if (this.locateTo !== undefined) {
					if (!fadeIn) await this.fadeOut(g, device, frames);
					this.endPass();
					this.position = this.locateTo;
					this.locateTo = undefined;
					this.startPass(g);
					this.meters.startPass();
					primedAt = this.now();
					fadeIn = true;
					seek = true;
					continue;
				}
				if (primedAt !== undefined) {
					// Wait (feeding silence) until media at the playhead is resident.
					const waits = g.streams.schedule(this.position, frames * 4 + g.renderer.latency, undefined, this.loop?.from);
					if (waits.length > 0 && this.now() - primedAt < PRIME_TIMEOUT_MS) {
						this.outF32.fill(0);
						await Promise.race([Promise.all(waits).catch(() => undefined), device.write(this.deviceFeed.output(this.outF32, this.out, frames))]);
						continue;
					}
					primedAt = undefined;
				}
				monitor.renderStarts();
				if (seek) {
					g.renderer.seek(this.position);
					seek = false;
				}
				const ended = this.renderInto(g, frames, true);
				if (fadeIn) {
					fadeInterleaved(this.outF32, channels, 0, TRANSPORT_RAMP, true);
					fadeIn = false;
				}
				this.takes.push(this.outF32, frames);
				monitor.renderEnds();
				shared.setDiskUnderruns(g.streams.underrunFrames());
				shared.publish();
				monitor.beforeWrite();
				await device.write(this.deviceFeed.output(this.outF32, this.out, frames));
				this.takes.drain();
				const nearLoopEnd = this.loop && this.position + g.streams.options.lookahead > this.loop.to ? this.loop.from : undefined;
				g.streams.schedule(this.position, 0, undefined, nearLoopEnd);
				if (g.tally.nonFiniteSamples > 0 && !this.saidNonFinite.has(g.tally)) {
					this.saidNonFinite.add(g.tally);
					emit({ type: 'notice', message: `media has NaN or infinite samples; ${g.tally.nonFiniteSamples} played as silence (dubdesk check names the file)` });
				}
				if (g.streams.error) {
					emit({ type: 'error', message: `media read failed: ${g.streams.error.message}` });
					g.streams.error = undefined;
				}
				if (ended) {
					emit({ type: 'ended', seconds: this.position / sr });
					this.stopRequested = true;
					this.stopAt = null;
					break;
				}
			}
		} finally {
			this.endPass();
			this.takes.endPass();
			await device.close();
			// A graph rebuilt while we stopped takes over without a crossfade.
			const next = this.next;
			if (next) {
				this.next = undefined;
				void this.graph?.streams.close();
				this.graph = next.graph;
				this.meters.configure(next.graph.plan, this.bufferFrames);
				next.done();
			}
		}
	}

	/** A pass starts at the playhead when a track writes automation (not while looping: a loop replays the same stretch). */
	private startPass(g: Graph): void {
		const writes = (a: unknown) => ['touch', 'latch', 'write', 'trim'].includes((a as { mode?: string } | undefined)?.mode ?? '');
		const writing = g.session.tracks.some((t) => writes(t.automation)) || g.session.buses.some((b) => writes(b.automation)) || writes(g.session.master.automation);
		if (!writing || this.loop) return;
		this.writer = new PassWriter(g.renderer, g.session, g.plan.sampleRate, g.tracks, g.buses);
		this.passFrom = this.position;
		this.writer.start(this.position);
	}

	/** Ends the pass at the playhead and sends its lanes to the UI. */
	private endPass(): void {
		const w = this.writer;
		if (!w) return;
		this.writer = undefined;
		const lanes = w.stop(this.position);
		const sr = this.sampleRate;
		if (lanes.length > 0) this.options.emit({ type: 'pass', from: this.passFrom / sr, to: this.position / sr, lanes });
	}

	/** One last buffer at the playhead that fades to silence: stopping or jumping never clicks. */
	private async fadeOut(g: Graph, device: OutputDevice, frames: number): Promise<void> {
		const channels = g.plan.channels;
		this.renderInto(g, frames, false);
		fadeInterleaved(this.outF32, channels, 0, TRANSPORT_RAMP, false);
		this.outF32.fill(0, TRANSPORT_RAMP * channels);
		this.takes.push(this.outF32, TRANSPORT_RAMP);
		await device.write(this.deviceFeed.output(this.outF32, this.out, frames));
	}

	/**
	 * Engine thread. Renders one device buffer at the playhead into `outF32`, following the loop,
	 * the end of the session and stopAt; swaps in a rebuilt graph with a one-buffer crossfade.
	 * Returns true when playback reached its end within this buffer (the rest is silence).
	 */
	private renderInto(g: Graph, frames: number, advance: boolean): boolean {
		const sr = g.plan.sampleRate;
		let done = 0;
		let ended = false;
		let pos = this.position;
		while (done < frames) {
			let n = frames - done;
			const loop = this.loop;
			if (loop && pos < loop.to && pos + n > loop.to) n = loop.to - pos;
			// The end of the last clip plus the reverb tails, as a print without --to.
			const end = this.stopAt ?? (loop && pos < loop.to ? Infinity : g.plan.length + g.plan.tail);
			if (pos + n > end) n = Math.max(0, end - pos);
			if (n === 0) {
				if (loop && pos === loop.to && advance) {
					pos = loop.from;
					this.wrap(g, pos);
					continue;
				}
				this.outF32.fill(0, done * g.plan.channels);
				ended = true;
				break;
			}
			this.renderSegment(g, pos, n, done);
			done += n;
			pos += n;
			if (loop && pos === loop.to && advance) {
				pos = loop.from;
				this.wrap(g, pos);
			}
		}
		if (advance) {
			this.position = pos;
			this.options.shared.setPosition(pos, sr);
		}
		return ended;
	}

	/** The playhead jumps back to the loop start: streams swap windows, strips restart there. */
	private wrap(g: Graph, pos: number): void {
		g.streams.wrap();
		g.renderer.seek(pos);
	}

	private renderSegment(g: Graph, start: number, n: number, outOffset: number): void {
		this.takes.segment(start, n);
		g.renderer.render(start, n);
		const next = this.next;
		// Swap only when the new graph has this buffer's media (the playhead may have moved on
		// since it was filled); until then the old graph plays and the new one catches up.
		if (!next || next.graph.streams.schedule(start, n + next.graph.renderer.latency).length > 0) {
			interleave(g.renderer.master, n, this.outF32, outOffset);
			this.meters.afterBlock(g.renderer, n);
			return;
		}
		// Crossfade old → new over this segment, then the new graph owns the playhead.
		const r = next.graph.renderer;
		// A pass being written goes on in the new graph from this very buffer.
		this.writer?.retarget(r, next.graph.tracks, next.graph.buses);
		r.seek(start);
		r.render(start, n);
		interleaveCrossfade(g.renderer.master, r.master, n, this.outF32, outOffset);
		this.next = undefined;
		this.graph = next.graph;
		this.meters.configure(next.graph.plan, this.bufferFrames);
		void g.streams.close();
		next.done();
		this.meters.afterBlock(r, n);
	}
}
