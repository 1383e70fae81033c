import { it } from 'vitest';
import { sessionYaml, setup } from './setup.js';
it('prints', async () => {
	const yaml = sessionYaml(16).replace('  - { id: MX, name: Music }', '  - { id: MX, name: Music }\n  - { id: VERB, name: Room, output: DX, reverb: { decay: 0.6, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 } }\n  - { id: HALL, reverb: { ir: media/ir/hall.wav, predelay: 0, mix: 1 } }').replace('    name: Trk 1\n', '    name: Trk 1\n    sends:\n      - { to: VERB, gain: -12 }\n      - { to: HALL, gain: -20, pre: true, on: false }\n');
	const ui = setup({ yaml });
	await ui.press('e', 'up');
	console.log(ui.frame());
	await ui.press('e', ...Array(18).fill('right'), 'e');
	console.log(ui.frame());
	await ui.press('right', 'right', 'right', '=', 'pagedown');
	console.log(ui.frame());
	ui.unmount();
});
