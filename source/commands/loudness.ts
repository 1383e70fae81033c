import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const loudness: Command = async () => {
	throw new UserError('loudness: not built yet');
};
