import {AzOsError} from '../domain/errors.js';
import type {Task} from '../domain/types.js';
import type {Command} from './command.js';
import {shortId} from './format.js';

export const cancelCommand: Command = {
	name: 'cancel',
	summary: 'Cancel tasks (and their unfinished subtasks). A running task is killed by its worker.',
	usage: 'cancel <id...>',
	flags: {},
	run({input, global, open, print, printJson, io}) {
		if (input.length === 0) throw new AzOsError('USAGE', 'give at least one task id to cancel');
		const azos = open();
		const cancelled: Task[] = [];
		const errors: string[] = [];
		// Each id on its own: one bad id does not keep the others from being cancelled.
		for (const id of input) {
			try {
				cancelled.push(...azos.cancel(id, 'cli'));
			} catch (error) {
				if (!(error instanceof AzOsError)) throw error;
				errors.push(error.message);
			}
		}

		if (global.json) printJson({cancelled, errors});
		else for (const task of cancelled) print(`cancelled ${shortId(task.id)} ${task.command}`);
		for (const message of errors) io.stderr.write(`az-os: ${message}\n`);
		return errors.length > 0 ? 1 : 0;
	},
};
