// `dubdesk notes SESSION [--format csv|md]`: the markers in time order with timecodes at the
// session's rate and start; CSV quoted per RFC 4180 (read back here by a parser written in the
// test), Markdown with | escaped, an empty session, and bad input as one line and exit 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(name: string, markers: string[], extra: string[] = []): string {
	const file = join(dir, name);
	writeFileSync(file, ['dubdesk: 1', 'frameRate: 25', 'start: "01:00:00:00"', ...extra, markers.length ? 'markers:' : 'markers: []', ...markers, ''].join('\n'));
	return file;
}

const reel = session('reel.yaml', [
	// Out of order on purpose: listed by time.
	'  - { at: 95.2, name: "music too hot", note: "dip 3 dB under the line, from the door slam" }',
	'  - { at: "01:00:12:05", name: "Scene 12", note: "ADR: \\"get out\\" is late, nudge 2 frames" }',
	'  - at: 3.5',
	'    name: "pipe | name"',
	'    note: "line one\\nline two, with a comma"',
	'  - { at: 40, name: no note }',
]);

/** An RFC 4180 reader (quoted fields, doubled quotes, CRLF records), independent of the writer. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') record.push(field), (field = '');
		else if (ch === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			(record = []), (field = ''), i++;
		} else field += ch;
	}
	expect(field === '' && record.length === 0, 'the last record ends with CRLF').toBe(true);
	return records;
}

describe('dubdesk notes', () => {
	it('prints CSV with a header row, RFC 4180 quoting and CRLF records', async () => {
		const r = await cli(['notes', reel, '--format', 'csv']);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout.startsWith('timecode,seconds,name,note\r\n')).toBe(true);
		expect(parseCsv(r.stdout)).toEqual([
			['timecode', 'seconds', 'name', 'note'],
			['01:00:03:12', '3.500', 'pipe | name', 'line one\nline two, with a comma'],
			['01:00:12:05', '12.200', 'Scene 12', 'ADR: "get out" is late, nudge 2 frames'],
			['01:00:40:00', '40.000', 'no note', ''],
			['01:01:35:05', '95.200', 'music too hot', 'dip 3 dB under the line, from the door slam'],
		]);
		// Quoted only where a field needs it.
		expect(r.stdout).toContain('\r\n01:00:40:00,40.000,no note,\r\n');
		expect(r.stdout).toContain(',"ADR: ""get out"" is late, nudge 2 frames"\r\n');
	});

	it('prints a Markdown table with | escaped and line breaks folded', async () => {
		const r = await cli(['notes', reel, '--format', 'md']);
		expect(r.code).toBe(0);
		const lines = r.stdout.trimEnd().split('\n');
		expect(lines.slice(0, 2)).toEqual(['| timecode | seconds | name | note |', '| --- | ---: | --- | --- |']);
		expect(lines[2]).toBe('| 01:00:03:12 | 3.500 | pipe \\| name | line one line two, with a comma |');
		expect(lines).toHaveLength(6);
		// Every row has the header's four cells once the escaped pipes are set aside.
		for (const l of lines) expect(l.replace(/\\\|/g, '').split('|')).toHaveLength(6);
	});

	it('prints an aligned table by default, timecodes at 29.97 drop-frame too', async () => {
		const r = await cli(['notes', reel]);
		expect(r.code).toBe(0);
		const lines = r.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^TIMECODE\s+SECONDS\s+NAME\s+NOTE$/);
		expect(lines).toHaveLength(5);
		// The note column starts at the same place on every row.
		const noteAt = lines[0]!.indexOf('NOTE');
		expect(lines[1]!.slice(noteAt)).toBe('line one line two, with a comma');
		expect(lines[4]!.slice(noteAt)).toBe('dip 3 dB under the line, from the door slam');
		const df = join(dir, 'df.yaml');
		writeFileSync(df, ['dubdesk: 1', 'frameRate: 29.97df', 'start: "00:59:59;00"', 'markers:', '  - { at: 60, name: a minute in }', ''].join('\n'));
		// 60 s at 30000/1001 fps is frame 1798 after the start: 30 to 01:00:00;00, then 1768 more
		// into a minute that drops nothing (a tenth minute): 58 s and 28 frames.
		expect((await cli(['notes', df])).stdout).toMatch(/^01:00:58;28\s+60\.000\s+a minute in$/m);
	});

	it('prints only the header (csv, md) or says so (text) when there are no markers', async () => {
		const empty = session('empty.yaml', []);
		expect((await cli(['notes', empty, '--format', 'csv'])).stdout).toBe('timecode,seconds,name,note\r\n');
		expect((await cli(['notes', empty, '--format', 'md'])).stdout).toBe('| timecode | seconds | name | note |\n| --- | ---: | --- | --- |\n');
		expect((await cli(['notes', empty])).stdout).toBe('no markers\n');
	});

	it('refuses bad input with one line and exit 1', async () => {
		const bad = session('bad.yaml', ['  - { at: 5, name: x, colour: red }']);
		for (const [argv, pattern] of [
			[['notes', bad], /bad\.yaml: markers\[0\]\.colour: unknown key|bad\.yaml.*colour/],
			[['notes', join(dir, 'missing.yaml')], /missing\.yaml: cannot read the session/],
			[['notes', reel, '--format', 'xml'], /--format "xml": expected text, csv or md/],
			[['notes'], /expected one session file/],
		] as const) {
			const r = await cli([...argv]);
			expect(r.code).toBe(1);
			expect(r.stdout).toBe('');
			expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(pattern);
		}
	});
});
