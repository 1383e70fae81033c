import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const play: Command = async () => {
	throw new UserError('play: not built yet');
};
