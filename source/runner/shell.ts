import {spawn} from 'node:child_process';
import type {LogWriter} from './log-writer.js';
import {LineSplitter} from './log-writer.js';
import {killGroup} from './process-group.js';

export type ShellExit = {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	durationMs: number;
	/** Set when the shell itself could not be started (spawn failed). */
	startError?: string;
};

export type ShellRun = {
	/** Process id of the shell, which is also its process group id; undefined when spawning failed. */
	readonly pid: number | undefined;
	readonly finished: Promise<ShellExit>;
	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the group is gone. */
	stop(graceMs: number): Promise<NodeJS.Signals | undefined>;
};

export type ShellOptions = {
	command: string;
	cwd: string;
	env: NodeJS.ProcessEnv;
	log: LogWriter;
	/** After the shell exits, how long to wait for its pipes to close (a background child may hold them). */
	drainMs?: number;
};

/**
 * Runs `/bin/sh -c command` in its own process group (so a kill reaches grandchildren), logging stdout
 * lines at info and stderr lines at error in the order they arrive.
 */
export function startShell(options: ShellOptions): ShellRun {
	const started = performance.now();
	const child = spawn('/bin/sh', ['-c', options.command], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stdout = new LineSplitter(line => options.log.writeOutput('info', line, 'stdout'));
	const stderr = new LineSplitter(line => options.log.writeOutput('error', line, 'stderr'));
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

	const finished = new Promise<ShellExit>(resolve => {
		let settled = false;
		let exit: {code: number | null; signal: NodeJS.Signals | null} | undefined;
		const finish = (startError?: string) => {
			if (settled) return;
			settled = true;
			stdout.end();
			stderr.end();
			resolve({
				exitCode: exit?.code ?? null,
				signal: exit?.signal ?? null,
				durationMs: Math.round(performance.now() - started),
				...(startError === undefined ? {} : {startError}),
			});
		};

		child.on('error', error => {
			// Only a failed spawn reaches here with no exit; later errors (e.g. a failed kill) are not fatal.
			if (child.pid === undefined) finish(error.message);
		});
		child.on('exit', (code, signal) => {
			exit = {code, signal};
			const drain = setTimeout(() => {
				// A background child still holds the pipes: stop reading them; the task itself is over.
				child.stdout.destroy();
				child.stderr.destroy();
				finish();
			}, options.drainMs ?? 1000);
			drain.unref();
		});
		child.on('close', () => finish());
	});

	return {
		pid: child.pid,
		finished,
		async stop(graceMs) {
			if (child.pid === undefined) return undefined;
			return killGroup(child.pid, graceMs);
		},
	};
}
