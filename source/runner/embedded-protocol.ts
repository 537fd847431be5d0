import type {Task} from '../domain/types.js';
import type {WorkerState} from '../services/worker-control.js';
import type {TaskResult} from './worker.js';

export type EmbeddedWorkerData = {
	dataDir: string;
	concurrency?: number;
	pollMs?: number;
	shutdownGraceMs?: number;
	notifyTaskFinished: boolean;
};

export type ToThread = {type: 'pause'} | {type: 'resume'} | {type: 'stop'};

export type FromThread =
	| {type: 'state'; state: WorkerState}
	| {type: 'taskFinished'; task: Task; result: TaskResult}
	| {type: 'error'; message: string}
	| {type: 'stopped'};
