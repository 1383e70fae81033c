// Messages between the UI (main thread) and the engine worker. Commands are small and typed;
// per-frame values (meters, position) never travel as messages: see shared-state.ts.
import type { Session } from '../../sessions/types.js';

import type { ParamValue } from '../../sessions/params.js';
import type { WrittenLane } from './pass-writer.js';
import type { MonitorMode } from './monitor.js';

/**
 * Which parameter of a track, bus or the master a `param` command sets: 'gain', 'pan', 'mute',
 * 'solo', 'polarity', or a strip path such as 'strip.eq.1.gain' (sessions/params.ts).
 */
export type ParamName = string;

export type EngineCommand =
	/** Replace the session. The engine applies parameter-only differences live and swaps the graph otherwise, without a gap. */
	| { type: 'load'; session: Session; sessionFile: string }
	| { type: 'play' }
	| { type: 'stop' }
	/** Seconds on the session timeline. */
	| { type: 'locate'; seconds: number }
	/** Loop range in seconds, or null for no loop. */
	| { type: 'loop'; range: { from: number; to: number } | null }
	/**
	 * A live parameter change (a key, a surface, a typed value): applied within one device buffer,
	 * de-clicked, and kept in the engine's copy of the session so a graph being rebuilt gets it too.
	 */
	| { type: 'param'; target: 'track' | 'bus' | 'master'; id: string; param: ParamName; value: ParamValue }
	/**
	 * A control touched or released (a surface's touch sensor, the keyboard's idle release).
	 * While the transport runs, a released control in touch mode glides back to its lane.
	 */
	| { type: 'touch'; target: 'track' | 'bus' | 'master'; id: string; param: ParamName; touching: boolean }
	/**
	 * While a pass writes: every control being touched holds its value to the end of its lane
	 * ('end'), or also back to where it was first touched ('punch').
	 */
	| { type: 'fill'; to: 'end' | 'punch' }
	/** Open (or reopen) the output device: id or name; undefined for the default. */
	| { type: 'device'; device?: string; bufferFrames?: number }
	/** Stop the transport at this position (headless play --duration); seconds, or null to clear. */
	| { type: 'stopAt'; seconds: number | null }
	/** List output devices (answered by a `devices` event). */
	| { type: 'devices' }
	/**
	 * Live print: every pass (play to stop) is recorded as takes FILE.wav, FILE-2.wav …, never over
	 * an existing file; null disarms (a take in progress ends there). Answered by `recording`.
	 */
	| { type: 'record'; file: string | null }
	/**
	 * What the device plays of the master: the mix, a 5.1 master's stereo fold-down, or mono
	 * (engine/worker/monitor.ts). The mix, its meters, prints and takes never change.
	 */
	| { type: 'monitor'; mode: MonitorMode }
	| { type: 'close' };

export type { DeviceInfo, DeviceStatus } from '../io/device-types.js';
import type { DeviceInfo, DeviceStatus } from '../io/device-types.js';

export type EngineEvent =
	| { type: 'ready' }
	/** A session was (re)loaded: names in meter order. */
	| { type: 'loaded'; lengthSeconds: number; tracks: string[]; buses: string[]; warnings: string[] }
	| { type: 'device'; status: DeviceStatus }
	| { type: 'transport'; playing: boolean; seconds: number }
	/** The transport stopped by itself at the end of the session or at stopAt. */
	| { type: 'ended'; seconds: number }
	/**
	 * An automation pass ended (the transport stopped, or jumped): the lanes it wrote, whole,
	 * exactly as they were played; the UI makes them one undo step.
	 */
	| { type: 'pass'; from: number; to: number; lanes: WrittenLane[] }
	/** Something the user should know that does not stop anything (said once). */
	| { type: 'notice'; message: string }
	/** fatal: the engine cannot continue (the UI keeps running and says so). */
	| { type: 'error'; message: string; fatal?: boolean }
	/** Live print armed (the take file), or disarmed (null) once every take in progress is on disk. */
	| { type: 'recording'; file: string | null }
	/** A take is on disk: its file, its length in seconds, and frames a slow disk lost (silence in their place). */
	| { type: 'take'; file: string; seconds: number; dropped: number }
	/** Output devices; `reason` says why native audio is unavailable when it is. */
	| { type: 'devices'; devices: DeviceInfo[]; reason?: string }
	| { type: 'closed' };

/** How the UI sends commands: a function it is given, so tests capture them in an array. */
export type SendCommand = (command: EngineCommand) => void;
