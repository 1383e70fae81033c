// Checks of strips, sends and returns that need more than the schema: frequencies below the
// session's Nyquist frequency, sidechain keys and sends that name a bus (or a track), and no
// loop in the routing that outputs, sends, compressor and ducker keys make together.
import type { Session, Strip } from './types.js';

type Report = (path: string, problem: string) => void;

/** Every strip in the session with its document path. */
export function strips(session: Session): { path: string; strip: Strip; node: string }[] {
	const out: { path: string; strip: Strip; node: string }[] = [];
	session.tracks.forEach((t, i) => t.strip && out.push({ path: `tracks[${i}].strip`, strip: t.strip, node: `track:${t.id}` }));
	session.buses.forEach((b, i) => b.strip && out.push({ path: `buses[${i}].strip`, strip: b.strip, node: `bus:${b.id}` }));
	if (session.master.strip) out.push({ path: 'master.strip', strip: session.master.strip, node: 'master' });
	return out;
}

/** Every ducker in the session with its document path, its key and its node ('track:ID', 'bus:ID'). */
export function duckers(session: Session): { path: string; key: string; node: string }[] {
	const out: { path: string; key: string; node: string }[] = [];
	session.tracks.forEach((t, i) => t.duck && out.push({ path: `tracks[${i}].duck`, key: t.duck.key, node: `track:${t.id}` }));
	session.buses.forEach((b, i) => b.duck && out.push({ path: `buses[${i}].duck`, key: b.duck.key, node: `bus:${b.id}` }));
	return out;
}

export function validateStrips(session: Session, report: Report): void {
	const nyquist = session.sampleRate / 2;
	const busIds = new Set(session.buses.map((b) => b.id));
	const trackIds = new Set(session.tracks.map((t) => t.id));
	const below = (path: string, freq: number) => {
		if (freq >= nyquist) report(path, `${freq} Hz is not below the Nyquist frequency (${nyquist} Hz at ${session.sampleRate} Hz): must be 0 < freq < ${nyquist} Hz`);
	};
	for (const { path, strip } of strips(session)) {
		if (strip.hpf) below(`${path}.hpf.freq`, strip.hpf.freq);
		if (strip.lpf) below(`${path}.lpf.freq`, strip.lpf.freq);
		strip.eq?.forEach((band, i) => below(`${path}.eq[${i}].freq`, band.freq));
		if (strip.deesser) below(`${path}.deesser.freq`, strip.deesser.freq);
		const key = strip.compressor?.key;
		if (key !== undefined && !busIds.has(key) && !trackIds.has(key)) {
			const known = [...busIds, ...trackIds].join(', ') || 'none';
			report(`${path}.compressor.key`, `no bus or track "${key}" to key from (expected one of: ${known})`);
		}
	}
	session.tracks.forEach((t, ti) =>
		t.sends?.forEach((send, k) => {
			const first = t.sends!.findIndex((x) => x.to === send.to);
			if (first < k) report(`tracks[${ti}].sends[${k}].to`, `a second send to ${send.to} (tracks[${ti}].sends[${first}] already goes there)`);
			if (!busIds.has(send.to)) {
				const known = [...busIds].join(', ') || 'none';
				report(`tracks[${ti}].sends[${k}].to`, `no bus "${send.to}" to send to (expected one of: ${known})`);
			}
		}),
	);
	for (const { path, key, node } of duckers(session)) {
		if (!busIds.has(key) && !trackIds.has(key)) {
			const known = [...busIds, ...trackIds].join(', ') || 'none';
			report(`${path}.key`, `no bus or track "${key}" to key from (expected one of: ${known})`);
		} else if (node === (busIds.has(key) ? `bus:${key}` : `track:${key}`)) report(`${path}.key`, `a ducker cannot key from its own ${node.startsWith('bus') ? 'bus' : 'track'}`);
	}
	session.buses.forEach((b, i) => {
		if (b.reverb && 'ir' in b.reverb && /\0/.test(b.reverb.ir)) report(`buses[${i}].reverb.ir`, 'the path has a NUL byte');
	});
	for (const cycle of keyCycles(session)) report(cycle.path, `routing cycle: ${cycle.nodes.join(' → ')}`);
}

/**
 * Cycles that a sidechain key closes: the keyed strip needs the key's output first, so the key
 * must not depend (through outputs or other keys) on the keyed strip. Each cycle is reported at
 * the key that closes it, with the whole path.
 */
export function keyCycles(session: Session): { path: string; nodes: string[] }[] {
	// Edges "a feeds b": a must be rendered before b. Nodes are 'track:ID', 'bus:ID', 'master'.
	const feeds = new Map<string, string[]>();
	const add = (a: string, b: string) => {
		const list = feeds.get(a) ?? [];
		list.push(b);
		feeds.set(a, list);
	};
	const busIds = new Set(session.buses.map((b) => b.id));
	const out_ = (id: string) => (busIds.has(id) ? `bus:${id}` : 'master');
	for (const t of session.tracks) add(`track:${t.id}`, out_(t.output));
	for (const b of session.buses) add(`bus:${b.id}`, out_(b.output));
	const keyEdges: { from: string; to: string; path: string }[] = [];
	for (const { path, strip, node } of strips(session)) {
		const key = strip.compressor?.key;
		if (key === undefined) continue;
		keyEdges.push({ from: busIds.has(key) ? `bus:${key}` : `track:${key}`, to: node, path: `${path}.compressor.key` });
	}
	for (const { path, key, node } of duckers(session)) {
		const from = busIds.has(key) ? `bus:${key}` : `track:${key}`;
		// Keying from itself is reported on its own.
		if (from !== node) keyEdges.push({ from, to: node, path: `${path}.key` });
	}
	session.tracks.forEach((t, ti) =>
		t.sends?.forEach((send, k) => {
			if (busIds.has(send.to)) keyEdges.push({ from: `track:${t.id}`, to: `bus:${send.to}`, path: `tracks[${ti}].sends[${k}]` });
		}),
	);
	for (const e of keyEdges) add(e.from, e.to);
	const shown = (n: string) => n.slice(n.indexOf(':') + 1);
	const out: { path: string; nodes: string[] }[] = [];
	const seen = new Set<string>();
	for (const e of keyEdges) {
		// A path from the keyed (or sent-to) node back to its source closes the loop; each loop once.
		const back = findPath(feeds, e.to, e.from);
		if (!back) continue;
		const id = [...new Set(back)].sort().join('\n');
		if (seen.has(id)) continue;
		seen.add(id);
		out.push({ path: e.path, nodes: [...back, e.to].map(shown) });
	}
	return out;
}

function findPath(feeds: Map<string, string[]>, from: string, to: string): string[] | undefined {
	const seen = new Set<string>();
	const walk = (n: string, trail: string[]): string[] | undefined => {
		if (n === to) return [...trail, n];
		if (seen.has(n)) return undefined;
		seen.add(n);
		for (const m of feeds.get(n) ?? []) {
			const found = walk(m, [...trail, n]);
			if (found) return found;
		}
		return undefined;
	};
	return walk(from, []);
}
