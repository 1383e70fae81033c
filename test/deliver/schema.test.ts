// `deliverables:` in the session document (parsed with its defaults left absent, saved one
// deliverable a line in schema key order, round-tripped unchanged) and in the demo session.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { KEY_ORDER, serializeSession } from '../../sessions/save.js';
import { deliverablesSchema } from '../../sessions/deliverables-schema.js';
import { z } from 'zod';
import { demoSession } from '../../source/demo/session.js';
import { resolveDeliverables } from '../../engine/deliver/resolve.js';
import type { MixPlan } from '../../engine/plan.js';

const YAML = `dubdesk: 1
buses:
  - { id: DX }
  - { id: MX }
deliverables:
  - { bus: DX, name: DX }
  - { name: PM51, format: "5.1", bitDepth: 24, normalize: ebu-r128 }
  - { name: ME, without: [DX], bitDepth: 32f, spec: -24 }
`;

describe('deliverables in a session', () => {
	it('keeps KEY_ORDER.deliverable equal to the schema', () => {
		const element = (deliverablesSchema as unknown as { element: z.ZodObject }).element;
		expect(KEY_ORDER.deliverable).toEqual(Object.keys(element.shape));
	});

	it('parses, and saves each deliverable on one line in key order', () => {
		const session = parseSession(YAML, 's.yaml');
		expect(session.deliverables).toEqual([
			{ name: 'DX', bus: 'DX' },
			{ name: 'PM51', format: '5.1', bitDepth: 24, normalize: 'ebu-r128' },
			{ name: 'ME', without: ['DX'], bitDepth: '32f', spec: -24 },
		]);
		const text = serializeSession(session);
		expect(text).toContain('deliverables:\n  - { name: DX, bus: DX }\n  - { name: PM51, format: "5.1", bitDepth: 24, normalize: ebu-r128 }\n  - { name: ME, bitDepth: 32f, spec: -24, without: [ DX ] }\n');
		expect(parseSession(text, 's.yaml')).toEqual(session);
	});

	it('leaves a session without deliverables as it was', () => {
		const session = parseSession('dubdesk: 1\n', 's.yaml');
		expect(session.deliverables).toBeUndefined();
		expect(serializeSession(session)).not.toContain('deliverables');
	});
});

describe('the demo session', () => {
	it('has deliverables that resolve against its buses: a printmaster, an M&E and the three stems', () => {
		const session = demoSession();
		const plan = { format: session.master.format, buses: session.buses.map((b) => ({ id: b.id, output: b.output === 'master' ? -1 : 0 })) } as unknown as MixPlan;
		const { deliverables, printmaster } = resolveDeliverables(session, plan, 'session.yaml', '/out');
		expect(deliverables.map((d) => [d.name, d.role])).toEqual([
			['PM', 'printmaster'],
			['ME', 'm&e'],
			['DX', 'stem'],
			['MX', 'stem'],
			['FX', 'stem'],
		]);
		expect(printmaster).toBe(0);
		expect(deliverables[0]!.normalize?.preset).toBe('ebu-r128');
	});
});
