import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const open: Command = async () => {
	throw new UserError('open: not built yet');
};
