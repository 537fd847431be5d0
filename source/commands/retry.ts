import type {Command} from './command.js';
import {requireId} from './command.js';
import {shortId} from './format.js';

export const retryCommand: Command = {
	name: 'retry',
	summary: 'Retry a failed task: it waits for a worker again.',
	usage: 'retry <id>',
	flags: {},
	run({input, global, open, print, printJson}) {
		const task = open().retry(requireId(input), 'cli');
		if (global.json) printJson(task);
		else print(`retrying ${shortId(task.id)} ${task.command}`);
	},
};
