import {AzOsError} from '../domain/errors.js';
import {Worker} from '../runner/worker.js';
import type {Command} from './command.js';
import {shortId} from './format.js';

export const workerCommand: Command = {
	name: 'worker',
	summary: 'Run queued tasks headless until stopped (Ctrl-C / SIGTERM: finish running tasks, then exit).',
	usage: 'worker [--concurrency N]',
	details: `Several workers (processes) may share one data dir: each task runs exactly once.
On SIGINT/SIGTERM the worker stops claiming, lets running tasks finish for --grace seconds,
cancels what is still running, and exits 0. A second Ctrl-C exits at once.`,
	flags: {
		concurrency: {type: 'number', shortFlag: 'c', description: 'tasks run at once (default: number of CPUs)'},
		grace: {type: 'number', default: 10, description: 'seconds running tasks get to finish after a stop signal', value: 'S'},
		contexts: {type: 'boolean', description: 'store finished tasks for search (--no-contexts: skip; default: config search.record_task_contexts)'},
	},
	async run({flags, global, io, open, print}) {
		const concurrency = flags['concurrency'] as number | undefined;
		if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
			throw new AzOsError('USAGE', `--concurrency must be a whole number >= 1, got ${concurrency}`);
		}

		const grace = (flags['grace'] as number | undefined) ?? 10;
		if (!(grace >= 0)) throw new AzOsError('USAGE', `--grace must be a number of seconds >= 0, got ${grace}`);
		const {store} = open();
		const contexts =
			((flags['contexts'] as boolean | undefined) ?? store.config.getBoolean('search.record_task_contexts'))
				? (await import('../services/search-service.js')).taskContextRecorder({
						dataDir: global.dataDir,
						store,
						env: io.env,
						onError: error => io.stderr.write(`az-os: task context not stored: ${error.message}\n`),
					})
				: undefined;
		const worker = new Worker({
			store,
			concurrency,
			shutdownGraceMs: Math.round(grace * 1000),
			onError: message => io.stderr.write(`az-os: ${message}\n`),
			onTaskFinished(task, result) {
				if (global.json) io.stdout.write(`${JSON.stringify({event: 'task_finished', task, result})}\n`);
				else print(`${task.status.padEnd(9)} ${shortId(task.id)} ${task.command}${task.statusReason ? ` (${task.statusReason})` : ''}`);
				// In the background: the next task need not wait for an embedding.
				if (task.status === 'completed' || task.status === 'failed') void contexts?.onTaskFinished(task, result);
			},
		});
		if (io.signal.aborted) {
			await contexts?.close();
			return 0;
		}

		worker.start();
		if (global.json) io.stdout.write(`${JSON.stringify({event: 'worker_started', workerId: worker.workerId, concurrency: worker.concurrency})}\n`);
		else print(`worker ${worker.workerId} running up to ${worker.concurrency} tasks on ${global.dataDir} (Ctrl-C stops)`);
		await new Promise<void>(resolve => io.signal.addEventListener('abort', () => resolve(), {once: true}));
		const running = worker.runningTaskIds.length;
		if (!global.json && running > 0) print(`stopping: waiting up to ${grace} s for ${running} running task${running === 1 ? '' : 's'}`);
		await worker.stop();
		await contexts?.close();
		if (global.json) io.stdout.write(`${JSON.stringify({event: 'worker_stopped', workerId: worker.workerId})}\n`);
		else print(`worker ${worker.workerId} stopped`);
		return 0;
	},
};
