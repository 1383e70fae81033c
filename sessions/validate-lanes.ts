// The names and values of automation lanes beyond gain, pan, panY, lfe and mute: a send's level
// ('send.VERB', a bus the track sends to) and strip parameters by path ('eq.0.gain', 'trim',
// 'compressor.threshold' …), each within its parameter's range. Switches and band types are
// not lanes (they do not glide).
import { getParam, stripParamSpec, type ParamAddress } from './params.js';
import { SEND_SPEC } from './strip-params.js';
import type { Automation, Session } from './types.js';

type Report = (path: string, problem: string) => void;

// panY and lfe are a track's (their values are range-checked by the schema).
const FIXED = new Set(['mode', 'gain', 'pan', 'panY', 'lfe', 'mute', 'duck']);

function where(at: string, lane: string): string {
	return `${at}.automation${/^[A-Za-z_]\w*$/.test(lane) ? `.${lane}` : `[${JSON.stringify(lane)}]`}`;
}

export function validateLanes(session: Session, report: Report): void {
	const check = (automation: Automation | undefined, at: string, sends: readonly string[] | undefined, owner: ParamAddress) => {
		if (!automation) return;
		for (const lane of Object.keys(automation)) {
			if (FIXED.has(lane)) continue;
			const path = where(at, lane);
			let range: { min: number; max: number } | undefined;
			if (lane.startsWith('send.')) {
				const to = lane.slice(5);
				if (!sends) report(path, 'a bus has no sends; send lanes belong to tracks');
				else if (!sends.includes(to)) report(path, `no send to "${to}" on this track (its sends: ${sends.join(', ') || 'none'})`);
				else range = { min: -Infinity, max: SEND_SPEC.max };
			} else {
				const spec = stripParamSpec(`strip.${lane}`);
				if (!spec || spec.choices) {
					report(path, `unknown lane (expected gain, pan, mute, send.BUS, or a strip parameter such as trim, eq.0.gain, hpf.freq, compressor.threshold)`);
					continue;
				}
				if (getParam(session, { ...owner, param: `strip.${lane}` }) === undefined) {
					report(path, `the strip has no ${lane.replace(/\.[^.]+$/, '').replace(/^eq\.(\d+)$/, (_, n: string) => `eq band ${Number(n) + 1}`)} to automate`);
					continue;
				}
				range = { min: spec.min, max: spec.max };
			}
			if (!range) continue;
			automation[lane]?.forEach(([, value], p) => {
				if (!(value >= range!.min && value <= range!.max)) report(`${path}[${p}][1]`, `${value} is out of range (${range!.min} … ${range!.max})`);
			});
		}
	};
	session.tracks.forEach((t, i) => check(t.automation, `tracks[${i}]`, (t.sends ?? []).map((x) => x.to), { target: 'track', id: t.id, param: '' }));
	session.buses.forEach((b, i) => {
		for (const lane of ['panY', 'lfe'] as const) if (b.automation?.[lane]) report(`buses[${i}].automation.${lane}`, `a bus has no ${lane}; ${lane} lanes belong to tracks`);
		check(b.automation, `buses[${i}]`, undefined, { target: 'bus', id: b.id, param: '' });
	});
	const master = session.master.automation;
	for (const lane of ['pan', 'panY', 'lfe', 'mute', 'duck'] as const) if (master?.[lane]) report(`master.automation.${lane}`, `the master has no ${lane}`);
	check(master, 'master', undefined, { target: 'master', id: 'master', param: '' });
}
