import {AzOsError} from '../domain/errors.js';
import {isTaskStatus, taskStatuses} from '../domain/task.js';
import type {Command} from './command.js';
import {table, taskHeaders, taskRows} from './format.js';

export const listCommand: Command = {
	name: 'list',
	summary: 'List tasks, oldest first (the most recent --limit of them).',
	usage: 'list [--status S] [--limit N] [--json]',
	flags: {
		status: {type: 'string', shortFlag: 's', description: `only this status: ${taskStatuses.join(', ')}`, value: 'S'},
		limit: {type: 'number', shortFlag: 'n', default: 100, description: 'how many tasks at most'},
		filter: {type: 'string', shortFlag: 'f', description: 'only tasks whose command, model or id contains TEXT', value: 'TEXT'},
	},
	run({flags, global, io, open, print, printJson}) {
		const status = flags['status'] as string | undefined;
		if (status !== undefined && !isTaskStatus(status)) {
			throw new AzOsError('USAGE', `unknown status "${status}": use one of ${taskStatuses.join(', ')}`);
		}

		const limit = (flags['limit'] as number | undefined) ?? 100;
		if (!Number.isInteger(limit) || limit < 1) throw new AzOsError('USAGE', `--limit must be a whole number >= 1, got ${limit}`);
		const azos = open();
		const tasks = azos.store.tasks.list({status, limit, text: flags['filter'] as string | undefined});
		if (global.json) {
			printJson(tasks);
			return;
		}

		if (tasks.length === 0) {
			print(status ? `no ${status} tasks` : 'no tasks yet: add one with az-os add "<command>"');
			return;
		}

		print(table(taskHeaders, taskRows(tasks, azos.clock()), io.stdout.columns ?? 120));
	},
};
