// Errors a user can act on. Each renders as one line naming the file, field or device; the
// CLI prints that line and exits non-zero, the UI shows it on the status line.

/** Any error caused by input the user controls (files, options, devices). */
export class UserError extends Error {
	override name = 'UserError';
}

/** A problem in a session document. `path` is the place in the document, e.g. `tracks[2].clips[0].fadeIn`. */
export class SessionError extends UserError {
	override name = 'SessionError';
	constructor(
		readonly file: string,
		readonly path: string,
		readonly problem: string,
	) {
		super(`${file}${path ? `: ${path}` : ''}: ${problem}`);
	}
}

/** A problem reading or writing a media file. */
export class MediaError extends UserError {
	override name = 'MediaError';
	constructor(
		readonly file: string,
		readonly problem: string,
	) {
		super(`${file}: ${problem}`);
	}
}

/** An audio or MIDI device that cannot be found or opened. */
export class DeviceError extends UserError {
	override name = 'DeviceError';
	constructor(
		readonly device: string,
		readonly problem: string,
	) {
		super(`device ${JSON.stringify(device)}: ${problem}`);
	}
}

/**
 * Several problems found at once. The message is one line, the first problem and how many more
 * (one bracket left open can make hundreds); `dubdesk check` lists them.
 */
export class ProblemList extends UserError {
	override name = 'ProblemList';
	constructor(readonly problems: UserError[]) {
		const more = problems.length - 1;
		super(more > 0 ? `${problems[0]!.message} … and ${more} more (dubdesk check lists them)` : (problems[0]?.message ?? 'no problems'));
	}
}
