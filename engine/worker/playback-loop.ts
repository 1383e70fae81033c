// The loop of real-time playback, from play to stop: it renders one device buffer (following
// the loop range, the end of the session and stopAt), fades the transport in and out, hands the
// buffer to the takes and to the device (whose write paces it), then tops up media read-ahead.
// A start or a locate keeps the device fed: one faded buffer of the old position, silence while
// the read-ahead fills and the strips' look-ahead pre-rolls (a block per buffer), then a fade-in
// at the new position. Every buffer the device gets, silence included, is counted by the loop
// monitor, so that gap is never taken for an underflow. A graph rebuilt while it runs takes over
// with a one-buffer crossfade. The commands that start and steer it are in playback.ts. Engine
// thread; per buffer nothing here allocates.
import type { EngineEvent } from './protocol.js';
import type { SharedState } from './shared-state.js';
import type { OutputDevice } from '../io/output-device.js';
import type { Graph } from './graph.js';
import { PassHooks } from './pass-hooks.js';
import { MeterBank } from './meter-bank.js';
import { fadeInterleaved, interleave, interleaveCrossfade } from './interleave.js';
import { LoopMonitor } from './loop-monitor.js';
import { OutputStage, type OpenDevice } from './output-stage.js';

/** Frames of the de-click ramp when the transport starts, stops or jumps (≤ 256 by contract). */
export const TRANSPORT_RAMP = 128;
export const DEFAULT_BUFFER_FRAMES = 512;
/** Longest wait for media before starting anyway (underruns are then counted). */
const PRIME_TIMEOUT_MS = 1000;

/** What the loop needs from its host: shared memory, an event sink, a device opener. */
export interface LoopOptions {
	shared: SharedState;
	emit: (event: EngineEvent) => void;
	openDevice: OpenDevice;
	bufferFrames?: number;
	now?: () => number;
}

export abstract class PlaybackLoop {
	protected graph: Graph | undefined;
	/** A rebuilt graph waiting for the loop to crossfade to it. */
	protected next: { graph: Graph; done: () => void } | undefined;
	protected position = 0;
	protected loop: { from: number; to: number } | null = null;
	protected stopAt: number | null = null;
	protected deviceQuery: string | undefined;
	protected bufferFrames: number;
	protected running: Promise<void> | undefined;
	protected stopRequested = false;
	protected locateTo: number | undefined;
	protected readonly meters: MeterBank;
	private readonly now: () => number;
	/** Takes and the automation pass (pass-hooks.ts). */
	protected readonly hooks: PassHooks;
	/** The device, the buffer the loop renders into and the monitor stage (output-stage.ts). */
	protected readonly output: OutputStage;
	/** Graphs whose NaN media samples were reported (once each). */
	private readonly saidNonFinite = new WeakSet<object>();
	/** The current run's load and underflow accounting (every device write goes through it). */
	private monitor: LoopMonitor | undefined;

	constructor(protected readonly options: LoopOptions) {
		this.hooks = new PassHooks(options.emit);
		this.output = new OutputStage(options.emit);
		this.bufferFrames = options.bufferFrames ?? DEFAULT_BUFFER_FRAMES;
		this.now = options.now ?? (() => performance.now());
		this.meters = new MeterBank(options.shared);
	}

	get playing(): boolean {
		return this.running !== undefined && !this.stopRequested;
	}

	/** The session's rate (commands in seconds may arrive before a session is loaded). */
	protected get sampleRate(): number {
		return this.graph?.plan.sampleRate ?? 48000;
	}

	/** The audio loop, from play to stop. */
	protected async run(start: Graph): Promise<void> {
		const { shared, emit } = this.options;
		const channels = start.plan.channels;
		const sr = start.plan.sampleRate;
		const frames = this.bufferFrames;
		const { takes } = this.hooks;
		const output = this.output;
		await takes.begin(channels, sr, start.session);
		const opened = output.open(this.options.openDevice, this.deviceQuery, channels, sr, frames);
		if (opened.problem !== undefined) {
			if (opened.device) await opened.device.close();
			takes.endPass();
			emit({ type: 'error', message: opened.problem });
			return;
		}
		const device = opened.device;
		let deviceError: Error | undefined;
		device.onError((error) => {
			deviceError = error;
		});
		this.meters.configure(start.plan, frames);
		this.meters.startPass();
		shared.setPlaying(true);
		let primedAt: number | undefined = this.now();
		let fadeIn = true;
		/** The renderer seeks to the playhead before the next heard block (preroll()). */
		let seeking = true;
		/** Frames of its look-ahead pre-rolled so far; -1 before the reset. */
		let prerolled = -1;
		const monitor = new LoopMonitor(shared, sr, frames, this.now);
		this.monitor = monitor;
		this.hooks.startPass(start, this.position, this.loop !== null);
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
					this.hooks.endPass(this.position, this.sampleRate);
					this.position = this.locateTo;
					this.locateTo = undefined;
					this.hooks.startPass(g, this.position, this.loop !== null);
					this.meters.startPass();
					primedAt = this.now();
					fadeIn = true;
					seeking = true;
					prerolled = -1;
					continue;
				}
				if (primedAt !== undefined) {
					// Wait (feeding silence) until media at the playhead is resident.
					const waits = g.streams.schedule(this.position, frames * 4 + g.renderer.latency, undefined, this.loop?.from);
					if (waits.length > 0 && this.now() - primedAt < PRIME_TIMEOUT_MS) {
						output.mix.fill(0);
						await Promise.race([Promise.all(waits).catch(() => undefined), this.write(device, frames)]);
						continue;
					}
					primedAt = undefined;
				}
				monitor.renderStarts();
				if (seeking) {
					prerolled = this.preroll(g, prerolled);
					if (prerolled < g.renderer.latency) {
						// More look-ahead than one block: the rest pre-rolls under the next silent buffers.
						monitor.renderEnds();
						output.mix.fill(0);
						await this.write(device, frames);
						continue;
					}
					seeking = false;
				}
				const ended = this.renderInto(g, frames, true);
				if (fadeIn) {
					fadeInterleaved(output.mix, channels, 0, TRANSPORT_RAMP, true);
					fadeIn = false;
				}
				takes.push(output.mix, frames);
				monitor.renderEnds();
				shared.setDiskUnderruns(g.streams.underrunFrames());
				shared.publish();
				await this.write(device, frames);
				takes.drain();
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
			this.monitor = undefined;
			this.hooks.endPass(this.position, this.sampleRate);
			takes.endPass();
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

	/** Engine thread, per buffer: every block the device gets goes here, so the monitor counts it. */
	private write(device: OutputDevice, frames: number): Promise<void> {
		this.monitor?.beforeWrite();
		return this.output.write(device, frames);
	}

	/**
	 * Engine thread. renderer.seek() at the playhead a block per buffer (seekStep), so a long
	 * look-ahead never renders in one buffer; the last block goes with the first heard block.
	 */
	private preroll(g: Graph, done: number): number {
		return g.renderer.seekStep(this.position, done);
	}

	/** One last buffer at the playhead that fades to silence: stopping or jumping never clicks. */
	private async fadeOut(g: Graph, device: OutputDevice, frames: number): Promise<void> {
		const channels = g.plan.channels;
		const mix = this.output.mix;
		this.renderInto(g, frames, false);
		fadeInterleaved(mix, channels, 0, TRANSPORT_RAMP, false);
		mix.fill(0, TRANSPORT_RAMP * channels);
		this.hooks.takes.push(mix, TRANSPORT_RAMP);
		await this.write(device, frames);
	}

	/**
	 * Engine thread. Renders one device buffer at the playhead into the output's mix, following
	 * the loop, the end of the session and stopAt; swaps in a rebuilt graph with a one-buffer
	 * crossfade.
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
				this.output.mix.fill(0, done * g.plan.channels);
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
		this.hooks.takes.segment(start, n);
		g.renderer.render(start, n);
		const next = this.next;
		// Swap only when the new graph has this buffer's media (the playhead may have moved on
		// since it was filled); until then the old graph plays and the new one catches up.
		if (!next || next.graph.streams.schedule(start, n + next.graph.renderer.latency).length > 0) {
			interleave(g.renderer.master, n, this.output.mix, outOffset);
			this.meters.afterBlock(g.renderer, n);
			return;
		}
		// Crossfade old → new over this segment, then the new graph owns the playhead.
		const r = next.graph.renderer;
		// A pass being written goes on in the new graph from this very buffer.
		this.hooks.retarget(next.graph);
		r.seek(start);
		r.render(start, n);
		interleaveCrossfade(g.renderer.master, r.master, n, this.output.mix, outOffset);
		this.next = undefined;
		this.graph = next.graph;
		this.meters.configure(next.graph.plan, this.bufferFrames);
		void g.streams.close();
		next.done();
		this.meters.afterBlock(r, n);
	}
}
