#!/usr/bin/env node
// Thin launcher: the program is the bundle in dist/, built by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
	process.stderr.write('dubdesk: dist/cli.js is missing; run `npm install` (it builds dubdesk).\n');
	process.exit(1);
}
await import(cli);
