import {statSync} from 'node:fs';
import {availableParallelism, hostname} from 'node:os';
import {ulid} from 'ulid';
import {AzOsError} from '../domain/errors.js';
import type {Clock, Task} from '../domain/types.js';
import {writeTransaction} from '../store/db.js';
import {Store} from '../store/store.js';
import type {WorkerControl, WorkerState} from '../services/worker-control.js';
import {applyBudget} from './budget-engine.js';
import {LogWriter} from './log-writer.js';
import {recoverLostTasks} from './recovery.js';
import {failRunningTask} from './retry.js';
import {claimNext, failBlockedDependents} from './scheduler.js';
import type {ShellExit, ShellRun} from './shell.js';
import {startShell} from './shell.js';
import {ToolCall} from './tool-call.js';
import {registerWorker, setWorkerState} from './workers-table.js';

export type TaskResult = {exitCode: number | null; signal: string | null; durationMs: number; lastLines: string[]};

export type WorkerOptions = {
	/** Open this data dir (the worker closes it when it stops) ... */
	dataDir?: string;
	/** ... or use this store (left open). */
	store?: Store;
	/** Tasks run at once (default: the number of CPUs). */
	concurrency?: number;
	clock?: Clock;
	workerId?: string;
	/** How often to look for work and cancellations (default: config runner.poll_ms). */
	pollMs?: number;
	/** How long stop() lets running tasks finish before cancelling them (default 10 s). */
	shutdownGraceMs?: number;
	/** Called after each task run ends (its row already final or retrying). Errors are reported, not thrown. */
	onTaskFinished?: (task: Task, result: TaskResult) => void | Promise<void>;
	/** Where the worker reports problems that do not stop it (default: stderr). */
	onError?: (message: string) => void;
};

type RunningTask = {
	task: Task;
	shell?: ShellRun;
	log: LogWriter;
	/** Set when the worker started killing the process group, with why. */
	stopping?: Promise<unknown>;
	stopReason?: string;
	timedOut?: boolean;
	/** From queued to claimed, recorded with the run's end (one transaction fewer per task). */
	waitedMs: number;
};

/** How often recovery, dependency failures, budget rollover and the queue-depth metric run. */
const housekeepingMs = 1000;

/**
 * Claims runnable tasks (priority, then age) up to `concurrency`, runs shell tasks in their own process
 * group, watches its running tasks for cancellation, renews their leases, and retries failures with backoff.
 * Several workers, in one process or many, may share a data dir. Implements WorkerControl.
 */
export class Worker implements WorkerControl {
	readonly workerId: string;
	readonly store: Store;
	readonly concurrency: number;
	private readonly ownsStore: boolean;
	private readonly pollMs: number;
	private leaseMs: number;
	private readonly shutdownGraceMs: number;
	private readonly running = new Map<string, RunningTask>();
	private readonly listeners = new Set<(state: WorkerState) => void>();
	private currentState: WorkerState = 'starting';
	private timer: NodeJS.Timeout | undefined;
	private ticking = false;
	private lastHeartbeat = 0;
	private lastHousekeeping = 0;
	private stopped?: Promise<void>;
	private readonly idleWaiters = new Set<() => void>();

	constructor(private readonly options: WorkerOptions) {
		if (options.store) {
			this.store = options.store;
			this.ownsStore = false;
		} else if (options.dataDir) {
			this.store = Store.open(options.dataDir, {clock: options.clock});
			this.ownsStore = true;
		} else {
			throw new AzOsError('USAGE', 'a worker needs a data dir or a store');
		}

		const concurrency = options.concurrency ?? availableParallelism();
		if (!Number.isInteger(concurrency) || concurrency < 1) {
			if (this.ownsStore) this.store.close();
			throw new AzOsError('USAGE', `concurrency must be a whole number >= 1, got ${concurrency}`);
		}

		this.concurrency = concurrency;
		this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${ulid().slice(-6)}`;
		const {config} = this.store;
		this.pollMs = options.pollMs ?? config.getNumber('runner.poll_ms');
		this.leaseMs = config.getNumber('runner.lease_ms');
		this.shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
	}

	get state(): WorkerState {
		return this.currentState;
	}

	/** Task ids this worker is running now. */
	get runningTaskIds(): string[] {
		return [...this.running.keys()];
	}

	/** Read when needed: a person may change it while the worker runs. */
	private get killGraceMs(): number {
		return this.store.config.getNumber('runner.kill_grace_ms');
	}

	private get clock(): Clock {
		return this.options.clock ?? this.store.clock;
	}

	onChange(listener: (state: WorkerState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private setState(state: WorkerState): void {
		if (state === this.currentState) return;
		this.currentState = state;
		for (const listener of this.listeners) listener(state);
	}

	/** Registers the worker, recovers tasks lost by dead workers, and starts the loop. */
	start(): this {
		if (this.currentState !== 'starting') return this;
		this.leaseMs = this.store.config.getNumber('runner.lease_ms');
		registerWorker(this.store, this.workerId);
		this.housekeeping();
		this.setState('running');
		this.tick();
		return this;
	}

	pause(): void {
		if (this.currentState === 'running') {
			this.setState('paused');
			setWorkerState(this.store, this.workerId, 'paused');
		}
	}

	resume(): void {
		if (this.currentState === 'paused') {
			this.setState('running');
			setWorkerState(this.store, this.workerId, 'running');
			this.kick();
		}
	}

	/** Resolves when this worker runs no task. */
	whenIdle(): Promise<void> {
		if (this.running.size === 0) return Promise.resolve();
		return new Promise(resolve => this.idleWaiters.add(resolve));
	}

	/** Stops claiming, lets running tasks finish for the grace period, cancels the rest, then ends. */
	stop(): Promise<void> {
		this.stopped ??= this.shutdown();
		return this.stopped;
	}

	private async shutdown(): Promise<void> {
		if (this.currentState === 'starting') {
			this.setState('stopped');
			if (this.ownsStore) this.store.close();
			return;
		}

		this.setState('stopping');
		setWorkerState(this.store, this.workerId, 'stopping');
		const graceOver = new Promise<void>(resolve => setTimeout(resolve, this.shutdownGraceMs).unref());
		await Promise.race([this.whenIdle(), graceOver]);
		for (const id of this.running.keys()) {
			try {
				this.store.tasks.transition(id, 'user_cancel', {actor: `worker:${this.workerId}`, reason: 'worker stopped'});
			} catch {
				// Already ended or cancelled by someone else: the watch below handles both.
			}
		}

		this.tick();
		await this.whenIdle();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		setWorkerState(this.store, this.workerId, 'stopped');
		if (this.ownsStore) this.store.close();
		this.setState('stopped');
	}

	/** Looks again as soon as possible (a task ended: a slot is free). */
	private kick(): void {
		if (this.currentState === 'stopped') return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => this.tick(), 0);
	}

	private tick(): void {
		if (this.ticking || this.currentState === 'stopped') return;
		this.ticking = true;
		this.timer = undefined;
		try {
			this.watchRunning();
			const now = Date.now();
			if (now - this.lastHeartbeat >= this.leaseMs / 3) this.heartbeat(now);
			if (now - this.lastHousekeeping >= housekeepingMs) this.housekeeping();
			if (this.currentState === 'running') this.fillSlots();
		} catch (error) {
			this.report(`worker ${this.workerId}: ${(error as Error).message}`);
		} finally {
			this.ticking = false;
		}

		if (this.state !== 'stopped' && this.timer === undefined) {
			this.timer = setTimeout(() => this.tick(), this.pollMs);
		}
	}

	private report(message: string): void {
		if (this.options.onError) this.options.onError(message);
		else process.stderr.write(`az-os: ${message}\n`);
	}

	private fillSlots(): void {
		while (this.running.size < this.concurrency && this.currentState === 'running') {
			const claim = claimNext(this.store, {workerId: this.workerId, leaseMs: this.leaseMs});
			if (!claim) return;
			this.launch(claim.task, claim.waitedMs);
		}
	}

	/** Cheap by primary key: which of our running tasks were cancelled (or taken from us) by another process. */
	private watchRunning(): void {
		const ids = [...this.running.keys()].filter(id => this.running.get(id)!.stopping === undefined);
		if (ids.length === 0) return;
		const rows = this.store.db
			.prepare(`SELECT id, status, worker_id FROM tasks WHERE id IN (${ids.map(() => '?').join(',')})`)
			.all(...ids) as Array<{id: string; status: string; worker_id: string | null}>;
		for (const row of rows) {
			if (row.status === 'running' && row.worker_id === this.workerId) continue;
			const entry = this.running.get(row.id)!;
			const last = this.store.events.latest(row.id);
			const actor = typeof last?.data['actor'] === 'string' ? last.data['actor'] : 'unknown';
			const reason = row.status === 'cancelled' ? `cancelled by ${actor}` : `task became ${row.status} (${actor})`;
			this.stopTask(entry, reason);
		}
	}

	private stopTask(entry: RunningTask, reason: string): void {
		if (entry.stopping) return;
		entry.stopReason = reason;
		const pid = entry.shell?.pid;
		const grace = this.killGraceMs;
		entry.log.write('warn', pid === undefined ? reason : `${reason}: stopping process group ${pid} (SIGTERM, SIGKILL after ${grace} ms)`);
		entry.log.flush();
		entry.stopping = entry.shell ? entry.shell.stop(grace) : Promise.resolve();
	}

	private heartbeat(now: number): void {
		this.lastHeartbeat = now;
		const lease = new Date(this.clock().getTime() + this.leaseMs).toISOString();
		// Only the tasks this worker still runs: one it lost track of must expire and be recovered.
		const ids = [...this.running.keys()];
		writeTransaction(this.store.db, () => {
			if (ids.length > 0) {
				this.store.db
					.prepare(`UPDATE tasks SET lease_expires_at = ? WHERE id IN (${ids.map(() => '?').join(',')}) AND worker_id = ? AND status = 'running'`)
					.run(lease, ...ids, this.workerId);
			}

			this.store.db.prepare('UPDATE workers SET heartbeat_at = ? WHERE id = ?').run(this.clock().toISOString(), this.workerId);
		});
	}

	private housekeeping(): void {
		this.lastHousekeeping = Date.now();
		recoverLostTasks(this.store, this.clock());
		failBlockedDependents(this.store, `worker:${this.workerId}`);
		writeTransaction(this.store.db, () => applyBudget(this.store));
		const depth = this.store.db.prepare("SELECT count(*) AS n FROM tasks WHERE status IN ('pending', 'retrying')").get() as {n: number};
		this.store.metrics.record('queue_depth', depth.n, 'gauge', {worker: this.workerId});
	}

	private launch(task: Task, waitedMs: number): void {
		const log = new LogWriter(this.store, task.id, {onError: error => this.report(`task ${task.id}: log write failed: ${(error as Error).message}`)});
		const entry: RunningTask = {task, log, waitedMs};
		this.running.set(task.id, entry);
		void this.execute(entry)
			.catch((error: unknown) => this.report(`task ${task.id}: ${(error as Error).message}`))
			.finally(() => {
				this.running.delete(task.id);
				if (this.running.size === 0) {
					for (const resolve of this.idleWaiters) resolve();
					this.idleWaiters.clear();
				}

				this.kick();
			});
	}

	private async execute(entry: RunningTask): Promise<void> {
		const {task, log} = entry;
		log.write('debug', `attempt ${task.attempts} of ${task.maxRetries + 1} on worker ${this.workerId}`);
		const tool = new ToolCall(this.store, task.id, 'shell', 'system');
		const refusal = this.refusal(task);
		if (refusal !== undefined) {
			// An agent task is no shell run; a shell task that cannot start still counts as a (failed) shell call.
			if (!task.model) tool.begin();
			const result: TaskResult = {exitCode: null, signal: null, durationMs: 0, lastLines: log.lastLines()};
			const final = this.finish(entry, result, {ok: false, reason: refusal}, task.model ? undefined : tool);
			await this.notify(final, result);
			return;
		}

		tool.begin();
		let shell: ShellRun;
		try {
			shell = startShell({command: task.command, cwd: task.cwd ?? process.cwd(), env: task.env ?? process.env, log});
		} catch (error) {
			// spawn throws at once on arguments it refuses (e.g. a NUL byte in the command or environment).
			const result: TaskResult = {exitCode: null, signal: null, durationMs: 0, lastLines: []};
			const final = this.finish(entry, result, {ok: false, reason: `could not start /bin/sh: ${(error as Error).message}`}, tool);
			await this.notify(final, result);
			return;
		}

		entry.shell = shell;
		if (shell.pid !== undefined) this.store.db.prepare('UPDATE tasks SET pid = ? WHERE id = ?').run(shell.pid, task.id);
		const timeout =
			task.timeoutMs === null
				? undefined
				: setTimeout(() => {
						entry.timedOut = true;
						this.stopTask(entry, `timed out after ${task.timeoutMs! / 1000} s`);
					}, task.timeoutMs);
		const exit = await shell.finished;
		if (timeout) clearTimeout(timeout);
		if (entry.stopping) await entry.stopping;
		const result: TaskResult = {exitCode: exit.exitCode, signal: exit.signal, durationMs: exit.durationMs, lastLines: log.lastLines()};
		const final = this.finish(entry, result, this.outcome(entry, exit), tool);
		// Its dependents can never start now: fail them at once rather than at the next housekeeping.
		if (final.status === 'failed') failBlockedDependents(this.store, `worker:${this.workerId}`, task.id);
		await this.notify(final, result);
	}

	/** Why a claimed task cannot run here at all, if so. */
	private refusal(task: Task): string | undefined {
		if (task.model) {
			return `task has model "${task.model}": agent tasks need the agent executor, which this runner does not include yet (run shell tasks without --model)`;
		}

		const cwd = task.cwd ?? process.cwd();
		try {
			if (!statSync(cwd).isDirectory()) return `working directory ${cwd} is not a directory`;
		} catch {
			return `working directory ${cwd} does not exist`;
		}

		return undefined;
	}

	private outcome(entry: RunningTask, exit: ShellExit): {ok: true} | {ok: false; reason: string} {
		if (exit.startError !== undefined) return {ok: false, reason: `could not start /bin/sh: ${exit.startError}`};
		if (entry.timedOut) return {ok: false, reason: entry.stopReason ?? 'timed out'};
		if (exit.exitCode === 0) return {ok: true};
		if (exit.signal !== null) return {ok: false, reason: `killed by ${exit.signal}`};
		const hint = exit.exitCode === 127 ? ' (command not found)' : exit.exitCode === 126 ? ' (command not executable)' : '';
		return {ok: false, reason: `exit code ${exit.exitCode}${hint}`};
	}

	/**
	 * Records the end of a run in one transaction: the transition (unless someone else already ended the
	 * task, e.g. a cancel: then there is nothing to move and that is fine), the result snapshot, tool usage
	 * and the wait and duration metrics; the last log lines are written first, in the same transaction.
	 */
	private finish(entry: RunningTask, result: TaskResult, outcome: {ok: true} | {ok: false; reason: string}, tool: ToolCall | undefined): Task {
		const {task} = entry;
		const actor = `worker:${this.workerId}`;
		return writeTransaction(this.store.db, () => {
			entry.log.close();
			const current = this.store.tasks.get(task.id);
			if (!current) return task;
			const ours = current.status === 'running' && current.workerId === this.workerId;
			const ended = result.signal ?? `exit code ${result.exitCode ?? '-'}`;
			let final = current;
			if (!ours) {
				this.store.logs.append(task.id, [{level: 'info', message: `process ended (${ended}) after the task became ${current.status}`}]);
			} else if (outcome.ok) {
				this.store.logs.append(task.id, [{level: 'info', message: `completed in ${result.durationMs} ms`}]);
				final = this.store.tasks.transitionInTransaction(task.id, 'task_success', {actor, patch: {leaseExpiresAt: null}});
			} else {
				final = failRunningTask(this.store, current, {reason: outcome.reason, actor, now: this.clock()});
			}

			this.store.db.prepare('UPDATE tasks SET pid = NULL WHERE id = ?').run(task.id);
			this.store.snapshots.save(task.id, 'result', {...result, attempt: task.attempts, status: final.status});
			tool?.end(ours && outcome.ok, ours ? (outcome.ok ? undefined : outcome.reason) : `task ${current.status}`);
			this.store.metrics.record('task_wait_ms', entry.waitedMs, 'histogram', {worker: this.workerId, priority: task.priority});
			this.store.metrics.record('task_duration_ms', result.durationMs, 'histogram', {worker: this.workerId, status: final.status});
			return final;
		});
	}

	private async notify(task: Task, result: TaskResult): Promise<void> {
		if (!this.options.onTaskFinished) return;
		try {
			await this.options.onTaskFinished(task, result);
		} catch (error) {
			this.report(`onTaskFinished for task ${task.id}: ${(error as Error).message}`);
		}
	}
}
