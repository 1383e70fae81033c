// What the engine knows about a media file once its header is read.

/** A 5.1 speaker slot. Sources are mapped onto these; mono sources are panned instead. */
export type Speaker = 'L' | 'R' | 'C' | 'LFE' | 'Ls' | 'Rs';
export const SPEAKERS_5_1: readonly Speaker[] = ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'];

export type SampleEncoding = 'pcm' | 'float';

export interface MediaInfo {
	/** Path as given (absolute or relative to the working directory). */
	path: string;
	/** 'rf64' for RF64/BW64 files (over 4 GiB); 'flac' for FLAC (frames decoded, not read as bytes). */
	container: 'wav' | 'rf64' | 'flac';
	encoding: SampleEncoding;
	/** 8 | 16 | 24 | 32 for pcm, 32 | 64 for float. */
	bitsPerSample: number;
	channels: number;
	sampleRate: number;
	/** Sample frames in the data chunk. */
	frames: number;
	/** WAVE_FORMAT_EXTENSIBLE dwChannelMask, when the file has one. */
	channelMask?: number;
	/**
	 * Where each channel plays, in file order. Mono files get ['C'] (the mixer pans them);
	 * a channel with no 5.1 place (top, wide …) is null and is dropped with a warning.
	 */
	speakers: (Speaker | null)[];
	/** BWF bext TimeReference: sample frames since midnight, when present. */
	timeReference?: number;
	/** Byte offset of the first sample in the file. */
	dataOffset: number;
	/** Bytes of sample data (whole frames). */
	dataBytes: number;
	/**
	 * Set when the data chunk declares more than the file holds (a recording cut short, say by
	 * a recorder losing power): the frames it declares. `frames` counts the whole frames present.
	 */
	declaredFrames?: number;
	/** Bytes at the end of the data that do not make a whole frame (ignored), when there are any. */
	partialFrameBytes?: number;
	/** Bytes per sample frame. */
	blockAlign: number;
}
