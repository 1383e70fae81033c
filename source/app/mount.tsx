// Mounting the Ink app. Kept in its own module so that open.tsx can draw the first picture
// before React, Ink and Yoga (a WebAssembly module) are even evaluated.
import React from 'react';
import { render, type Instance } from 'ink';
import { App, type AppProps } from './App.js';

export interface MountOptions {
	/** The screen writer's stand-in stdout (Ink runs in debug mode and hands it whole frames). */
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	stderr: NodeJS.WriteStream;
}

/** Renders the mixer; `update` re-renders with new props (MIDI arriving after the first frame). */
export function mount(props: AppProps, options: MountOptions): { instance: Instance; update(props: AppProps): void } {
	// debug: Ink hands each whole frame to the screen writer, which sends only changed lines
	// (Ink 6.8's incrementalRendering drifts a row per frame; see screen-writer.ts). The frame
	// rate cap is the writer's; Ink's own throttle is off in this mode.
	const instance = render(<App {...props} />, {
		stdout: options.stdout,
		stdin: options.stdin,
		stderr: options.stderr,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return { instance, update: (next) => instance.rerender(<App {...next} />) };
}
