// Every action a key can trigger, by context, with the line the help screen shows for it.
// Keymap files bind these names; the app runs them (source/app/run-action.ts).

/** Where a binding applies: global everywhere, the others in their view only (strip: the strip page; notes: the list of markers). */
export type KeyContext = 'global' | 'mixer' | 'timeline' | 'strip' | 'notes';

export const CONTEXTS: readonly KeyContext[] = ['global', 'mixer', 'timeline', 'strip', 'notes'];

/** Action name → help text, per context. Order is the help screen's order. */
export const ACTIONS = {
	global: {
		togglePlay: 'play / stop',
		locateStart: 'go to the start',
		locateEnd: 'go to the end',
		previousMarker: 'go to the previous marker',
		nextMarker: 'go to the next marker',
		gotoTime: 'go to a time (type a timecode)',
		addMarker: 'add a marker at the playhead (type its name)',
		toggleLoop: 'loop on / off',
		armRecord: 'arm / disarm live print: each pass, play to stop, is recorded as a take',
		writeToEnd: 'automation pass: hold what is touched to the end',
		fillToPunch: 'automation pass: fill what is touched back to its punch-in',
		cycleMonitor: 'monitor the mix, its stereo fold-down (5.1) or mono',
		toggleMute: 'mute the selected track or bus',
		toggleSolo: 'solo the selected track',
		clearSolos: 'clear all solos',
		togglePolarity: 'invert polarity (Ø) of the selected track',
		undo: 'undo',
		redo: 'redo',
		save: 'save the session',
		nextView: 'switch view',
		viewMixer: 'mixer view',
		viewTimeline: 'timeline view',
		viewMidi: 'MIDI surface view',
		viewNotes: 'notes view (every marker with its note)',
		help: 'show / hide this help',
		quit: 'quit (asks when there are unsaved changes)',
	},
	mixer: {
		selectPrevious: 'select the strip to the left',
		selectNext: 'select the strip to the right',
		bankPrevious: 'previous bank of strips',
		bankNext: 'next bank of strips',
		faderUp: 'fader +0.5 dB',
		faderDown: 'fader −0.5 dB',
		faderUpCoarse: 'fader +3 dB',
		faderDownCoarse: 'fader −3 dB',
		faderUnity: 'fader to 0 dB',
		faderType: 'type a fader level (e.g. -7.5)',
		panLeft: 'pan left',
		panRight: 'pan right',
		panCentre: 'pan to centre',
		panFront: 'pan toward the front (5.1)',
		panRear: 'pan toward the rear (5.1)',
		lfeUp: 'LFE send +0.5 dB (5.1; up from −∞ opens it at −60)',
		lfeDown: 'LFE send −0.5 dB (5.1; below −60 closes it)',
		panType: 'type a pan (L30, C, R100, or -1 … 1)',
		cycleOutput: 'route the track to the next bus',
		cycleAutomation: 'next automation mode of the strip (off, read, touch, latch, write, trim)',
		setAllAutomation: "every strip to the selected strip's automation mode",
		openStrip: 'open the channel strip page (EQ, dynamics)',
		bakeDuck: "bake ducking: write the strip's duck lane, keyed by its ducker key or DX",
	},
	timeline: {
		selectPrevious: 'select the track or bus above',
		selectNext: 'select the track or bus below',
		previousClip: 'select the previous clip',
		nextClip: 'select the next clip',
		nudgeEarlier: 'nudge the clip one frame earlier',
		nudgeLater: 'nudge the clip one frame later',
		nudgeEarlierFine: 'nudge the clip ¼ frame earlier',
		nudgeLaterFine: 'nudge the clip ¼ frame later',
		zoomIn: 'zoom in',
		zoomOut: 'zoom out',
		scrollLeft: 'scroll earlier',
		scrollRight: 'scroll later',
		toggleAutomation: "show / hide the selected track's or bus's automation lane",
		nextLane: 'show the next lane: gain (the fader), pan, mute, sends, strip values, duck',
		addPoint: "add a point at the playhead (the lane's value there)",
		removePoint: "delete the range's points, or the selected (nearest) point",
		previousPoint: 'select the previous point',
		nextPoint: 'select the next point',
		pointEarlier: 'move the point one frame earlier',
		pointLater: 'move the point one frame later',
		pointUp: 'point value up a step (0.5 dB on levels)',
		pointDown: 'point value down a step',
		pointUpCoarse: 'point value up ten steps',
		pointDownCoarse: 'point value down ten steps',
		typeValue: "type the point's value, or a trim of the range (dB)",
		markRange: 'mark the range: in, then out, at the playhead; then clear',
		markClip: 'mark / unmark the clip: marked clips nudge with the selected one',
		markToEnd: 'mark the selected clip and every clip after it on the track',
		clearMarks: 'clear the clip marks',
		nextClipField: 'next clip value: gain, fade in, fade out, fade shape, head, tail',
		previousClipField: 'previous clip value',
		clipValueUp: 'clip value up: +0.5 dB, a frame longer fade, head or tail a frame later',
		clipValueDown: 'clip value down: −0.5 dB, a frame shorter fade, head or tail a frame earlier',
		typeClipValue: "type the clip value (dB, seconds or 12f, a time for head / tail)",
		crossfade: 'crossfade the clip with the one it overlaps (equal-power, over the overlap)',
		loopIn: 'loop range in at the playhead',
		loopOut: 'loop range out at the playhead',
		typeLoop: 'type the loop range (from to), or off',
	},
	strip: {
		close: 'back to the mixer',
		previousSection: 'select the section above',
		nextSection: 'select the section below',
		previousParam: 'select the parameter to the left',
		nextParam: 'select the parameter to the right',
		nudgeUp: 'value up a step (frequencies 1/12 octave)',
		nudgeDown: 'value down a step',
		nudgeUpCoarse: 'value up ten steps',
		nudgeDownCoarse: 'value down ten steps',
		typeValue: 'type a value (e.g. 2.5k, -18)',
		resetParam: 'value to its default',
		toggleSection: 'section, send or reverb on / off (an absent section starts at its defaults)',
		toggleBypass: 'bypass the whole strip',
		addBand: 'add an EQ band (up to 8); on the sends, a send to the next return',
		togglePre: 'tap the selected send pre-fader / post-fader',
		removeBand: 'remove the selected EQ band or send',
		previousStrip: 'previous strip',
		nextStrip: 'next strip',
		copyToBus: 'copy this strip to every track on the same bus',
		copyToNext: 'copy this strip to the next N tracks (type N)',
	},
	notes: {
		previous: 'select the note above',
		next: 'select the note below',
		pagePrevious: 'a page of notes up',
		pageNext: 'a page of notes down',
		jump: 'go to the selected note (playback carries on from there)',
		editName: "edit the note's marker name",
		editNote: 'edit the note text',
		moveToPlayhead: 'move the note to the playhead',
		remove: 'delete the note (its marker)',
	},
} as const satisfies Record<KeyContext, Record<string, string>>;

export type GlobalAction = keyof (typeof ACTIONS)['global'];
export type MixerAction = keyof (typeof ACTIONS)['mixer'];
export type TimelineAction = keyof (typeof ACTIONS)['timeline'];
export type StripAction = keyof (typeof ACTIONS)['strip'];
export type NotesAction = keyof (typeof ACTIONS)['notes'];

/** An action with its context: `mixer.faderUp`. */
export type ActionId = `global.${GlobalAction}` | `mixer.${MixerAction}` | `timeline.${TimelineAction}` | `strip.${StripAction}` | `notes.${NotesAction}`;

/** Whether `name` is an action of `context`. */
export function isAction(context: KeyContext, name: string): boolean {
	return Object.hasOwn(ACTIONS[context], name);
}

/** Every action id, in help order. */
export function allActions(): ActionId[] {
	return CONTEXTS.flatMap((c) => Object.keys(ACTIONS[c]).map((a) => `${c}.${a}` as ActionId));
}

/** The help line of an action. */
export function describeAction(id: ActionId): string {
	const [context, name] = id.split('.') as [KeyContext, string];
	return (ACTIONS[context] as Record<string, string>)[name]!;
}
