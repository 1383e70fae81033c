import { describe, expect, test } from 'vitest';
import { MIGRATIONS, MigrationError, migrate, type Migration } from '../../sessions/migrations.js';
import { FORMAT_VERSION } from '../../sessions/schema.js';

// Synthetic formats 1 → 2 → 3: 2 renamed `title` to `name`, 3 moved `rate` under `audio`.
const chain: Migration[] = [
	{
		from: 1,
		to: 2,
		migrate: ({ title, ...rest }) => ({ ...rest, name: title }),
	},
	{
		from: 2,
		to: 3,
		migrate: ({ rate, ...rest }) => ({ ...rest, audio: { rate } }),
	},
];

describe('migrate', () => {
	test('only format 1 exists today', () => {
		expect(FORMAT_VERSION).toBe(1);
		expect(MIGRATIONS).toEqual([]);
		const doc = { dubdesk: 1, name: 'x' };
		expect(migrate(doc)).toBe(doc);
	});

	test('applies the steps in order and stamps each version', () => {
		const applied: string[] = [];
		const spy = chain.map((m) => ({ ...m, migrate: (raw: Record<string, unknown>) => (applied.push(`${m.from}→${m.to}`), m.migrate(raw)) }));
		// Listed out of order: the chain is followed by `from`, not by position.
		const out = migrate({ dubdesk: 1, title: 'Reel 1', rate: 48000 }, [spy[1], spy[0]], 3);
		expect(applied).toEqual(['1→2', '2→3']);
		expect(out).toEqual({ dubdesk: 3, name: 'Reel 1', audio: { rate: 48000 } });
		expect(Object.keys(out)[0]).toBe('dubdesk');
	});

	test('starts from the document version', () => {
		expect(migrate({ dubdesk: 2, name: 'R', rate: 44100 }, chain, 3)).toEqual({ dubdesk: 3, name: 'R', audio: { rate: 44100 } });
	});

	test('a current document is left alone, and migrating twice changes nothing', () => {
		const once = migrate({ dubdesk: 1, title: 'R', rate: 1 }, chain, 3);
		expect(migrate(once, chain, 3)).toBe(once);
		expect(migrate(once, chain, 3)).toEqual(once);
	});

	test('does not mutate its input', () => {
		const raw = { dubdesk: 1, title: 'R', rate: 1 };
		migrate(raw, chain, 3);
		expect(raw).toEqual({ dubdesk: 1, title: 'R', rate: 1 });
	});

	test.each([
		[{}, chain, 3, 'dubdesk: missing: a dubdesk session starts with its format version, e.g. "dubdesk: 3"'],
		[{ dubdesk: 'one' }, chain, 3, 'dubdesk: expected a format version (a whole number ≥ 1), got "one"'],
		[{ dubdesk: 1.5 }, chain, 3, 'got 1.5'],
		[{ dubdesk: 0 }, chain, 3, 'got 0'],
		[{ dubdesk: 4 }, chain, 3, 'dubdesk: written by a newer dubdesk (format 4); this one reads up to 3'],
		[{ dubdesk: 2 }, [], 1, 'written by a newer dubdesk (format 2); this one reads up to 1'],
		[{ dubdesk: 1 }, [chain[1]], 3, 'dubdesk: cannot read format 1: no migration from format 1'],
		[{ dubdesk: 1 }, [chain[0]], 3, 'cannot read format 2: no migration from format 2'],
		[{ dubdesk: 1 }, [{ from: 1, to: 1, migrate: (r: Record<string, unknown>) => r }], 3, 'bad migration from format 1 to 1'],
	] as [Record<string, unknown>, Migration[], number, string][])('rejects %j (%#)', (raw, migrations, current, message) => {
		expect(() => migrate(raw, migrations, current)).toThrow(MigrationError);
		expect(() => migrate(raw, migrations, current)).toThrow(message);
	});

	test('a failing step is reported with the step', () => {
		const failing: Migration[] = [
			chain[0],
			{
				from: 2,
				to: 3,
				migrate: () => {
					throw new Error('rate must be a number');
				},
			},
		];
		let error: unknown;
		try {
			migrate({ dubdesk: 1, title: 'R' }, failing, 3);
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(MigrationError);
		expect((error as MigrationError).path).toBe('dubdesk');
		expect((error as MigrationError).problem).toBe('migrating from format 2 to 3 failed: rate must be a number');
	});
});
