import type { Command } from '../run-cli.js';
import { UserError } from '../../sessions/errors.js';

export const render: Command = async () => {
	throw new UserError('render: not built yet');
};
