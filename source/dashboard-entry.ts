import process from 'node:process';
import type {GlobalOptions, Io} from './commands/command.js';
import {AzOsError} from './domain/errors.js';
import {AzOs} from './services/az-os.js';
import type {WorkerControl} from './services/worker-control.js';

export type DashboardOptions = {global: GlobalOptions; flags: Record<string, unknown>; io: Io};

/** Switches to the terminal's alternate screen and back, so quitting leaves the shell as it was. */
const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * `az-os` with no command: the dashboard. Ink and React are imported lazily from here so that other
 * commands never pay for them.
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
	const worker: WorkerControl | null = null;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(leaveAlternateScreen);
	};

	try {
		const {renderDashboard} = await import('./ui/render-dashboard.js');
		stdout.write(enterAlternateScreen);
		// If something kills the process before a clean quit, still give the shell its screen back.
		process.once('exit', restore);
		const instance = renderDashboard({azos, worker, readonly, cwd: io.cwd, env}, {stdout, stdin: process.stdin});
		const onAbort = () => instance.unmount();
		io.signal.addEventListener('abort', onAbort, {once: true});
		try {
			await instance.waitUntilExit();
		} finally {
			io.signal.removeEventListener('abort', onAbort);
			instance.cleanup();
		}

		return 0;
	} finally {
		await (worker as WorkerControl | null)?.stop();
		azos.close();
		restore();
		process.off('exit', restore);
	}
}
