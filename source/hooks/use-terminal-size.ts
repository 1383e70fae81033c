// The terminal's size, following resizes. Ink re-lays out on resize itself; this tells the
// views how many strips, meter rows and lanes fit.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Current size of Ink's output terminal (80×24 when it does not say). */
export function useTerminalSize(override?: TerminalSize): TerminalSize {
	const { stdout } = useStdout();
	const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (override) return;
		const onResize = () => {
			const next = read();
			setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
		};
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, override]);
	return override ?? size;
}
