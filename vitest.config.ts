import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two cores here: keep parallel files modest so timing-sensitive playback tests stay honest.
		maxWorkers: 2,
	},
});
