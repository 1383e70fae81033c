// Entry of the bundled CLI (dist/cli.js). Parses arguments and hands over to a command.
import { runCli } from './run-cli.js';
import { processIO } from './cli-io.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const code = await runCli(process.argv.slice(2), processIO(controller.signal));
process.exitCode = code;
