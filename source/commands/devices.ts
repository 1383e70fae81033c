import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const devices: Command = async () => {
	throw new UserError('devices: not built yet');
};
