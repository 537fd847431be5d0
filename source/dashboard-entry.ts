import process from 'node:process';
import type {GlobalOptions, Io} from './commands/command.js';
import {AzOsError} from './domain/errors.js';
import {AzOs} from './services/az-os.js';
import type {WorkerControl} from './services/worker-control.js';
import type {Instance} from 'ink';
import type {SearchService, taskContextRecorder} from './services/search-service.js';

export type DashboardOptions = {global: GlobalOptions; flags: Record<string, unknown>; io: Io};

/** Switches to the terminal's alternate screen and back, so quitting leaves the shell as it was. */
const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * `az-os` with no command: the dashboard, with an embedded worker (on its own thread) unless --no-worker
 * or --readonly. Ink, React and the runner are imported lazily from here so other commands never pay for them.
 */
export async function runDashboard({global, flags, io}: DashboardOptions): Promise<number> {
	const stdout = io.stdout as NodeJS.WriteStream;
	if (!process.stdin.isTTY || !stdout.isTTY) {
		throw new AzOsError('USAGE', 'the dashboard needs an interactive terminal: run it in a terminal, or use a command (az-os --help)');
	}

	const readonly = flags['readonly'] === true;
	// Tasks added from the dashboard get the environment as it was when az-os started (render-dashboard sets NODE_ENV).
	const env = {...io.env};
	const azos = AzOs.open({dataDir: global.dataDir});
	let worker: WorkerControl | null = null;
	let instance: Instance | undefined;
	let search: SearchService | undefined;
	let contexts: ReturnType<typeof taskContextRecorder> | undefined;
	let entered = false;
	let restored = false;
	const restore = () => {
		if (!entered || restored) return;
		restored = true;
		stdout.write(leaveAlternateScreen);
	};

	// The terminal closed (its window, ssh, tmux kill): quit like q, so the worker stops cleanly. Writes to the
	// dead terminal fail (EIO) and must not end the process before that; reading it fails too, sometimes before
	// the SIGHUP arrives; and a hangup often comes twice (the terminal, then its shell): all of it until the end.
	let hungUp = false;
	const onHangup = () => {
		if (hungUp) return;
		hungUp = true;
		io.stderr.on('error', () => {});
		stdout.on('error', () => {});
		instance?.unmount();
	};

	process.on('SIGHUP', onHangup);
	process.stdin.on('error', onHangup);
	try {
		// A read-only dashboard only watches: it runs no tasks either.
		if (flags['worker'] !== false && !readonly) {
			const {startEmbeddedWorker} = await import('./runner/embedded.js');
			if (azos.store.config.getBoolean('search.record_task_contexts')) {
				// Finished tasks become searchable contexts, embedded in the background; a failure only loses that context.
				contexts = (await import('./services/search-service.js')).taskContextRecorder({dataDir: global.dataDir, store: azos.store, env});
			}

			worker = await startEmbeddedWorker({
				dataDir: global.dataDir,
				onTaskFinished(task, result) {
					if (task.status === 'completed' || task.status === 'failed') void contexts?.onTaskFinished(task, result);
				},
			});
		}

		if (hungUp || io.signal.aborted) return 0;
		const [{renderDashboard}, {SearchService}] = await Promise.all([import('./ui/render-dashboard.js'), import('./services/search-service.js')]);
		// Search opens its store and loads its model on the first query, not now.
		search = new SearchService({dataDir: global.dataDir, db: azos.store.db, env, clock: azos.clock});
		stdout.write(enterAlternateScreen);
		entered = true;
		// If something kills the process before a clean quit, still give the shell its screen back.
		process.once('exit', restore);
		const shown = renderDashboard({azos, worker, readonly, cwd: io.cwd, env, search}, {stdout, stdin: process.stdin});
		instance = shown;
		const onAbort = () => shown.unmount();
		io.signal.addEventListener('abort', onAbort, {once: true});
		try {
			await shown.waitUntilExit();
		} finally {
			io.signal.removeEventListener('abort', onAbort);
			shown.cleanup();
		}

		return 0;
	} finally {
		restore();
		process.off('exit', restore);
		if (worker) {
			const running = azos.store.tasks.count({status: 'running'});
			if (running > 0 && !hungUp) {
				io.stderr.write(`az-os: stopping the embedded worker: running tasks get time to finish, then are cancelled (Ctrl-C twice stops at once)\n`);
			}

			await worker.stop();
		}

		await contexts?.close();

		await search?.close();
		azos.close();
		process.off('SIGHUP', onHangup);
		process.stdin.off('error', onHangup);
	}
}
