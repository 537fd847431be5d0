import {AzOsError} from './errors.js';

export const taskStatuses = [
	'initialized',
	'pending',
	'running',
	'completed',
	'failed',
	'retrying',
	'cancelled',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskEvents = [
	'queue_task',
	'start_execution',
	'task_success',
	'task_error',
	'auto_retry',
	'user_retry',
	'retry_execution',
	'user_cancel',
	'dependency_failed',
] as const;
export type TaskEvent = (typeof taskEvents)[number];

/** What a transition may depend on besides the state itself. */
export type TaskContext = {
	/** Retries still allowed after the current attempt (max_retries - retries used). */
	retriesRemaining: number;
};

/**
 * The seed's diagram, plus cancel from initialized, pending and retrying (users expect to cancel queued
 * work), plus `user_retry`: a person may retry a failed task even when its automatic retries are used up,
 * plus `dependency_failed`: a waiting task whose dependency failed for good or was cancelled fails without
 * ever running (going through running would claim an attempt that never happened).
 */
const transitions: Record<TaskStatus, Partial<Record<TaskEvent, TaskStatus>>> = {
	initialized: {queue_task: 'pending', user_cancel: 'cancelled'},
	pending: {start_execution: 'running', user_cancel: 'cancelled', dependency_failed: 'failed'},
	running: {task_success: 'completed', task_error: 'failed', user_cancel: 'cancelled'},
	failed: {auto_retry: 'retrying', user_retry: 'retrying'},
	retrying: {retry_execution: 'running', user_cancel: 'cancelled', dependency_failed: 'failed'},
	completed: {},
	cancelled: {},
};

export type TransitionResult<S> = {ok: true; state: S} | {ok: false; reason: string};

export function nextTaskStatus(state: TaskStatus, event: TaskEvent, context: TaskContext): TransitionResult<TaskStatus> {
	const target = transitions[state][event];
	if (target === undefined) {
		return {ok: false, reason: `${event} is not allowed from ${state}`};
	}

	if (event === 'auto_retry' && context.retriesRemaining <= 0) {
		return {ok: false, reason: 'no retries remain'};
	}

	return {ok: true, state: target};
}

/** Throws an AzOsError naming the task, from and to, so callers never forget the check. */
export function assertTaskTransition(
	taskId: string,
	state: TaskStatus,
	event: TaskEvent,
	context: TaskContext,
): TaskStatus {
	const result = nextTaskStatus(state, event, context);
	if (!result.ok) {
		const target = transitions[state][event] ?? targetOf(event);
		throw new AzOsError(
			'ILLEGAL_TRANSITION',
			`task ${taskId} cannot go from ${state} to ${target} (${result.reason})`,
		);
	}

	return result.state;
}

/** The state an event leads to wherever it is allowed: used to name the target in errors. */
export function targetOf(event: TaskEvent): TaskStatus {
	for (const status of taskStatuses) {
		const target = transitions[status][event];
		if (target !== undefined) return target;
	}

	/* c8 ignore next */
	throw new Error(`event ${event} has no target`);
}

export function allowedTaskEvents(state: TaskStatus): TaskEvent[] {
	return Object.keys(transitions[state]) as TaskEvent[];
}

/** Statuses that never change again. */
export function isTerminalTaskStatus(status: TaskStatus): boolean {
	return allowedTaskEvents(status).length === 0;
}

/** Statuses in which a task is still going to do something (queued, running or waiting to retry). */
export const activeTaskStatuses: readonly TaskStatus[] = ['initialized', 'pending', 'running', 'retrying'];

export function isTaskStatus(value: string): value is TaskStatus {
	return (taskStatuses as readonly string[]).includes(value);
}

/** The seed's drawn edges, used by tests to prove each is accepted. */
export const seedTaskEdges: ReadonlyArray<[TaskStatus, TaskEvent, TaskStatus]> = [
	['initialized', 'queue_task', 'pending'],
	['pending', 'start_execution', 'running'],
	['running', 'task_success', 'completed'],
	['running', 'task_error', 'failed'],
	['failed', 'auto_retry', 'retrying'],
	['retrying', 'retry_execution', 'running'],
	['running', 'user_cancel', 'cancelled'],
];
