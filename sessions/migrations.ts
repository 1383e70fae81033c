// Session files carry their format version (`dubdesk: N`). Older files are brought up to the
// current format by an ordered chain of migrations on the raw YAML object, before validation,
// so the schema only ever describes the current format.
import { UserError } from './errors.js';
import { FORMAT_VERSION } from './schema.js';

/** One step of the chain: turns a raw format-`from` document into a raw format-`to` document. */
export type Migration = {
	from: number;
	to: number;
	/** Must not mutate its input; `dubdesk` is set to `to` afterwards. */
	migrate(raw: Record<string, unknown>): Record<string, unknown>;
};

/** Every migration, in order. Only format 1 exists so far. */
export const MIGRATIONS: readonly Migration[] = [];

/** Why a document could not be brought to the current format; `path` is the document path. */
export class MigrationError extends UserError {
	override name = 'MigrationError';
	constructor(
		readonly path: string,
		readonly problem: string,
	) {
		super(`${path}: ${problem}`);
	}
}

/**
 * The raw document in the `current` format. An already current document is returned as is.
 * Throws MigrationError for a missing or newer version, a gap in the chain, or a failing step.
 */
export function migrate(
	raw: Record<string, unknown>,
	migrations: readonly Migration[] = MIGRATIONS,
	current: number = FORMAT_VERSION,
): Record<string, unknown> {
	if (!('dubdesk' in raw)) {
		throw new MigrationError('dubdesk', `missing: a dubdesk session starts with its format version, e.g. "dubdesk: ${current}"`);
	}
	const version = raw.dubdesk;
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
		throw new MigrationError('dubdesk', `expected a format version (a whole number ≥ 1), got ${JSON.stringify(version)}`);
	}
	if (version > current) {
		throw new MigrationError('dubdesk', `written by a newer dubdesk (format ${version}); this one reads up to ${current}`);
	}
	let doc = raw;
	let at = version;
	while (at < current) {
		const step = migrations.find((m) => m.from === at);
		if (!step) throw new MigrationError('dubdesk', `cannot read format ${at}: no migration from format ${at} (this dubdesk reads up to ${current})`);
		if (step.to <= step.from || step.to > current) {
			throw new MigrationError('dubdesk', `bad migration from format ${step.from} to ${step.to}`);
		}
		try {
			doc = { ...step.migrate(doc), dubdesk: step.to };
		} catch (err) {
			const why = err instanceof Error ? err.message : String(err);
			throw new MigrationError('dubdesk', `migrating from format ${step.from} to ${step.to} failed: ${why}`);
		}
		at = step.to;
	}
	return doc;
}
