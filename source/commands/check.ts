import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const check: Command = async () => {
	throw new UserError('check: not built yet');
};
