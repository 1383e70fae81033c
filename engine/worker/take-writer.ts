// Live print: what the output plays, written as takes. The audio loop copies each buffer it hands
// the device into a ring allocated before the pass (never per buffer); a writer on the same
// thread drains the ring into a WAV between buffers with async writes. A take is one unbroken
// stretch of the timeline: play to stop, cut where a locate or a loop wrap moves the playhead, so
// every take is a print of its own range, stamped with its timecode. A disk that falls behind
// never stalls the loop: a buffer that does not fit is dropped, counted, and written as silence
// so the rest of the take stays on its timecode.
import { unlink } from 'node:fs/promises';
import { MediaError } from '../../sessions/errors.js';
import { parseTimecode } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import { WavWriter } from '../media/wav-writer.js';
import type { EngineEvent } from './protocol.js';
import { freeIndex, placeTake, stagingPath, takeName } from './take-files.js';

/** Seconds of output the ring holds: how long the disk may stall before a take loses audio. */
export const RING_SECONDS = 8;
/** Frames per write to the file: a bounded slice of work between two device buffers. */
const CHUNK_FRAMES = 4096;
/** Markers (take starts and ends, gaps) waiting for the writer. */
const MAX_MARKERS = 1024;
/** Takes started within one device buffer at most; a loop far shorter than a buffer is cut no further. */
const MAX_CUTS = 8;
const GAP = 1;
const START = 2;
const END = 3;

interface Take {
	/** The name it is meant to get (the first free one when it started). */
	name: string;
	index: number;
	base: string;
	/** Written here (atomically, by WavWriter), then linked under its name at the end. */
	staging: string;
	writer: WavWriter | undefined;
	frames: number;
	dropped: number;
}

export interface TakeRecorderOptions {
	emit: (event: EngineEvent) => void;
	/** Frames the ring holds (default RING_SECONDS at the pass's rate); tests make it small. */
	ringFrames?: number;
}

export class TakeRecorder {
	/** The armed take file, or null. */
	private file: string | null = null;
	private lastFile = '';
	/** The next take of `lastFile` is at least this index (takes stay in order). */
	private index = 1;
	private channels = 0;
	private sampleRate = 0;
	/** BWF time reference of timeline position 0 (session start, samples since midnight). */
	private origin = 0;
	private inPass = false;

	// Audio side: the ring (interleaved float32) and where the takes start in the stream.
	private ring = new Float32Array(0);
	private capacity = 0;
	private fill = 0;
	/** Sample (not frame) indices into the ring. */
	private writeAt = 0;
	private readAt = 0;
	/** Frames entered so far, data and gaps: the positions markers refer to. */
	private stream = 0;
	/** A queue of (kind, stream position, a gap's frames or a take's BWF time reference). */
	private readonly markers = new Float64Array(MAX_MARKERS * 3);
	private markerHead = 0;
	private markerTail = 0;
	/** Timeline position that continues the open take; -1 when none is open. */
	private next = -1;
	/** The current buffer's rendered frames, and where in it new takes start (offset, position). */
	private pending = 0;
	// Offsets as int32, so no double crosses the copy call (V8 would box it).
	private readonly cutOffsets = new Int32Array(MAX_CUTS);
	private readonly cutStarts = new Float64Array(MAX_CUTS);
	private cutCount = 0;

	// Writer side.
	private pumping: Promise<void> | undefined;
	/** Stream position the writer has reached. */
	private at = 0;
	private take: Take | undefined;
	private planar: Float32Array[] = [];
	private zeros: Float32Array[] = [];

	constructor(private readonly options: TakeRecorderOptions) {}

	/**
	 * Engine thread, between buffers. Arms `file` (every pass becomes takes FILE.wav, FILE-2.wav …,
	 * never over an existing file) or disarms (null): the take in progress ends here. Answers with
	 * a `recording` event; a disarm answers once every take is on disk.
	 */
	async arm(file: string | null): Promise<void> {
		const { emit } = this.options;
		if (file === this.file) {
			if (file === null) await this.idle();
			emit({ type: 'recording', file });
			return;
		}
		// A take open under the old name ends where it is.
		this.endTake();
		if (file === null) {
			this.file = null;
			this.drain();
			await this.idle();
			if (this.file !== null) return;
			// Disarmed, the ring's memory goes back (up to 9 MB for 5.1).
			this.ring = new Float32Array(0);
			this.capacity = 0;
			emit({ type: 'recording', file: null });
			return;
		}
		if (file !== this.lastFile) this.index = 1;
		this.lastFile = file;
		if (this.inPass) await this.allocate();
		this.file = file;
		emit({ type: 'recording', file });
	}

	/** Engine thread, as a pass starts (before its first buffer): the output's format and timecode. */
	async begin(channels: number, sampleRate: number, session: Pick<Session, 'start' | 'frameRate'>): Promise<void> {
		this.origin = Math.round(parseTimecode(session.start, session.frameRate) * sampleRate);
		if (channels !== this.channels || sampleRate !== this.sampleRate) {
			// The last pass's takes were in the old format: they finish first.
			await this.idle();
			this.channels = channels;
			this.sampleRate = sampleRate;
			this.capacity = 0;
		}
		this.inPass = true;
		this.next = -1;
		if (this.file !== null) await this.allocate();
	}

	/** Engine thread, when a pass ends: its take ends at what was last pushed. */
	endPass(): void {
		this.inPass = false;
		this.endTake();
		this.drain();
	}

	/** Stops recording and waits until every take is on disk (the engine is closing). */
	async close(): Promise<void> {
		this.endTake();
		this.file = null;
		this.drain();
		await this.idle();
	}

	/**
	 * Engine thread, per rendered segment of a buffer (audio path: no allocation): `n` frames
	 * from timeline position `start`. A segment that does not continue the take starts a new one.
	 */
	segment(start: number, n: number): void {
		if (this.file === null) return;
		if (start !== this.next && this.cutCount < MAX_CUTS) {
			this.cutOffsets[this.cutCount] = this.pending;
			this.cutStarts[this.cutCount] = start;
			this.cutCount++;
		}
		this.pending += n;
		this.next = start + n;
	}

	/**
	 * Engine thread, per buffer, after the transport's fades (audio path: no allocation, no I/O):
	 * the buffer's rendered frames, at most `limit` (a fade-out keeps its ramp only), as heard.
	 * A buffer the ring cannot take is dropped and becomes silence in the take.
	 */
	push(out: Float32Array, limit: number): void {
		const pending = this.pending;
		const frames = pending < limit ? pending : limit;
		const cuts = this.cutCount;
		this.pending = 0;
		this.cutCount = 0;
		if (this.file === null || frames === 0) return;
		if (frames < pending) this.next -= pending - frames;
		const fits = frames <= this.capacity - this.fill;
		let from = 0;
		for (let k = 0; k <= cuts; k++) {
			const cut = k < cuts ? this.cutOffsets[k]! : frames;
			const to = cut < frames ? cut : frames;
			if (to > from) {
				if (fits) this.copyIn(out, from, to);
				else this.gap(to - from);
			}
			if (k < cuts && cut < frames) this.mark(START, this.origin + this.cutStarts[k]!);
			from = to;
		}
	}

	/** Engine thread, between buffers: lets the writer take what the ring holds. */
	drain(): void {
		if (this.pumping || !this.hasWork()) return;
		this.pumping = this.pump().finally(() => (this.pumping = undefined));
	}

	private endTake(): void {
		if (this.next >= 0) this.mark(END, 0);
		this.next = -1;
	}

	private async allocate(): Promise<void> {
		const capacity = this.options.ringFrames ?? RING_SECONDS * this.sampleRate;
		if (this.capacity === capacity && this.ring.length === capacity * this.channels) return;
		await this.idle();
		this.ring = new Float32Array(capacity * this.channels);
		this.capacity = capacity;
		this.fill = this.writeAt = this.readAt = 0;
		this.planar = Array.from({ length: this.channels }, () => new Float32Array(CHUNK_FRAMES));
		const zero = new Float32Array(CHUNK_FRAMES);
		this.zeros = Array.from({ length: this.channels }, () => zero);
	}

	private copyIn(out: Float32Array, from: number, to: number): void {
		const ch = this.channels;
		const ring = this.ring;
		const end = this.capacity * ch;
		let w = this.writeAt;
		for (let i = from * ch, e = to * ch; i < e; i++) {
			ring[w] = out[i]!;
			if (++w === end) w = 0;
		}
		this.writeAt = w;
		this.fill += to - from;
		this.stream += to - from;
	}

	private gap(frames: number): void {
		const last = this.markerTail - 1;
		if (last >= this.markerHead) {
			// A run of dropped buffers is one gap.
			const p = (last % MAX_MARKERS) * 3;
			if (this.markers[p] === GAP && this.markers[p + 1]! + this.markers[p + 2]! === this.stream) {
				this.markers[p + 2]! += frames;
				this.stream += frames;
				return;
			}
		}
		// Without room for the marker the frames are left out of the take.
		if (this.mark(GAP, frames)) this.stream += frames;
	}

	/** A marker at the current stream position (dropped when the writer is 1024 markers behind). */
	private mark(kind: number, value: number): boolean {
		if (this.markerTail - this.markerHead === MAX_MARKERS) return false;
		const p = (this.markerTail % MAX_MARKERS) * 3;
		this.markers[p] = kind;
		this.markers[p + 1] = this.stream;
		this.markers[p + 2] = value;
		this.markerTail++;
		return true;
	}

	private hasWork(): boolean {
		return this.fill > 0 || this.markerHead < this.markerTail;
	}

	/** Resolves when the writer has nothing left to do (and no take is left open). */
	private async idle(): Promise<void> {
		while (this.pumping || this.hasWork()) {
			this.drain();
			await this.pumping;
		}
		// An end marker lost to a full queue: the take still ends.
		if (this.next < 0 && this.take) await this.finishTake();
	}

	/** The writer: markers and ring contents in stream order, one bounded write at a time. */
	private async pump(): Promise<void> {
		for (;;) {
			const head = this.markerHead < this.markerTail ? (this.markerHead % MAX_MARKERS) * 3 : -1;
			if (head >= 0 && this.markers[head + 1] === this.at) {
				const kind = this.markers[head];
				const value = this.markers[head + 2]!;
				this.markerHead++;
				if (kind === START) {
					await this.finishTake();
					await this.openTake(value);
				} else if (kind === END) await this.finishTake();
				else await this.writeGap(value);
				continue;
			}
			const limit = head >= 0 ? this.markers[head + 1]! - this.at : CHUNK_FRAMES;
			const n = Math.min(this.fill, limit, CHUNK_FRAMES);
			if (n <= 0) {
				// Only a marker lost to a full queue leaves one ahead of an empty ring: catch up to it.
				if (head >= 0 && this.fill === 0) {
					this.at = this.markers[head + 1]!;
					continue;
				}
				return;
			}
			this.copyOut(n);
			this.at += n;
			await this.write(this.planar, n);
		}
	}

	/** Ring → planar scratch; the ring space is free again at once. */
	private copyOut(n: number): void {
		const ch = this.channels;
		const ring = this.ring;
		const end = this.capacity * ch;
		let r = this.readAt;
		for (let i = 0; i < n; i++) {
			for (let c = 0; c < ch; c++) this.planar[c]![i] = ring[r + c]!;
			r += ch;
			if (r === end) r = 0;
		}
		this.readAt = r;
		this.fill -= n;
	}

	private async write(planar: Float32Array[], n: number): Promise<void> {
		const take = this.take;
		if (!take?.writer) return;
		try {
			await take.writer.write(planar, n);
			take.frames += n;
		} catch (error) {
			this.fail(take, error);
		}
	}

	private async writeGap(frames: number): Promise<void> {
		const take = this.take;
		if (!take?.writer) return;
		if (take.dropped === 0) {
			this.options.emit({ type: 'notice', message: `take ${take.name}: the disk fell behind, so audio is lost (written as silence, to keep the timecode)` });
		}
		take.dropped += frames;
		for (let left = frames; left > 0; left -= CHUNK_FRAMES) await this.write(this.zeros, Math.min(left, CHUNK_FRAMES));
	}

	/** A take from `timeReference` (samples since midnight) on. */
	private async openTake(timeReference: number): Promise<void> {
		const base = this.lastFile;
		const index = await freeIndex(base, this.index);
		this.index = index + 1;
		const name = takeName(base, index);
		const take: Take = { name, index, base, staging: stagingPath(name), writer: undefined, frames: 0, dropped: 0 };
		this.take = take;
		try {
			take.writer = await WavWriter.create(take.staging, {
				channels: this.channels,
				sampleRate: this.sampleRate,
				bitDepth: '32f',
				channelMask: this.channels === 6 ? 0x3f : 0x3,
				timeReference,
			});
		} catch (error) {
			this.fail(take, error);
		}
	}

	/** The take's file is complete: it appears under the first free name, or not at all. */
	private async finishTake(): Promise<void> {
		const take = this.take;
		this.take = undefined;
		if (!take?.writer) return;
		const writer = take.writer;
		take.writer = undefined;
		try {
			await writer.finish();
			const file = await placeTake(take.staging, take.base, take.index);
			this.options.emit({ type: 'take', file, seconds: take.frames / this.sampleRate, dropped: take.dropped });
		} catch (error) {
			await writer.abort();
			await unlink(take.staging).catch(() => undefined);
			this.fail(take, error);
		}
	}

	/** One line naming the take; the rest of it is discarded (its temporary file removed). */
	private fail(take: Take, error: unknown): void {
		const writer = take.writer;
		take.writer = undefined;
		void writer?.abort();
		const problem = error instanceof MediaError ? error.problem : (error as Error).message;
		this.options.emit({ type: 'error', message: `take ${take.name}: ${problem}` });
	}
}
