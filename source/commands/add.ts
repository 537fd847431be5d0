import {AzOsError} from '../domain/errors.js';
import {parsePriority} from '../domain/priority.js';
import type {Command} from './command.js';
import {usage} from './command.js';
import {shortId} from './format.js';

export const addCommand: Command = {
	name: 'add',
	summary: 'Queue a task: a shell command (or, with --model, an agent prompt). Prints the new id.',
	usage: 'add [options] <command...>',
	details: `The working directory and environment are captured now; the task runs there later.
Quote the command, or put it after --:  az-os add -- ls -la /tmp

Examples:
  az-os add "make test" --priority high
  az-os add --after 01JD3K7Q --retries 2 -- ./deploy.sh`,
	flags: {
		priority: {type: 'string', shortFlag: 'p', default: 'normal', description: 'critical, high, normal or low', value: 'P'},
		model: {type: 'string', shortFlag: 'm', description: 'run as an agent task with this model', value: 'M'},
		parent: {type: 'string', description: 'make it a subtask of this task', value: 'ID'},
		after: {type: 'string', isMultiple: true, description: 'start only after these tasks completed (comma-separated or repeated)', value: 'ID[,ID]'},
		retries: {type: 'number', description: 'automatic retries on failure (default: config runner.max_retries)'},
		timeout: {type: 'number', description: 'fail the task after this many seconds', value: 'S'},
	},
	run({input, flags, global, io, open, print, printJson}) {
		const command = input.join(' ').trim();
		if (command === '') throw new AzOsError('USAGE', 'the command is empty: az-os add "<command>"');
		const priority = usage(() => parsePriority(String(flags['priority'] ?? 'normal')));
		const after = ((flags['after'] as string[] | undefined) ?? []).flatMap(value => value.split(',')).map(value => value.trim()).filter(Boolean);
		const retries = flags['retries'] as number | undefined;
		const timeout = flags['timeout'] as number | undefined;
		if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) throw new AzOsError('USAGE', `--retries must be a whole number >= 0, got ${retries}`);
		if (timeout !== undefined && !(timeout > 0)) throw new AzOsError('USAGE', `--timeout must be a number of seconds > 0, got ${timeout}`);
		const task = open().addTask({
			command,
			priority,
			model: (flags['model'] as string | undefined) || null,
			parentTaskId: (flags['parent'] as string | undefined) ?? null,
			dependsOn: after,
			cwd: io.cwd,
			env: Object.fromEntries(Object.entries(io.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
			maxRetries: retries,
			timeoutMs: timeout === undefined ? null : Math.round(timeout * 1000),
		});
		if (global.json) printJson(task);
		else print(io.stdout.isTTY ? `added ${task.id} (${shortId(task.id)}) ${task.status} ${task.priority}` : task.id);
	},
};
