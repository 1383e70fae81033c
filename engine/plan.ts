// The pure step from a session to what the renderer runs: every time resolved to samples,
// every route to an index, every clip checked against its media. Nothing here touches audio.
import path from 'node:path';
import type { MasterFormat, Session } from '../sessions/types.js';
import { MediaError, ProblemList, SessionError, type UserError } from '../sessions/errors.js';
import { timeToSeconds } from '../sessions/time.js';
import { faderWarnings } from '../sessions/edit-util.js';
import { isPlaced, placeClip, type Placement, type PlacementProblem } from '../sessions/placement.js';
import type { MediaInfo } from './media/types.js';
import { mediaWarnings, noAudioProblem } from './media/wav-header.js';
import { resampledFrames, resampleProblem } from './media/resample.js';
import { CHANNELS, clipChannelMap, trackFormatFor, type TrackFormat } from './dsp/pan.js';
import { GAIN_FLOOR_DB, makeLane, type Lane } from './dsp/automation.js';
import { secondsToSamples } from './units.js';
import { irProblem } from './dsp/reverb/convolution.js';
import { keyResolver, planDuck, planReverb, planStrip, reverbTailSeconds, TAIL_CAP_SECONDS, type PlanStrip } from './plan-strip.js';
import type { MediaProbe, MixPlan, ParamLane, PlanBus, PlanClip, PlanResult, PlanTrack } from './plan-types.js';
import { busOrder, renderOrder } from './plan-order.js';

export type { MediaProbe, MixPlan, ParamLane, PlanBus, PlanClip, PlanResult, PlanSend, PlanTrack } from './plan-types.js';

/** Like planSession but returns every problem instead of throwing (for `dubdesk check`). */
export async function planSessionCollect(session: Session, sessionFile: string, probe: MediaProbe): Promise<PlanResult> {
	const problems: UserError[] = [];
	const warnings: string[] = faderWarnings(session);
	const sr = session.sampleRate;
	const dir = path.dirname(path.resolve(sessionFile));
	const busIndex = new Map(session.buses.map((b, i) => [b.id, i]));
	const route = (output: string) => (output === 'master' ? -1 : (busIndex.get(output) ?? -1));

	// Each file is probed once however many clips use it.
	const probes = new Map<string, Promise<MediaInfo | UserError>>();
	const warnedFiles = new Set<string>();
	const probeOnce = (file: string) => {
		let p = probes.get(file);
		if (!p) {
			p = probe(file).catch((error: unknown) => {
				if (error instanceof MediaError) return error;
				return new MediaError(file, (error as Error).message);
			});
			probes.set(file, p);
		}
		return p;
	};
	const seconds = (t: number | string, where: string): number | undefined => {
		try {
			return timeToSeconds(t, session);
		} catch (error) {
			problems.push(new SessionError(sessionFile, where, (error as Error).message));
			return undefined;
		}
	};

	/** A lane with its times resolved to seconds (undefined when empty or a time is bad, reported). */
	const laneOf = (points: readonly (readonly [number | string, number])[] | undefined, where: string, floor?: number): Lane | undefined => {
		if (!points || points.length === 0) return undefined;
		const resolved: [number, number][] = [];
		for (const [pi, [t, v]] of points.entries()) {
			const s = seconds(t, `${where}[${pi}][0]`);
			if (s === undefined) return undefined;
			resolved.push([s, v]);
		}
		return makeLane(resolved, floor);
	};
	const keyOf = keyResolver(session);
	const tracks: PlanTrack[] = [];
	for (const [ti, track] of session.tracks.entries()) {
		const clips: PlanClip[] = [];
		for (const [ci, clip] of track.clips.entries()) {
			const where = `tracks[${ti}].clips[${ci}]`;
			const file = path.resolve(dir, clip.file);
			const media = await probeOnce(file);
			if (media instanceof Error) {
				problems.push(media);
				continue;
			}
			const converted = media.sampleRate !== sr;
			const rateProblem = converted ? resampleProblem(media.sampleRate, sr) : undefined;
			if (rateProblem) {
				problems.push(new MediaError(file, `${rateProblem} (${where}.file)`));
				continue;
			}
			const noAudio = noAudioProblem(media);
			if (noAudio) {
				problems.push(new MediaError(file, `${noAudio} (${where}.file)`));
				continue;
			}
			// A cut-short recording or a partial last frame: said once per file.
			if (!warnedFiles.has(file)) warnings.push(...mediaWarnings(media));
			warnedFiles.add(file);
			let placed: Placement | PlacementProblem;
			try {
				// Converted media is placed by its length at the session rate.
				placed = placeClip(clip, session, converted ? { ...media, frames: resampledFrames(media.frames, media.sampleRate, sr) } : media);
			} catch (error) {
				problems.push(new SessionError(sessionFile, `${where}.at`, (error as Error).message));
				continue;
			}
			if (!isPlaced(placed)) {
				problems.push(new SessionError(sessionFile, placed.field ? `${where}.${placed.field}` : where, placed.problem));
				continue;
			}
			if (placed.cut) warnings.push(`${where}: length runs past the end of ${clip.file}; the clip stops where the media ends`);
			const { start, length, sourceStart } = placed;
			if (media.speakers.some((s) => s === null)) {
				warnings.push(`${where}: ${clip.file} has channels with no 5.1 place; they are not played`);
			}
			clips.push({
				key: `${track.id}/${ci}`,
				file,
				name: clip.name ?? path.basename(clip.file).replace(/\.[^.]+$/, ''),
				media,
				start,
				length,
				sourceStart,
				gain: clip.gain === -Infinity ? 0 : Math.pow(10, clip.gain / 20),
				fadeIn: secondsToSamples(clip.fadeIn, sr),
				fadeOut: secondsToSamples(clip.fadeOut, sr),
				equalPower: clip.fadeShape === 'equal-power',
				channelMap: [],
				...(converted ? { resampleTo: sr } : {}),
			});
		}
		const format = trackFormatFor(clips.map((c) => c.media.speakers));
		for (const c of clips) c.channelMap = clipChannelMap(c.media.speakers, format);
		clips.sort((a, b) => a.start - b.start);
		const unheard = surroundUnheard(track, session.master.format, format);
		if (unheard) warnings.push(`tracks[${ti}] (${track.id}): ${unheard}`);
		const lane = (points: readonly (readonly [number | string, number])[] | undefined, name: string, floor?: number) => laneOf(points, `tracks[${ti}].automation.${name}`, floor);
		// Mode off: the lanes stay in the document but nothing plays them.
		const auto = track.automation && (track.automation as { mode?: string }).mode !== 'off' ? track.automation : undefined;
		const paramLanes = stripLanes(auto, (name) => lane(auto![name], name));
		tracks.push({
			id: track.id,
			name: track.name ?? track.id,
			format,
			output: route(track.output),
			gainDb: track.gain,
			pan: track.pan,
			panY: track.panY ?? -1,
			lfeDb: track.lfe ?? -Infinity,
			mute: track.mute,
			solo: track.solo,
			polarity: track.polarity,
			clips,
			gainLane: lane(auto?.gain, 'gain', GAIN_FLOOR_DB),
			...optional('duckLane', lane(auto?.duck, 'duck', GAIN_FLOOR_DB)),
			panLane: lane(auto?.pan, 'pan'),
			panYLane: lane(auto?.panY, 'panY'),
			lfeLane: lane(auto?.lfe, 'lfe', GAIN_FLOOR_DB),
			muteLane: lane(auto?.mute, 'mute'),
			...(paramLanes.length > 0 ? { paramLanes } : {}),
			strip: planStrip(track.strip, keyOf),
			...optional('duck', planDuck(track.duck, keyOf)),
			...(track.sends?.length
				? {
						sends: track.sends.map((x) => {
							const l = lane(auto?.[`send.${x.to}`], `send.${x.to}`, GAIN_FLOOR_DB);
							return { bus: busIndex.get(x.to) ?? -1, gainDb: x.gain, pre: x.pre, on: x.on, ...(l ? { lane: l } : {}) };
						}),
					}
				: {}),
		});
	}

	const buses: PlanBus[] = [];
	for (const [bi, b] of session.buses.entries()) {
		let reverb: PlanStrip | undefined;
		if (b.reverb?.on) {
			try {
				reverb = await planReverb(b.reverb, dir);
				const ir = reverb.sections[0]!.ir;
				const problem = ir && irProblem(ir, CHANNELS[session.master.format]);
				if (problem) throw new MediaError(ir.file, `${problem} (buses[${bi}].reverb.ir)`);
			} catch (error) {
				problems.push(error instanceof MediaError ? error : new SessionError(sessionFile, `buses[${bi}].reverb`, (error as Error).message));
			}
		}
		const busAuto = b.automation && (b.automation as { mode?: string }).mode !== 'off' ? b.automation : undefined;
		const busLanes = stripLanes(busAuto, (name) => laneOf(busAuto![name], `buses[${bi}].automation.${name}`));
		buses.push({
			id: b.id,
			name: b.name ?? b.id,
			output: route(b.output),
			gainDb: b.gain,
			mute: b.mute,
			strip: planStrip(b.strip, keyOf),
			...optional('duck', planDuck(b.duck, keyOf)),
			...(reverb ? { reverb } : {}),
			...(busLanes.length > 0 ? { paramLanes: busLanes } : {}),
		});
		const busGain = laneOf(busAuto?.gain, `buses[${bi}].automation.gain`, GAIN_FLOOR_DB);
		if (busGain) buses[buses.length - 1]!.gainLane = busGain;
		const busDuck = laneOf(busAuto?.duck, `buses[${bi}].automation.duck`, GAIN_FLOOR_DB);
		if (busDuck) buses[buses.length - 1]!.duckLane = busDuck;
	}

	const markers = [];
	for (const [mi, m] of session.markers.entries()) {
		const s = seconds(m.at, `markers[${mi}].at`);
		if (s !== undefined) markers.push({ at: secondsToSamples(s, sr), name: m.name });
	}
	markers.sort((a, b) => a.at - b.at);

	if (problems.length > 0) return { problems, warnings };
	const length = tracks.reduce((end, t) => t.clips.reduce((e, c) => Math.max(e, c.start + c.length), end), 0);
	const masterAuto = session.master.automation && (session.master.automation as { mode?: string }).mode !== 'off' ? session.master.automation : undefined;
	const masterGainLane = laneOf(masterAuto?.gain, 'master.automation.gain', GAIN_FLOOR_DB);
	const masterParamLanes = stripLanes(masterAuto, (name) => laneOf(masterAuto![name], `master.automation.${name}`));
	const tail = Math.round(Math.min(TAIL_CAP_SECONDS, Math.max(0, ...buses.map((b) => (b.reverb ? reverbTailSeconds(b.reverb.sections[0]!, sr) : 0)))) * sr);
	return {
		plan: {
			sampleRate: sr,
			format: session.master.format,
			channels: CHANNELS[session.master.format],
			masterGainDb: session.master.gain,
			tracks,
			buses,
			busOrder: busOrder(buses),
			masterStrip: planStrip(session.master.strip, keyOf),
			...(masterGainLane ? { masterGainLane } : {}),
			...(masterParamLanes.length > 0 ? { masterParamLanes } : {}),
			order: renderOrder(tracks, buses),
			length,
			tail,
			markers,
			warnings,
		},
		problems,
		warnings,
	};
}

/** Resolves a session into a plan, or throws every problem found (ProblemList, or the one). */
export async function planSession(session: Session, sessionFile: string, probe: MediaProbe): Promise<MixPlan> {
	const result = await planSessionCollect(session, sessionFile, probe);
	if (!result.plan) {
		throw result.problems.length === 1 ? result.problems[0]! : new ProblemList(result.problems);
	}
	return result.plan;
}

/** Why a track's panY and lfe (set away from front and −∞, or automated) are not heard, or undefined. */
function surroundUnheard(track: Session['tracks'][number], master: MasterFormat, format: TrackFormat): string | undefined {
	const a = track.automation;
	const set = (track.panY !== undefined && track.panY !== -1) || (track.lfe !== undefined && track.lfe !== -Infinity) || a?.panY !== undefined || a?.lfe !== undefined;
	if (!set) return undefined;
	if (master === 'stereo') return 'panY and lfe are not heard on a stereo master';
	if (format === '5.1') return 'panY and lfe are not used by a 5.1 source (it plays channel to channel)';
	return undefined;
}

/** The strip-parameter lanes of an automation block ('eq.0.gain' → 'strip.eq.0.gain'). */
function stripLanes(auto: Session['tracks'][number]['automation'], make: (name: string) => Lane | undefined): ParamLane[] {
	if (!auto) return [];
	const out: ParamLane[] = [];
	for (const name of Object.keys(auto)) {
		if (name === 'mode' || name === 'gain' || name === 'pan' || name === 'panY' || name === 'lfe' || name === 'mute' || name === 'duck' || name.startsWith('send.')) continue;
		const l = make(name);
		if (l) out.push({ param: `strip.${name}`, lane: l });
	}
	return out;
}

/** `{ [name]: value }`, or nothing when value is undefined (a plan without the field stays as before). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
	return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
