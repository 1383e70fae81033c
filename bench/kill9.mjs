// Never losing a mix, measured on the real program in tmux (issue 9): 20 times, make 1–3 fader
// edits, wait until the screen shows them, wait a random 0–2 s, kill -9 the mixer, reopen it,
// recover, save, and count the edits missing from the saved session (goal 0). Then the time from
// q to the mixer's exit and from a terminal hangup (tmux kill-session) to its exit.
//
//   node bench/kill9.mjs [--kills 20] [--json]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
if (!existsSync(join(root, 'dist', 'cli.js'))) {
	process.stderr.write('bench/kill9: dist/cli.js is missing; run `npm run build` first\n');
	process.exit(1);
}
if (spawnSync('tmux', ['-V']).status !== 0) {
	process.stderr.write('bench/kill9: needs tmux (apt-get install tmux)\n');
	process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-kill9-'));
const demo = join(dir, 'demo');
const session = join(demo, 'session.yaml');
const journal = join(demo, '.session.yaml.journal');
const socket = `dubdesk-kill9-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = (pane = 'k') => tmux('capture-pane', '-p', '-J', '-t', pane);
const keys = (...k) => tmux('send-keys', '-t', 'k', ...k);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const env = [`XDG_STATE_HOME=${dir}/state`, `XDG_CONFIG_HOME=${dir}/config`, `DUBDESK_CONFIG_DIR=${dir}/config/dubdesk`, `DUBDESK_LOG=${dir}/dubdesk.log`, 'DUBDESK_AUDIO=null', 'PS1=K9$ ', 'TERM=xterm-256color'];
const newPane = (name) => tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', 'env', '-u', 'CI', ...env, 'bash', '--norc', '--noprofile');
const prompt = /^K9\$\s*$/m;

async function until(what, probe, timeoutMs = 30_000, pane = 'k') {
	const t0 = Date.now();
	for (;;) {
		if (probe()) return;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; the screen:\n${screen(pane)}`);
		await sleep(10);
	}
}
const waitFor = (re, pane = 'k') => until(String(re), () => re.test(screen(pane)), 30_000, pane);
const children = (pid) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
function processes(pane = 'k') {
	const shell = Number(tmux('display', '-p', '-t', pane, '#{pane_pid}').trim());
	const launcher = children(shell)[0];
	return { launcher, mixer: children(launcher)[0] };
}
const gone = (pid) => !existsSync(`/proc/${pid}/stat`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
const gains = () => new Map(parse(readFileSync(session, 'utf8')).tracks.map((t) => [t.id, t.gain ?? 0]));
const faderText = (db) => `${db > 0 ? '+' : ''}${db.toFixed(1)}`;
/** The selected strip's fader, as drawn on the dB row of the mixer. */
const shows = (db) => new RegExp(`^dB .*\\[\\s*${faderText(db).replace('+', '\\+')}\\s*\\]`, 'm');

async function openMixer(pane = 'k') {
	tmux('send-keys', '-t', pane, 'clear', 'Enter');
	tmux('send-keys', '-t', pane, `node bin/dubdesk.js ${session}`, 'Enter');
	await waitFor(/MASTER|An autosave is newer/, pane);
}

try {
	execFileSync(process.execPath, [join(root, 'bin', 'dubdesk.js'), 'demo', demo], { stdio: 'ignore', env: { ...process.env, DUBDESK_AUDIO: 'null' } });
	newPane('k');
	await waitFor(prompt);
	keys(`cd ${root}`, 'Enter');
	const model = gains();
	const ids = [...model.keys()];
	let lost = 0;
	let made = 0;
	const rounds = [];
	await openMixer();
	let selected = 0;
	for (let round = 0; round < Number(values.kills); round++) {
		const track = Math.floor(Math.random() * 8);
		for (; selected < track; selected++) keys('Right');
		for (; selected > track; selected--) keys('Left');
		const edits = 1 + Math.floor(Math.random() * 3);
		for (let e = 0; e < edits; e++) {
			const id = ids[track];
			const up = model.get(id) < 6;
			keys(up ? 'Up' : 'Down');
			model.set(id, model.get(id) + (up ? 0.5 : -0.5));
			await waitFor(shows(model.get(id)));
		}
		made += edits;
		const delay = Math.round(Math.random() * 2000);
		await sleep(delay);
		process.kill(processes().mixer, 'SIGKILL');
		await waitFor(prompt);
		await openMixer();
		await waitFor(/An autosave is newer/);
		keys('r');
		await waitFor(/MASTER/);
		keys('w');
		await until('the save', () => !existsSync(journal));
		selected = 0;
		const saved = gains();
		const missing = ids.reduce((n, id) => n + Math.round(Math.abs(saved.get(id) - model.get(id)) / 0.5), 0);
		lost += missing;
		rounds.push({ edits, delay, missing });
		for (const [id, g] of saved) model.set(id, g);
		if (!values.json) process.stdout.write(`kill ${String(round + 1).padStart(2)}: ${edits} edit${edits > 1 ? 's' : ' '}, killed ${String(delay).padStart(4)} ms after, ${missing} lost\n`);
	}
	keys('q');
	await waitFor(prompt);

	const quit = [];
	for (let i = 0; i < 5; i++) {
		await openMixer();
		await sleep(1500);
		const { launcher } = processes();
		const t0 = performance.now();
		keys('q');
		await until('exit after q', () => gone(launcher));
		quit.push(performance.now() - t0);
		await waitFor(prompt);
	}

	const hangup = [];
	for (let i = 0; i < 5; i++) {
		newPane('h');
		await waitFor(prompt, 'h');
		tmux('send-keys', '-t', 'h', `cd ${root}`, 'Enter');
		await openMixer('h');
		if (/An autosave is newer/.test(screen('h'))) tmux('send-keys', '-t', 'h', 'd');
		await sleep(1500);
		tmux('send-keys', '-t', 'h', 'm');
		await until('the journal', () => existsSync(journal));
		const { launcher, mixer } = processes('h');
		const t0 = performance.now();
		tmux('kill-session', '-t', 'h');
		await until('exit after hangup', () => gone(mixer) && gone(launcher));
		hangup.push(performance.now() - t0);
	}
	const assertions = (readFileSync(join(dir, 'dubdesk.log'), 'utf8').match(/Assertion failed/g) ?? []).length;

	const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const result = { kills: rounds.length, edits: made, lost, quitMs: quit.map(Math.round), hangupMs: hangup.map(Math.round), assertions };
	if (values.json) console.log(JSON.stringify(result));
	else {
		console.log(`edits lost: ${lost} of ${made} over ${rounds.length} kill -9 (goal 0)`);
		console.log(`q → exit: median ${med(quit).toFixed(0)} ms (${result.quitMs.join(', ')})`);
		console.log(`hangup → exit: median ${med(hangup).toFixed(0)} ms (${result.hangupMs.join(', ')}); Node assertions in the log: ${assertions}`);
	}
	process.exitCode = lost === 0 ? 0 : 1;
} finally {
	spawnSync('tmux', ['-L', socket, 'kill-server']);
	rmSync(dir, { recursive: true, force: true });
}
