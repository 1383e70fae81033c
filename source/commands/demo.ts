import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const demo: Command = async () => {
	throw new UserError('demo: not built yet');
};
