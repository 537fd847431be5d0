import {AzOsError} from '../domain/errors.js';
import type {TaskLog} from '../domain/types.js';
import {isLogLevel, logLevels} from '../domain/types.js';
import {followLogs} from '../services/log-follow.js';
import type {Command} from './command.js';
import {requireId} from './command.js';

export const logsCommand: Command = {
	name: 'logs',
	summary: "Print a task's log lines; --follow keeps printing new ones until the task ends.",
	usage: 'logs <id> [--level L] [--follow] [--tail N] [--json]',
	details: 'With --json, one JSON object per line (JSON Lines), so --follow output can be piped.',
	flags: {
		level: {type: 'string', shortFlag: 'l', description: `only lines at or above: ${logLevels.join(', ')}`, value: 'L'},
		follow: {type: 'boolean', shortFlag: 'f', description: 'keep printing new lines as any process writes them, until the task ends'},
		tail: {type: 'number', shortFlag: 'n', description: 'start with only the last N lines'},
		timestamps: {type: 'boolean', shortFlag: 't', description: 'prefix each line with its time'},
	},
	async run({input, flags, global, io, open}) {
		const level = flags['level'] as string | undefined;
		if (level !== undefined && !isLogLevel(level)) throw new AzOsError('USAGE', `unknown level "${level}": use one of ${logLevels.join(', ')}`);
		const tail = flags['tail'] as number | undefined;
		if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new AzOsError('USAGE', `--tail must be a whole number >= 0, got ${tail}`);
		const {store} = open();
		const task = store.tasks.require(requireId(input));
		const write = (line: TaskLog) => {
			if (global.json) io.stdout.write(`${JSON.stringify(line)}\n`);
			else io.stdout.write(`${flags['timestamps'] ? `${line.timestamp} ` : ''}${line.level === 'info' ? '' : `[${line.level}] `}${line.message}\n`);
		};

		// --tail N starts just before the Nth line from the end (tail 0: after the last line).
		const afterId = tail === undefined ? 0 : tail === 0 ? (store.logs.tail(task.id, 1)[0]?.id ?? 0) : (store.logs.tail(task.id, tail)[0]?.id ?? 1) - 1;
		for await (const batch of followLogs(store, task.id, {
			afterId,
			minLevel: level as TaskLog['level'] | undefined,
			follow: flags['follow'] === true,
			signal: io.signal,
		})) {
			for (const line of batch) write(line);
		}
	},
};
