// Reading a session file: YAML → migrations → schema → semantic checks. Every problem found is
// reported at once, each naming the file and the place in the document.
import { MAX_EQ_BANDS } from './strip-params.js';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeFsError } from './atomic-write.js';
import { ProblemList, SessionError, type UserError } from './errors.js';
import { MigrationError, migrate } from './migrations.js';
import { sessionSchema } from './schema.js';
import type { Session } from './types.js';
import { DAY_SECONDS } from './time.js';
import { LIMITS, formatPath, sizeProblems, validateSession } from './validate.js';
import { InputFileError, readRegularFile } from './regular-file.js';

export { validateSession } from './validate.js';

/** A YAML syntax error; the message reads `file:line:column: problem` like a compiler's. */
export class SessionSyntaxError extends SessionError {
	override name = 'SessionSyntaxError';
	constructor(
		file: string,
		readonly line: number,
		readonly column: number,
		problem: string,
	) {
		super(file, '', problem);
		this.message = `${file}:${line}:${column}: ${problem}`;
	}
}

/** Reads and checks a session file. Throws SessionError (one problem) or ProblemList (several). */
export async function loadSession(path: string): Promise<Session> {
	let text: string;
	try {
		// A FIFO or device as the session would block the read forever; a huge file is refused unread.
		text = await readRegularFile(path, LIMITS.fileBytes);
	} catch (err) {
		if (err instanceof InputFileError && err.problem.startsWith('is ')) throw new SessionError(path, '', `the session file ${err.problem}`);
		throw new SessionError(path, '', `cannot read the session: ${describeFsError(err)}`);
	}
	return parseSession(text, path);
}

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/** Parses and checks session text; `file` names it in messages. Throws like loadSession. */
export function parseSession(text: string, file: string): Session {
	// Characters, not bytes: never more than the file's bytes, so what loadSession let through passes.
	if (text.length > LIMITS.fileBytes) throw new SessionError(file, '', `the session is ${text.length} characters, more than the ${mib(LIMITS.fileBytes)} limit`);
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { version: '1.2', prettyErrors: false, lineCounter });
	if (doc.errors.length > 0) {
		// One unclosed bracket makes the parser repeat itself; each distinct problem is named once.
		const seen = new Set<string>();
		const errors: SessionSyntaxError[] = [];
		for (const e of doc.errors) {
			const { line, col } = lineCounter.linePos(e.pos[0]);
			const error = new SessionSyntaxError(file, line, col, e.message.split('\n')[0]);
			if (seen.has(error.message)) continue;
			seen.add(error.message);
			errors.push(error);
		}
		throwAll(errors);
	}
	let raw: unknown;
	try {
		raw = doc.toJS({ maxAliasCount: 1000 });
	} catch (err) {
		// Unresolved or excessive aliases surface only here.
		throw new SessionError(file, '', `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`);
	}
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw new SessionError(file, '', `expected a dubdesk session (a mapping starting with "dubdesk: 1"), got ${describe(raw)}`);
	}
	let current: Record<string, unknown>;
	try {
		current = migrate(raw as Record<string, unknown>);
	} catch (err) {
		if (err instanceof MigrationError) throw new SessionError(file, err.path, err.problem);
		throw err;
	}
	throwAll(sizeProblems(current, file));
	const result = sessionSchema.safeParse(current, { reportInput: true });
	if (!result.success) throwAll(result.error.issues.flatMap((issue) => issueErrors(issue, file)));
	const session = result.data as Session;
	throwAll(validateSession(session, file));
	return session;
}

/** Throws the one problem as itself, several as a ProblemList; returns when there are none. */
function throwAll(problems: UserError[]): void {
	if (problems.length === 1) throw problems[0];
	if (problems.length > 1) throw new ProblemList(problems);
}

type Issue = z.core.$ZodIssue;

/** One SessionError per problem in a zod issue (an unknown-keys issue names each key). */
function issueErrors(issue: Issue, file: string): SessionError[] {
	if (issue.code === 'unrecognized_keys') {
		return issue.keys.map((key) => {
			const hint = suggestKey(issue.path, key);
			return new SessionError(file, formatPath([...issue.path, key]), `unknown key${hint ? ` (did you mean ${hint}?)` : ''}`);
		});
	}
	return [new SessionError(file, formatPath(issue.path), describeIssue(issue))];
}

function describeIssue(issue: Issue): string {
	const input = issue.input;
	const got = `, got ${describe(input)}`;
	switch (issue.code) {
		case 'invalid_type':
			return input === undefined ? `missing; expected ${expectedType(issue.expected)}` : `expected ${expectedType(issue.expected)}${got}`;
		case 'too_small':
		case 'too_big': {
			const small = issue.code === 'too_small';
			const bound = Number(small ? issue.minimum : issue.maximum);
			if (issue.origin === 'string' && small && bound === 1) return 'must not be empty';
			if (issue.origin === 'number' && !small && bound === DAY_SECONDS) return `expected seconds from 0 to ${DAY_SECONDS} (24 h)${got}`;
			const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
			if (issue.origin === 'array' && issue.path.at(-1) === 'eq') return `expected 1 to ${MAX_EQ_BANDS} bands, got ${Array.isArray(input) ? input.length : describe(input)}`;
			// Otherwise only tuples (automation points) have a length bound in the schema.
			if (issue.origin === 'array') return `expected a [time, value] pair, got ${Array.isArray(input) ? `a list of ${input.length}` : describe(input)}`;
			return `expected ${issue.origin === 'string' ? 'text of length' : 'a number'} ${op} ${formatValue(bound)}${got}`;
		}
		case 'invalid_value':
			return `expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(formatValue).join(', ')}${got}`;
		case 'invalid_format':
			return `expected ${issue.message}${got}`;
		case 'invalid_union': {
			const wanted = new Set(issue.errors.map((branch) => branch.map(branchExpectation).join(' and ')));
			const key = [...wanted].join('|');
			const text = UNION_NAMES[key] ?? [...wanted].join(' or ');
			return input === undefined ? `missing; expected ${text}` : `expected ${text}${got}`;
		}
		default:
			return `${issue.message}${input === undefined ? '' : got}`;
	}
}

/** The schema's two unions (times, decibels), named the way a user writes them. */
const UNION_NAMES: Record<string, string> = {
	'a number|text': 'seconds (a number ≥ 0) or a timecode "HH:MM:SS:FF"',
	'a number|-.inf': 'decibels (a number) or -.inf',
};

function branchExpectation(issue: Issue): string {
	if (issue.code === 'invalid_type') return expectedType(issue.expected);
	if (issue.code === 'invalid_value') return issue.values.map(formatValue).join(' or ');
	return describeIssue(issue);
}

function expectedType(expected: string): string {
	const names: Record<string, string> = {
		number: 'a number',
		int: 'a whole number',
		string: 'text',
		boolean: 'true or false',
		array: 'a list',
		tuple: 'a [time, value] pair',
		object: 'a mapping',
	};
	return names[expected] ?? expected;
}

/** A value as it would appear in YAML. */
function formatValue(v: unknown): string {
	if (v === -Infinity) return '-.inf';
	if (v === Infinity) return '.inf';
	if (typeof v === 'string') return JSON.stringify(v);
	return String(v);
}

/** What a wrong value was, briefly. */
function describe(v: unknown): string {
	if (v === null || v === undefined) return 'nothing';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'object') return 'a mapping';
	if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
	return formatValue(v);
}

/** A known key at `path` that an unknown key was probably meant to be. */
function suggestKey(path: readonly PropertyKey[], key: string): string | undefined {
	let schema: z.ZodType | undefined = sessionSchema;
	for (const seg of path) {
		schema = schema && unwrap(schema);
		if (schema instanceof z.ZodArray && typeof seg === 'number') schema = schema.element as z.ZodType;
		else if (schema instanceof z.ZodObject && typeof seg === 'string') schema = schema.shape[seg] as z.ZodType | undefined;
		else return undefined;
	}
	schema = schema && unwrap(schema);
	if (!(schema instanceof z.ZodObject)) return undefined;
	const known = Object.keys(schema.shape);
	const lower = key.toLowerCase();
	return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => k.length > 3 && editDistance(k.toLowerCase(), lower) <= 2);
}

function unwrap(schema: z.ZodType): z.ZodType {
	let s = schema;
	while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
	return s;
}

function editDistance(a: string, b: string): number {
	let row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) {
			next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		row = next;
	}
	return row[b.length];
}
