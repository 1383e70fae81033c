// Ports in memory: a first-class backend (like the null audio device), used by the tests to play
// a surface's part byte for byte, and to try mappings without hardware. A device has an input
// (what dubdesk reads: `device.send`) and an output (what dubdesk wrote: `device.received`).
import type { MidiBackend, MidiBytes, MidiInput, MidiOutput } from './types.js';

export class VirtualDevice {
	/** Messages dubdesk sent to the device, one array per send. */
	readonly received: number[][] = [];
	listener: ((bytes: MidiBytes) => void) | undefined;
	plugged = true;
	inputOpen = false;
	outputOpen = false;

	constructor(readonly name: string) {}

	/** The device sends bytes (delivered only while dubdesk has its input open). */
	send(...bytes: number[]): void {
		if (this.plugged && this.inputOpen) this.listener?.(Uint8Array.from(bytes));
	}

	/** Empties `received` and returns what was there. */
	take(): number[][] {
		return this.received.splice(0);
	}
}

export class VirtualMidi implements MidiBackend {
	readonly name = 'virtual';
	readonly devices: VirtualDevice[] = [];
	/** Makes `openInput` / `openOutput` fail (a device that vanished between listing and opening). */
	failOpen = false;

	/** Plugs in a device with an input and an output port of the same name. */
	add(name: string): VirtualDevice {
		const d = new VirtualDevice(name);
		this.devices.push(d);
		return d;
	}

	unplug(name: string): void {
		const d = this.devices.find((x) => x.name === name);
		if (d) d.plugged = false;
	}

	replug(name: string): void {
		const d = this.devices.find((x) => x.name === name);
		if (d) d.plugged = true;
	}

	inputs(): string[] {
		return this.devices.filter((d) => d.plugged).map((d) => d.name);
	}

	outputs(): string[] {
		return this.inputs();
	}

	private device(name: string): VirtualDevice {
		const d = this.devices.find((x) => x.name === name && x.plugged);
		if (!d || this.failOpen) throw new Error(`no MIDI port "${name}"`);
		return d;
	}

	openInput(name: string): MidiInput {
		const d = this.device(name);
		d.inputOpen = true;
		return {
			name,
			on: (l) => void (d.listener = l),
			close: () => {
				d.inputOpen = false;
				d.listener = undefined;
			},
		};
	}

	openOutput(name: string): MidiOutput {
		const d = this.device(name);
		d.outputOpen = true;
		return {
			name,
			send: (bytes) => {
				if (d.plugged) d.received.push(Array.from(bytes));
			},
			close: () => void (d.outputOpen = false),
		};
	}

	close(): void {}
}
