// The monitor: what the output device gets from the master, without touching the mix. The mix
// itself (its meters, loudness, prints and takes) is always the master as mixed; only the device
// feed changes. Three positions:
//
//   mix    the master as it is (2 or 6 channels)
//   fold   a 5.1 master's stereo fold-down, ITU-R BS.775 as the 5.1 → stereo pan uses it:
//          L' = L + 0.7071·C + 0.7071·Ls, R' = R + 0.7071·C + 0.7071·Rs, LFE dropped
//   mono   the fold-down summed: M = (L' + R') / 2 (of a stereo master: (L + R) / 2), on L and R;
//          halving keeps a centred (L = R) source at the level it has in stereo
//
// A 5.1 master on a device with fewer than six outputs plays its fold-down in the mix position.
// A switch moves from one matrix to the next over 10 ms (linear), so it never clicks.
// Engine thread; configure allocates, everything else does not.

/** The monitor positions. */
export type MonitorMode = 'mix' | 'fold' | 'mono';

export const MONITOR_MODES: readonly MonitorMode[] = ['mix', 'fold', 'mono'];

/** The crossfade between two monitor positions, seconds. */
export const MONITOR_RAMP_SECONDS = 0.01;

const FOLD = Math.SQRT1_2;
/** 5.1 channel order: L R C LFE Ls Rs. */
const L = 0;
const R = 1;
const C = 2;
const LS = 4;
const RS = 5;

/** The position a device really plays: the mix of a 5.1 master on a stereo device is its fold-down; a stereo master has no fold-down. */
export function effectiveMonitor(mode: MonitorMode, mixChannels: number, deviceChannels: number): MonitorMode {
	if (mixChannels === 6 && mode === 'mix' && deviceChannels < 6) return 'fold';
	if (mixChannels !== 6 && mode === 'fold') return 'mix';
	return mode;
}

/**
 * The positions a monitor key steps through, in order: 5.1 on a 5.1 device mix → fold → mono,
 * 5.1 on a stereo device fold ↔ mono (its mix is the fold-down), stereo mix ↔ mono.
 */
export function monitorCycle(mixChannels: number, deviceChannels: number): MonitorMode[] {
	if (mixChannels !== 6) return ['mix', 'mono'];
	return deviceChannels < 6 ? ['fold', 'mono'] : ['mix', 'fold', 'mono'];
}

/** Writes the matrix of `mode` into m (row-major: m[out · mixChannels + in]). */
export function monitorMatrix(mode: MonitorMode, mixChannels: number, deviceChannels: number, m: Float64Array): void {
	m.fill(0);
	const e = effectiveMonitor(mode, mixChannels, deviceChannels);
	const w = mixChannels;
	if (e === 'mix') {
		for (let c = 0; c < Math.min(mixChannels, deviceChannels); c++) m[c * w + c] = 1;
		return;
	}
	for (let j = 0; j < w; j++) {
		const left = e === 'mono' ? (foldGain(0, j, w) + foldGain(1, j, w)) / 2 : foldGain(0, j, w);
		const right = e === 'mono' ? left : foldGain(1, j, w);
		m[j] = left;
		if (deviceChannels > 1) m[w + j] = right;
	}
}

/** The fold-down's gain from mix channel j into side 0 (left) or 1 (right); a stereo master is its own fold-down. */
function foldGain(side: 0 | 1, j: number, w: number): number {
	if (w !== 6) return j === side ? 1 : 0;
	if (j === C) return FOLD;
	if (side === 0) return j === L ? 1 : j === LS ? FOLD : 0;
	return j === R ? 1 : j === RS ? FOLD : 0;
}

export class MonitorStage {
	private mode: MonitorMode = 'mix';
	private mixChannels = 2;
	private deviceChannels = 2;
	private rampFrames = 480;
	/** The matrix playing, and during a switch the one it started from and the one it goes to. */
	private readonly from = new Float64Array(36);
	private readonly to = new Float64Array(36);
	private readonly scratch = new Float64Array(36);
	/** Device channels with any gain in `from` or `to` (the others are silent: no work). */
	private readonly rowLive = new Uint8Array(6);
	/** Frames into the switch; ≥ rampFrames when steady. */
	private rampAt = 0;
	private passthrough = true;
	/** A switch is under way (settles into `to` when its ramp ends). */
	private switching = false;
	private out = Buffer.alloc(0);
	private outF32 = new Float32Array(0);

	/** The position asked for (the device may play another: effectiveMonitor). */
	get position(): MonitorMode {
		return this.mode;
	}

	/** Engine thread, before a run: the mix and device widths. Allocates; the position holds, with no ramp. */
	configure(mixChannels: number, deviceChannels: number, sampleRate: number, frames: number): void {
		this.mixChannels = mixChannels;
		this.deviceChannels = deviceChannels;
		this.rampFrames = Math.max(1, Math.round(MONITOR_RAMP_SECONDS * sampleRate));
		if (this.out.length !== frames * deviceChannels * 4) {
			this.out = Buffer.alloc(frames * deviceChannels * 4);
			this.outF32 = new Float32Array(this.out.buffer, this.out.byteOffset, frames * deviceChannels);
		}
		monitorMatrix(this.mode, mixChannels, deviceChannels, this.to);
		this.from.set(this.to);
		this.rampAt = this.rampFrames;
		this.switching = false;
		this.passthrough = this.isIdentity();
		this.markRows();
	}

	/** Engine thread, between buffers: a new position, reached over MONITOR_RAMP_SECONDS from wherever the output is now. */
	set(mode: MonitorMode): void {
		if (mode === this.mode) return;
		this.mode = mode;
		// From the matrix sounding right now (a switch may interrupt a switch).
		this.current(this.scratch);
		this.from.set(this.scratch);
		monitorMatrix(mode, this.mixChannels, this.deviceChannels, this.to);
		this.rampAt = 0;
		this.switching = true;
		this.passthrough = false;
		this.markRows();
	}

	/**
	 * Engine thread, per buffer: the device's block for the whole buffer of interleaved mix frames
	 * in `mix` (whose bytes are `mixBuffer`, `frames` long): that very buffer when the device plays
	 * the mix as it is, otherwise the monitor's own. Never allocates.
	 */
	output(mix: Float32Array, mixBuffer: Buffer, frames: number): Buffer {
		if (this.passthrough) return mixBuffer;
		const w = this.mixChannels;
		const d = this.deviceChannels;
		const out = this.outF32;
		const from = this.from;
		const to = this.to;
		for (let i = 0; i < frames; i++) {
			// Steady: the target matrix; during a switch, the blend at this frame.
			const ramping = this.rampAt < this.rampFrames;
			const x = ramping ? (this.rampAt + 1) / this.rampFrames : 1;
			if (ramping) this.rampAt++;
			const at = i * w;
			for (let c = 0; c < d; c++) {
				let v = 0;
				const row = c * w;
				if (this.rowLive[c] === 0) {
					out[i * d + c] = 0;
					continue;
				}
				for (let j = 0; j < w; j++) {
					const b = to[row + j]!;
					const a = ramping ? from[row + j]! : b;
					const g = a + (b - a) * x;
					// Zero gains are skipped, so a dropped channel (the LFE) cannot leak a NaN.
					if (g !== 0) v += g * mix[at + j]!;
				}
				out[i * d + c] = v;
			}
		}
		if (this.switching && this.rampAt >= this.rampFrames) {
			this.switching = false;
			this.from.set(this.to);
			this.passthrough = this.isIdentity();
			this.markRows();
		}
		return this.out;
	}

	/** The matrix sounding now into m. */
	private current(m: Float64Array): void {
		const x = this.rampAt >= this.rampFrames ? 1 : this.rampAt / this.rampFrames;
		for (let k = 0; k < m.length; k++) m[k] = this.from[k]! + (this.to[k]! - this.from[k]!) * x;
	}

	private markRows(): void {
		const w = this.mixChannels;
		for (let c = 0; c < this.rowLive.length; c++) {
			let live = 0;
			for (let j = 0; j < w && c < this.deviceChannels; j++) if (this.from[c * w + j] !== 0 || this.to[c * w + j] !== 0) live = 1;
			this.rowLive[c] = live;
		}
	}

	private isIdentity(): boolean {
		if (this.mixChannels !== this.deviceChannels) return false;
		const w = this.mixChannels;
		for (let c = 0; c < w; c++) for (let j = 0; j < w; j++) if (this.to[c * w + j] !== (c === j ? 1 : 0)) return false;
		return true;
	}
}
