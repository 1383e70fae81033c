// A mixer on ink-testing-library: a real MixerStore whose engine is an array of commands, a
// SharedState the test fills with meter values, media headers given up front, the default
// keymap. Keys go in through stdin like a terminal's bytes.
import React from 'react';
import { render } from 'ink-testing-library';
import { parseSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { App } from '../../source/app/App.js';
import { MediaCache } from '../../source/app/clip-layout.js';
import { Controller, type QuitHow } from '../../source/app/controller.js';
import { MixerStore } from '../../source/app/mixer-store.js';
import { PLAIN, type Theme } from '../../source/app/theme.js';
import { loadKeymap } from '../../source/input/keymap.js';

export const SESSION_FILE = '/tmp/ui-test/reel.yaml';

/** A session with `tracks` tracks (clips on the first two), two buses and markers. */
export function sessionYaml(tracks = 16, extra = ''): string {
	const lines = ['dubdesk: 1', 'name: Reel 1', 'frameRate: 25', 'start: "01:00:00:00"', 'buses:', '  - { id: DX, name: Dialogue }', '  - { id: MX, name: Music }', 'tracks:'];
	for (let i = 0; i < tracks; i++) {
		lines.push(`  - id: t${i + 1}`, `    name: Trk ${i + 1}`, `    output: ${i < 8 ? 'DX' : 'MX'}`);
		if (i === 0) lines.push('    clips:', '      - { file: media/a.wav, name: line-one, at: 2, length: 4, fadeIn: 0.5, fadeOut: 1 }', '      - { file: media/b.wav, name: line-two, at: "01:00:10:00", length: 3 }');
		if (i === 1) lines.push('    clips:', '      - { file: media/bwf.wav, name: bwf-clip }', '    automation:', '      gain: [[0, -20], [20, 0]]');
	}
	lines.push('markers:', '  - { at: 5, name: scene 12 }', '  - { at: 15, name: music in }');
	return lines.join('\n') + '\n' + extra;
}

export interface Setup {
	store: MixerStore;
	controller: Controller;
	shared: SharedState;
	sent: EngineCommand[];
	saved: Session[];
	quits: QuitHow[];
	discarded: number[];
	frame: () => string;
	press: (...keys: string[]) => Promise<void>;
	tick: () => Promise<void>;
	unmount: () => void;
}

export const KEYS: Record<string, string> = {
	up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', escape: '\x1b', tab: '\t', home: '\x1b[H', end: '\x1b[F',
	'shift+up': '\x1b[1;2A', 'shift+down': '\x1b[1;2B', pageup: '\x1b[5~', pagedown: '\x1b[6~', backspace: '\x7f', space: ' ', 'ctrl+c': '\x03', 'ctrl+z': '\x1a',
};

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function setup(options: { columns?: number; rows?: number; yaml?: string; keymap?: string; theme?: Theme; hasMidi?: boolean; screen?: { patch(top: number, lines: readonly string[]): void }; save?: (file: string, session: Session) => Promise<void> } = {}): Setup {
	const session = parseSession(options.yaml ?? sessionYaml(), SESSION_FILE);
	const sent: EngineCommand[] = [];
	const saved: Session[] = [];
	const quits: QuitHow[] = [];
	const discarded: number[] = [];
	const shared = SharedState.create();
	const store = new MixerStore({ session, file: SESSION_FILE, send: (c) => sent.push(c), shared, save: options.save ?? (async (_f, s) => void saved.push(s)) });
	const media = new MediaCache(async () => {
		throw new Error('no media in UI tests');
	});
	media.set('/tmp/ui-test/media/a.wav', { frames: 48000 * 10, sampleRate: 48000 });
	media.set('/tmp/ui-test/media/b.wav', { frames: 48000 * 10, sampleRate: 48000 });
	// 01:00:20:00 at 48 kHz: the BWF clip sits at session time 20 s.
	media.set('/tmp/ui-test/media/bwf.wav', { frames: 48000 * 6, sampleRate: 48000, timeReference: (3600 + 20) * 48000 });
	const { keymap } = loadKeymap({ name: options.keymap ?? 'default' });
	const controller = new Controller({ store, keymap, media, hasMidi: options.hasMidi, quit: (how) => void quits.push(how), discardAutosave: async () => void discarded.push(1) });
	const size = { columns: options.columns ?? 80, rows: options.rows ?? 24 };
	const ink = render(<App controller={controller} media={media} theme={options.theme ?? PLAIN} size={size} meterHz={200} screen={options.screen} />);
	return {
		store,
		controller,
		shared,
		sent,
		saved,
		quits,
		discarded,
		frame: () => ink.lastFrame() ?? '',
		async press(...keys) {
			for (const k of keys) {
				ink.stdin.write(KEYS[k] ?? k);
				await delay(5);
			}
			await delay(20);
		},
		// Waits for the meter tick to redraw (a loaded machine can take a while to render).
		async tick() {
			const before = ink.lastFrame();
			for (let waited = 0; waited < 2000 && ink.lastFrame() === before; waited += 10) await delay(10);
		},
		unmount: ink.unmount,
	};
}

/** Asserts every line fits the terminal and the frame is no taller than it. */
export function fitsIn(frame: string, columns: number, rows: number): boolean {
	const lines = frame.split('\n');
	return lines.length <= rows && lines.every((l) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').length <= columns);
}
