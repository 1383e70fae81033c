// The command line contract (README "Commands"). runCli is what tests call in-process.
import meow from 'meow';
import { UserError } from '../sessions/errors.js';
import type { CliIO } from './cli-io.js';

export const helpText = `
  Usage
    $ dubdesk [SESSION]                     open the mixer (no argument: the demo session)
    $ dubdesk demo [DIR]                    write the demo session and its media, then open it
    $ dubdesk render SESSION -o OUT.wav     offline mix
    $ dubdesk play SESSION                  headless playback
    $ dubdesk devices [--json]              audio output devices
    $ dubdesk loudness FILE.wav [--json]    measure a file
    $ dubdesk check SESSION                 validate the session and its media
    $ dubdesk notes SESSION [--format csv|md]   the markers and their notes (default: a table)
    $ dubdesk deliver SESSION -o DIR        print the session's deliverables and a QC report
    $ dubdesk duck SESSION --target MX --key DX   dip MX under the dialogue: write its duck lane

  Render options
    -o, --output FILE        the mix (WAV)
    --stems DIR              also one WAV per bus (DX.wav, MX.wav, …)
    --bit-depth 16|24|32f    default 32f; 16 and 24 get TPDF dither
    --from T --to T          range, seconds or timecode HH:MM:SS:FF
    --normalize PRESET|LUFS  ebu-r128 | atsc-a85 | netflix | spotify | apple, or a number
    --report FILE.json       loudness of what was written
    --zero-nan               print NaN/infinite samples in float media as silence (counted)
    --threads N              threads to render with (default: the cores, up to 4, when it pays)

  Deliver options
    -o, --output DIR         where NAME.wav, report.json, report.txt and report.svg go
    --only NAME,…            print only these deliverables

  Play options
    --device ID|NAME         output device (see \`dubdesk devices\`)
    --buffer FRAMES          device buffer size (default 512)
    --from T                 start position
    --duration S             seconds to play
    --record FILE.wav        print what plays as a take (then FILE-2.wav …, never over a file)

  Duck options
    --target ID --key ID     the bus or track to dip, and the bus or track it listens to
    --difference LU          how far under the key during lines (default 10)
    --max-depth DB           the deepest dip (default -15)
    --preroll S --release S  ramp down before a line, back up after it (default 0.3, 0.8)
    --hold S                 pauses shorter than this stay dipped (default 1)
    --range FROM-TO          only this stretch (seconds or timecodes); the lane outside is kept
    --dry-run                print each line and its dip, write nothing

  Mixer options
    --keymap NAME            default | protools | vim
    --midi-in NAME --midi-out NAME   MIDI control surface ports
    --record FILE.wav        arm a live print: each pass, play to stop, is a take
`;

export type { Command, Flags } from './cli-types.js';
import type { Command, Flags } from './cli-types.js';

const commands: Record<string, () => Promise<Command>> = {
	render: async () => (await import('./commands/render.js')).render,
	check: async () => (await import('./commands/check.js')).check,
	notes: async () => (await import('./commands/notes.js')).notes,
	deliver: async () => (await import('./commands/deliver.js')).deliver,
	demo: async () => (await import('./commands/demo.js')).demo,
	loudness: async () => (await import('./commands/loudness.js')).loudness,
	play: async () => (await import('./commands/play.js')).play,
	devices: async () => (await import('./commands/devices.js')).devices,
	open: async () => (await import('./commands/open.js')).open,
	duck: async () => (await import('./commands/duck.js')).duck,
};

const flagSpec = {
	output: { type: 'string', shortFlag: 'o' },
	stems: { type: 'string' },
	bitDepth: { type: 'string' },
	from: { type: 'string' },
	to: { type: 'string' },
	normalize: { type: 'string' },
	report: { type: 'string' },
	zeroNan: { type: 'boolean', default: false },
	threads: { type: 'string' },
	device: { type: 'string' },
	buffer: { type: 'number' },
	duration: { type: 'number' },
	record: { type: 'string' },
	json: { type: 'boolean', default: false },
	keymap: { type: 'string' },
	midiIn: { type: 'string' },
	midiOut: { type: 'string' },
	format: { type: 'string' },
	only: { type: 'string' },
	target: { type: 'string' },
	key: { type: 'string' },
	difference: { type: 'string' },
	maxDepth: { type: 'string' },
	preroll: { type: 'string' },
	hold: { type: 'string' },
	release: { type: 'string' },
	range: { type: 'string' },
	dryRun: { type: 'boolean', default: false },
	help: { type: 'boolean', shortFlag: 'h', default: false },
	version: { type: 'boolean', default: false },
} as const;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
	let cli;
	try {
		cli = meow(helpText, {
			importMeta: import.meta,
			argv,
			autoHelp: false,
			autoVersion: false,
			// meow exits the process on an unknown flag; check them here so tests can run in-process.
			allowUnknownFlags: true,
			flags: flagSpec,
		});
	} catch (error) {
		io.stderr.write(`dubdesk: ${(error as Error).message}\n`);
		return 2;
	}
	const known = new Set([...Object.keys(flagSpec), 'o', 'h', 'bit-depth', 'zero-nan', 'midi-in', 'midi-out', 'max-depth', 'dry-run']);
	const unknown = Object.keys(cli.unnormalizedFlags).filter((k) => !known.has(k));
	if (unknown.length > 0) {
		const name = unknown[0]!;
		io.stderr.write(`dubdesk: unknown option ${name.length === 1 ? '-' : '--'}${name} (see dubdesk --help)\n`);
		return 2;
	}
	if (cli.flags.help) {
		io.stdout.write(`${helpText.trim()}\n`);
		return 0;
	}
	if (cli.flags.version) {
		io.stdout.write(`${cli.pkg.version ?? ''}\n`);
		return 0;
	}
	const [first, ...rest] = cli.input;
	const name = first !== undefined && first in commands ? first : 'open';
	const args = name === 'open' ? cli.input : rest;
	try {
		const command = await commands[name]!();
		return await command(args, cli.flags as Flags, io);
	} catch (error) {
		if (error instanceof UserError) {
			io.stderr.write(`dubdesk: ${error.message}\n`);
			// Interrupted (Ctrl-C): the conventional 128 + SIGINT.
			return io.signal?.aborted ? 130 : 1;
		}
		throw error;
	}
}
