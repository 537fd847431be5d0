import {render} from 'ink-testing-library';
import {AzOs} from '../../source/services/az-os.js';
import type {WorkerControl, WorkerState} from '../../source/services/worker-control.js';
import type {AppProps} from '../../source/ui/App.js';
import {App} from '../../source/ui/App.js';
import {tempDir} from '../helpers/temp.js';

/** Escape sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	escape: '\u001B',
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

/** Polls until `check` passes (Ink renders a new frame one event-loop turn after input), or fails with its last error. */
export async function waitFor(check: () => void, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	for (;;) {
		try {
			check();
			return;
		} catch (error) {
			if (Date.now() - started > timeoutMs) throw error;
			await new Promise(resolve => setTimeout(resolve, 10));
		}
	}
}

/** A worker the dashboard can pause and resume: it records what the UI asked for (the UI's job is to call it). */
export class RecordingWorker implements WorkerControl {
	state: WorkerState = 'running';
	readonly calls: string[] = [];
	private readonly listeners = new Set<(state: WorkerState) => void>();

	private set(state: WorkerState): void {
		this.state = state;
		for (const listener of this.listeners) listener(state);
	}

	pause(): void {
		this.calls.push('pause');
		this.set('paused');
	}

	resume(): void {
		this.calls.push('resume');
		this.set('running');
	}

	async stop(): Promise<void> {
		this.calls.push('stop');
		this.set('stopped');
	}

	onChange(listener: (state: WorkerState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

export type Dashboard = ReturnType<typeof render> & {azos: AzOs; dataDir: string; quit: {count: number}; press(...sequence: string[]): Promise<void>};

/** Opens a fresh data dir (or the given one), lets `seed` fill it, and renders the dashboard on it. */
export function openDashboard(options: {seed?: (azos: AzOs) => void; props?: Partial<AppProps>; dataDir?: string} = {}): Dashboard {
	const dataDir = options.dataDir ?? tempDir();
	const azos = AzOs.open({dataDir});
	options.seed?.(azos);
	const quit = {count: 0};
	const instance = render(
		<App
			azos={azos}
			worker={null}
			cwd={dataDir}
			env={{PATH: '/usr/bin', AZ_TEST: '1'}}
			size={{columns: 100, rows: 30}}
			logPollMs={20}
			tickMs={100}
			budgetRefreshMs={100}
			onQuit={() => quit.count++}
			{...options.props}
		/>,
	);
	const dashboard = Object.assign(instance, {
		azos,
		dataDir,
		quit,
		async press(...sequence: string[]) {
			for (const key of sequence) {
				instance.stdin.write(key);
				// Each key is its own read, as when typed.
				await new Promise(resolve => setTimeout(resolve, 5));
			}
		},
	});
	return dashboard as Dashboard;
}

export function frame(dashboard: Dashboard): string {
	return dashboard.lastFrame() ?? '';
}
