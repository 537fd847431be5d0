import type {Key} from 'ink';
import {AzOsError} from '../domain/errors.js';
import {shortId, truncate} from '../domain/format.js';
import type {Priority} from '../domain/priority.js';
import {shiftPriority} from '../domain/priority.js';
import type {TaskStatus} from '../domain/task.js';
import {nextTaskStatus} from '../domain/task.js';
import type {Task} from '../domain/types.js';
import type {AzOs} from '../services/az-os.js';
import type {WorkerControl} from '../services/worker-control.js';
import type {KeyBinding, KeyContext} from './keymap.js';
import {bindingFor, Command} from './keymap.js';
import {LogTailModel} from './log-tail-model.js';
import {QueueModel} from './queue-model.js';

export type PaneId = 'queue' | 'logs' | 'cost' | (string & {});

export type Mode =
	| {kind: 'normal'}
	| {kind: 'help'}
	| {kind: 'filter'; text: string}
	| {kind: 'confirm-cancel'; task: Task}
	| {kind: 'add-command'; text: string}
	| {kind: 'add-priority'; command: string; priority: Priority};

export type PaneKeyHandler = (input: string, key: Key, binding: KeyBinding | undefined) => boolean;

export type Message = {text: string; tone: 'info' | 'error'; at: number};

export type DashboardOptions = {
	azos: AzOs;
	/** The embedded worker, or null when the dashboard only watches (--no-worker). */
	worker: WorkerControl | null;
	readonly: boolean;
	/** Captured for tasks added from the dashboard, like `az-os add` does. */
	cwd: string;
	env: NodeJS.ProcessEnv;
	onQuit: () => void;
	/** Panes in focus order (1..N); the search pane joins this list when it exists. */
	panes?: readonly PaneId[];
	/**
	 * Key handlers of extra panes (the search pane), asked first while their pane has the focus and no prompt
	 * is open. `binding` is what the key means in the pane's own key map context, if the pane added one to
	 * keymap.ts. Return true when the key was used; otherwise the global keys apply.
	 */
	paneKeys?: ReadonlyMap<PaneId, PaneKeyHandler>;
	/** Wall clock for message expiry. */
	now?: () => number;
	/** How long the filter waits after the last typed character before querying (ms). */
	filterDelayMs?: number;
};

export const statusCycle: ReadonlyArray<TaskStatus | undefined> = [undefined, 'running', 'pending', 'retrying', 'failed', 'completed', 'cancelled'];
const messageLifetimeMs = 6000;
const actor = 'dashboard';

/**
 * The dashboard's state and behaviour, outside React: one object that key handlers call synchronously
 * (so fast key sequences never read a stale selection) and components read from. Components re-render
 * through `subscribe`/`version` (useSyncExternalStore).
 */
export class DashboardController {
	readonly queue: QueueModel;
	readonly logs: LogTailModel;
	readonly panes: readonly PaneId[];
	mode: Mode = {kind: 'normal'};
	focus = 0;
	message: Message | undefined;
	counts: Record<TaskStatus, number>;
	logHeight = 10;
	private versionValue = 0;
	private readonly listeners = new Set<() => void>();
	private filterTimer: NodeJS.Timeout | undefined;
	private readonly now: () => number;

	constructor(readonly options: DashboardOptions) {
		const {store} = options.azos;
		this.queue = new QueueModel(store);
		this.logs = new LogTailModel(store, Math.max(100, store.config.getNumber('ui.log_buffer_lines')));
		this.panes = options.panes ?? ['queue', 'logs', 'cost'];
		this.now = options.now ?? Date.now;
		this.counts = store.tasks.countByStatus();
		this.queue.refresh();
		this.logs.setTask(this.queue.selected()?.id);
	}

	get readonly(): boolean {
		return this.options.readonly;
	}

	get worker(): WorkerControl | null {
		return this.options.worker;
	}

	get focusedPane(): PaneId {
		return this.panes[this.focus] ?? 'queue';
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly version = (): number => this.versionValue;

	changed(): void {
		this.versionValue++;
		for (const listener of this.listeners) listener();
	}

	/** Periodic refresh: tasks change status and arrive from other processes. */
	tick(): void {
		this.counts = this.options.azos.store.tasks.countByStatus();
		this.queue.refresh();
		this.followSelection();
		if (this.message && this.now() - this.message.at > messageLifetimeMs) this.message = undefined;
		this.changed();
	}

	/** Reads new log lines of the selected task; re-renders only when there are some. */
	pollLogs(): void {
		if (this.logs.poll()) this.changed();
	}

	setViewport(queueRows: number, logRows: number): void {
		this.logHeight = Math.max(1, logRows);
		this.queue.setHeight(queueRows);
		this.followSelection();
		this.changed();
	}

	dispose(): void {
		clearTimeout(this.filterTimer);
		this.listeners.clear();
	}

	/** Contexts whose bindings apply now, most specific first. */
	contexts(): KeyContext[] {
		switch (this.mode.kind) {
			case 'help':
				return ['help'];
			case 'confirm-cancel':
				return ['confirm'];
			case 'filter':
			case 'add-command':
				return ['input'];
			case 'add-priority':
				return ['choice'];
			case 'normal': {
				const pane = this.focusedPane;
				if (pane === 'search') return ['search', 'global'];
				return pane === 'queue' ? ['queue', 'global'] : pane === 'logs' ? ['logs', 'global'] : ['global'];
			}
		}
	}

	/** Contexts whose keys the footer shows: a pane that takes typing (search) shows only its own. */
	hintContexts(): KeyContext[] {
		const contexts = this.contexts();
		return contexts[0] === 'search' ? ['search'] : contexts;
	}

	handleKey(input: string, key: Key): void {
		try {
			this.dispatchKey(input, key);
		} catch (error) {
			this.say(error instanceof AzOsError ? error.message : `unexpected error: ${(error as Error).message}`, 'error');
		}

		this.changed();
	}

	private dispatchKey(input: string, key: Key): void {
		const contexts = this.contexts();
		const binding = bindingFor(contexts, input, key);
		switch (this.mode.kind) {
			case 'help':
				if (binding?.command === Command.Close) this.mode = {kind: 'normal'};
				return;
			case 'confirm-cancel':
				this.answerCancel(this.mode.task, binding?.command === Command.Confirm);
				return;
			case 'filter':
			case 'add-command':
				this.editText(this.mode, binding, input, key);
				return;
			case 'add-priority':
				this.choosePriority(this.mode, binding);
				return;
			case 'normal': {
				const paneKeys = this.options.paneKeys?.get(this.focusedPane);
				if (paneKeys?.(input, key, bindingFor([this.focusedPane as KeyContext], input, key))) return;
				if (binding) this.run(binding, input);
			}
		}
	}

	private run(binding: KeyBinding, input: string): void {
		if (binding.action === true && this.readonly) {
			this.say(`read-only dashboard (--readonly): "${binding.label}" (${binding.description}) is disabled`, 'error');
			return;
		}

		const inLogs = this.focusedPane === 'logs' && binding.context === 'logs';
		switch (binding.command) {
			case Command.Quit:
				this.options.onQuit();
				return;
			case Command.Help:
				this.mode = {kind: 'help'};
				return;
			case Command.Close:
				if (binding.context === 'search' || !['queue', 'logs', 'cost'].includes(this.focusedPane)) {
					// Esc backs out of a pane that takes typing, to the tasks.
					this.focus = 0;
					return;
				}

				if (this.queue.filter.text || this.queue.filter.status) {
					this.queue.setFilter({});
					this.followSelection();
					this.say('filter cleared');
				} else {
					this.message = undefined;
				}

				return;
			case Command.FocusNext:
				this.focus = (this.focus + 1) % this.panes.length;
				return;
			case Command.FocusPrevious:
				this.focus = (this.focus - 1 + this.panes.length) % this.panes.length;
				return;
			case Command.FocusPane: {
				const index = Number(input) - 1;
				if (index < this.panes.length) this.focus = index;
				return;
			}

			case Command.Down:
				if (inLogs) this.logs.scrollDown(this.logHeight);
				else this.moveQueue(() => this.queue.down());
				return;
			case Command.Up:
				if (inLogs) this.logs.scrollUp(this.logHeight);
				else this.moveQueue(() => this.queue.up());
				return;
			case Command.PageDown:
				if (inLogs) this.logs.scrollDown(this.logHeight, this.logHeight);
				else this.moveQueue(() => this.queue.pageDown());
				return;
			case Command.PageUp:
				if (inLogs) this.logs.scrollUp(this.logHeight, this.logHeight);
				else this.moveQueue(() => this.queue.pageUp());
				return;
			case Command.Top:
				if (inLogs) this.logs.toTop();
				else this.moveQueue(() => this.queue.top());
				return;
			case Command.Bottom:
				if (inLogs) this.logs.follow();
				else this.moveQueue(() => this.queue.bottom());
				return;
			case Command.ToggleFollow:
				this.logs.toggleFollow(this.logHeight);
				return;
			case Command.ToggleTimestamps:
				this.logs.timestamps = !this.logs.timestamps;
				return;
			case Command.Filter:
				this.mode = {kind: 'filter', text: this.queue.filter.text ?? ''};
				return;
			case Command.StatusFilter: {
				const next = statusCycle[(statusCycle.indexOf(this.queue.filter.status ?? undefined) + 1) % statusCycle.length];
				this.moveQueue(() => this.queue.setFilter({...this.queue.filter, status: next}));
				return;
			}

			case Command.Cancel:
				this.askCancel();
				return;
			case Command.Retry: {
				const task = this.requireSelected();
				if (task.status !== 'failed') throw new AzOsError('ILLEGAL_TRANSITION', `task ${shortId(task.id)} is ${task.status}: only failed tasks can be retried`);
				const retried = this.options.azos.retry(task.id, actor);
				this.afterChange(`retrying ${shortId(retried.id)}: it waits for a worker again`);
				return;
			}

			case Command.Add:
				this.mode = {kind: 'add-command', text: ''};
				return;
			case Command.PriorityUp:
			case Command.PriorityDown:
				this.shiftSelectedPriority(binding.command === Command.PriorityUp ? 1 : -1);
				return;
			case Command.PauseWorker:
				this.toggleWorker();
				return;
			default:
		}
	}

	private requireSelected(): Task {
		const task = this.queue.selected();
		if (!task) throw new AzOsError('NOT_FOUND', 'no task selected: add one with "a"');
		return task;
	}

	private askCancel(): void {
		const task = this.requireSelected();
		if (!nextTaskStatus(task.status, 'user_cancel', {retriesRemaining: 0}).ok) {
			throw new AzOsError('ILLEGAL_TRANSITION', `task ${shortId(task.id)} is ${task.status}: only waiting or running tasks can be cancelled`);
		}

		this.mode = {kind: 'confirm-cancel', task};
	}

	private answerCancel(task: Task, confirmed: boolean): void {
		this.mode = {kind: 'normal'};
		if (!confirmed) {
			this.say(`cancel aborted: task ${shortId(task.id)} left as it was`);
			return;
		}

		const cancelled = this.options.azos.cancel(task.id, actor);
		const more = cancelled.length - 1;
		this.afterChange(`cancelled ${shortId(task.id)}${more > 0 ? ` and ${more} subtask${more === 1 ? '' : 's'}` : ''}`);
	}

	private shiftSelectedPriority(steps: number): void {
		const task = this.requireSelected();
		const priority = shiftPriority(task.priority, steps);
		if (priority === task.priority) {
			this.say(`task ${shortId(task.id)} is already ${task.priority}`, 'error');
			return;
		}

		this.options.azos.setPriority(task.id, priority, actor);
		this.afterChange(`task ${shortId(task.id)} is now ${priority}`);
	}

	private toggleWorker(): void {
		const {worker} = this.options;
		if (!worker) throw new AzOsError('UNAVAILABLE', 'no embedded worker in this dashboard (started with --no-worker): run "az-os worker" to process tasks');
		if (worker.state === 'running') {
			worker.pause();
			this.say('worker paused: running tasks go on, no new ones start');
		} else if (worker.state === 'paused') {
			worker.resume();
			this.say('worker resumed');
		} else {
			throw new AzOsError('UNAVAILABLE', `the worker is ${worker.state}: it can be paused only while running`);
		}
	}

	private editText(mode: Extract<Mode, {kind: 'filter' | 'add-command'}>, binding: KeyBinding | undefined, input: string, key: Key): void {
		let text = mode.text;
		if (binding?.command === Command.Close) {
			this.mode = {kind: 'normal'};
			if (mode.kind === 'filter') this.applyFilter('');
			else this.say('add cancelled');
			return;
		}

		if (binding?.command === Command.Submit) {
			if (mode.kind === 'filter') {
				this.mode = {kind: 'normal'};
				this.applyFilter(text);
				return;
			}

			if (text.trim() === '') throw new AzOsError('INVALID_INPUT', 'the command is empty: type the command to run, or esc to cancel');
			this.mode = {kind: 'add-priority', command: text.trim(), priority: 'normal'};
			return;
		}

		this.message = undefined;
		if (binding?.command === Command.Erase) text = text.slice(0, -1);
		else if (!key.ctrl && !key.meta && !key.tab && !key.escape && !key.return && input.length > 0) text += input.replace(/[\r\n]+/g, ' ');
		else return;
		this.mode = {...mode, text};
		if (mode.kind === 'filter') this.scheduleFilter(text);
	}

	private scheduleFilter(text: string): void {
		clearTimeout(this.filterTimer);
		// Querying on every character would make typing wait on a table scan; wait for a pause instead.
		this.filterTimer = setTimeout(() => {
			this.applyFilter(text);
			this.changed();
		}, this.options.filterDelayMs ?? 120);
	}

	private applyFilter(text: string): void {
		clearTimeout(this.filterTimer);
		if ((this.queue.filter.text ?? '') === text.trim()) return;
		this.moveQueue(() => this.queue.setFilter({...this.queue.filter, text}));
	}

	private choosePriority(mode: Extract<Mode, {kind: 'add-priority'}>, binding: KeyBinding | undefined): void {
		switch (binding?.command) {
			case Command.Close:
				this.mode = {kind: 'normal'};
				this.say('add cancelled');
				return;
			case Command.Up:
			case Command.Down:
				this.mode = {...mode, priority: shiftPriority(mode.priority, binding.command === Command.Up ? 1 : -1)};
				return;
			case Command.Submit: {
				this.mode = {kind: 'normal'};
				const {env, cwd} = this.options;
				const task = this.options.azos.addTask(
					{
						command: mode.command,
						priority: mode.priority,
						cwd,
						env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
					},
					actor,
				);
				this.afterChange(`added ${shortId(task.id)} (${task.priority}): ${truncate(task.command, 40)}`);
				return;
			}

			default:
		}
	}

	private moveQueue(move: () => void): void {
		move();
		this.followSelection();
	}

	private followSelection(): void {
		this.logs.setTask(this.queue.selected()?.id);
	}

	private afterChange(text: string): void {
		this.counts = this.options.azos.store.tasks.countByStatus();
		this.queue.refresh();
		this.followSelection();
		this.say(text);
	}

	say(text: string, tone: Message['tone'] = 'info'): void {
		this.message = {text, tone, at: this.now()};
	}
}

