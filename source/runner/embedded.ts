import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker as Thread} from 'node:worker_threads';
import {AzOsError} from '../domain/errors.js';
import type {Task} from '../domain/types.js';
import type {WorkerControl, WorkerState} from '../services/worker-control.js';
import type {EmbeddedWorkerData, FromThread, ToThread} from './embedded-protocol.js';
import type {TaskResult} from './worker.js';

export type EmbeddedWorkerOptions = {
	dataDir: string;
	concurrency?: number;
	pollMs?: number;
	shutdownGraceMs?: number;
	/** Runs on the calling thread, with a copy of the task as it was when the run ended. */
	onTaskFinished?: (task: Task, result: TaskResult) => void | Promise<void>;
	/** Problems the worker reports without stopping (default: ignored, they are in the task logs). */
	onError?: (message: string) => void;
};

/**
 * The thread: the compiled .js next to this file in dist; from source (tests, tsx) the .ts, loaded after
 * registering tsx's loader inside the thread (a thread inherits no loader, and `execArgv: ['--import',
 * 'tsx']` does not reach the thread's entry module on Node 20).
 */
function threadEntry(): {entry: URL | string; eval: boolean} {
	const compiled = new URL('./embedded-thread.js', import.meta.url);
	if (existsSync(fileURLToPath(compiled))) return {entry: compiled, eval: false};
	const source = new URL('./embedded-thread.ts', import.meta.url).href;
	const bootstrap = `import('tsx/esm/api').then(api => { api.register(); return import(${JSON.stringify(source)}); })
		.catch(error => { process.nextTick(() => { throw error; }); });`;
	return {entry: bootstrap, eval: true};
}

/**
 * Runs the same Worker as `az-os worker` on a worker_threads thread with its own database connection
 * (better-sqlite3 is synchronous: the host's event loop must never wait on a lock). Resolves once the
 * worker is registered and running; stop() resolves when the thread has exited.
 */
export function startEmbeddedWorker(options: EmbeddedWorkerOptions): Promise<WorkerControl> {
	const {entry, eval: isEval} = threadEntry();
	const data: EmbeddedWorkerData = {
		dataDir: options.dataDir,
		concurrency: options.concurrency,
		pollMs: options.pollMs,
		shutdownGraceMs: options.shutdownGraceMs,
		notifyTaskFinished: options.onTaskFinished !== undefined,
	};
	const thread = new Thread(entry, {workerData: data, eval: isEval});
	const listeners = new Set<(state: WorkerState) => void>();
	let state: WorkerState = 'starting';
	let exited = false;
	const exitedPromise = new Promise<number>(resolve => thread.once('exit', code => {
		exited = true;
		resolve(code);
	}));
	const setState = (next: WorkerState) => {
		if (next === state) return;
		state = next;
		for (const listener of listeners) listener(next);
	};

	const post = (message: ToThread) => {
		if (!exited) thread.postMessage(message);
	};

	let stopping: Promise<void> | undefined;
	const control: WorkerControl = {
		get state() {
			return state;
		},
		pause() {
			if (state === 'running') setState('paused');
			post({type: 'pause'});
		},
		resume() {
			if (state === 'paused') setState('running');
			post({type: 'resume'});
		},
		stop() {
			stopping ??= (async () => {
				if (!exited) setState('stopping');
				post({type: 'stop'});
				const code = await exitedPromise;
				setState('stopped');
				if (code !== 0) throw new AzOsError('RUNTIME', `the embedded worker thread exited with code ${code}`);
			})();
			return stopping;
		},
		onChange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};

	return new Promise<WorkerControl>((resolve, reject) => {
		let started = false;
		thread.on('message', (message: FromThread) => {
			switch (message.type) {
				case 'state':
					// Local pause/resume already moved the state; the thread confirms it.
					setState(message.state);
					if (message.state === 'running' && !started) {
						started = true;
						resolve(control);
					}

					break;
				case 'taskFinished':
					void Promise.resolve()
						.then(() => options.onTaskFinished?.(message.task, message.result))
						.catch((error: unknown) => options.onError?.(`onTaskFinished for task ${message.task.id}: ${(error as Error).message}`));
					break;
				case 'error':
					options.onError?.(message.message);
					break;
				case 'stopped':
					break;
			}
		});
		thread.once('error', error => {
			setState('stopped');
			if (!started) reject(error instanceof AzOsError ? error : new AzOsError('RUNTIME', `the embedded worker could not start: ${error.message}`, {cause: error}));
			else options.onError?.(`the embedded worker thread crashed: ${error.message}`);
		});
		void exitedPromise.then(code => {
			setState('stopped');
			if (!started) reject(new AzOsError('RUNTIME', `the embedded worker thread exited with code ${code} before it started`));
		});
	});
}
