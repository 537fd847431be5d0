import type {Priority} from './priority.js';
import type {TaskStatus} from './task.js';

/** A task as the rest of the program sees it (the store maps snake_case rows to this). */
export type Task = {
	id: string;
	command: string;
	status: TaskStatus;
	priority: Priority;
	model: string | null;
	cost: number;
	estimatedTokens: number;
	actualTokens: number;
	createdAt: string;
	startedAt: string | null;
	completedAt: string | null;
	updatedAt: string;
	parentTaskId: string | null;
	/** Working directory and environment captured when the task was added. */
	cwd: string | null;
	env: Record<string, string> | null;
	maxRetries: number;
	/** Attempts started so far (1 after the first run starts). */
	attempts: number;
	timeoutMs: number | null;
	/** When a retrying task may run again. */
	nextAttemptAt: string | null;
	workerId: string | null;
	leaseExpiresAt: string | null;
	/** Why the task last failed or was cancelled, for people. */
	statusReason: string | null;
	dependsOn: string[];
};

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

export function isLogLevel(value: string): value is LogLevel {
	return (logLevels as readonly string[]).includes(value);
}

export type TaskLog = {
	id: number;
	taskId: string;
	level: LogLevel;
	message: string;
	timestamp: string;
	metadata: Record<string, unknown> | null;
};

export type DomainEvent = {
	id: number;
	aggregateId: string;
	version: number;
	eventType: string;
	data: Record<string, unknown>;
	timestamp: string;
};

/** Injected everywhere time matters, so tests control it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
