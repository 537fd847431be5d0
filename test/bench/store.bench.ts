/**
 * Store vs raw better-sqlite3 on the same rows, in the same process:
 * - enqueue 100,000 tasks (task row + task_created + queue_task events each, one transaction per 1,000);
 * - append 1,000,000 log rows over 1,000 tasks in batches of 1,000 (one task per batch, as the runner flushes);
 * - p50/p99 of "the next 100 log rows of a task after an id" over 10,000 runs.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Store} from '../../source/store/store.js';
import type {NewTask} from '../../source/store/tasks.js';
import {fmt, percentile} from './stats.js';

const taskCount = Number(process.env['BENCH_TASKS'] ?? 100_000);
const logRows = Number(process.env['BENCH_LOG_ROWS'] ?? 1_000_000);
const batch = 1000;

function fresh(): {store: Store; cleanup: () => void} {
	const directory = mkdtempSync(path.join(tmpdir(), 'az-os-bench-'));
	const store = Store.open(directory);
	return {store, cleanup: () => (store.close(), rmSync(directory, {recursive: true, force: true}))};
}

function timed(work: () => void): number {
	const started = performance.now();
	work();
	return (performance.now() - started) / 1000;
}

function newTasks(count: number): NewTask[] {
	return Array.from({length: count}, (_, index) => ({command: `echo task ${index}`, priority: index % 7 === 0 ? 'high' : 'normal', cwd: '/tmp'}));
}

export default async function bench(log: (line: string) => void): Promise<void> {
	// Enqueue through the store.
	const viaStore = fresh();
	const inputs = newTasks(taskCount);
	const storeEnqueue = timed(() => {
		for (let start = 0; start < inputs.length; start += batch) viaStore.store.tasks.createMany(inputs.slice(start, start + batch));
	});

	// The same rows through raw prepared statements.
	const raw = fresh();
	const insertTask = raw.store.db.prepare(`INSERT INTO tasks (id, command, status, priority, priority_rank, model, created_at, updated_at, cwd, max_retries)
		VALUES (?, ?, 'pending', ?, ?, NULL, ?, ?, ?, 0)`);
	const insertEvent = raw.store.db.prepare('INSERT INTO events (aggregate_id, version, event_type, data, timestamp) VALUES (?, ?, ?, ?, ?)');
	const rawEnqueue = timed(() => {
		for (let start = 0; start < inputs.length; start += batch) {
			raw.store.db.transaction(() => {
				for (let index = start; index < Math.min(start + batch, inputs.length); index++) {
					const input = inputs[index]!;
					const id = `T${String(index).padStart(25, '0')}`;
					const now = new Date().toISOString();
					insertTask.run(id, input.command, input.priority, input.priority === 'high' ? 3 : 2, now, now, input.cwd);
					insertEvent.run(id, 1, 'task_created', JSON.stringify({command: input.command, priority: input.priority}), now);
					insertEvent.run(id, 2, 'queue_task', JSON.stringify({from: 'initialized', to: 'pending'}), now);
				}
			}).immediate();
		}
	});
	log(`enqueue ${fmt(taskCount, 0)} tasks: store ${fmt(taskCount / storeEnqueue, 0)} tasks/s, raw ${fmt(taskCount / rawEnqueue, 0)} tasks/s, store/raw time ${fmt(storeEnqueue / rawEnqueue)}x`);

	// Logs: 1,000 tasks, batches of 1,000 lines of one task each.
	const logTasks = viaStore.store.tasks.list({limit: 1000}).map(task => task.id);
	const rawLogTasks = raw.store.tasks.list({limit: 1000}).map(task => task.id);
	const lines = Array.from({length: batch}, (_, index) => ({level: 'info' as const, message: `line ${index} of some typical length for a build log, with a path /usr/src/app/file.ts`}));
	const batches = logRows / batch;
	const storeLogs = timed(() => {
		for (let index = 0; index < batches; index++) viaStore.store.logs.append(logTasks[index % logTasks.length]!, lines);
	});
	const insertLog = raw.store.db.prepare('INSERT INTO task_logs (task_id, log_level, message, timestamp, metadata) VALUES (?, ?, ?, ?, NULL)');
	const rawLogs = timed(() => {
		for (let index = 0; index < batches; index++) {
			const taskId = rawLogTasks[index % rawLogTasks.length]!;
			const now = new Date().toISOString();
			raw.store.db.transaction(() => {
				for (const line of lines) insertLog.run(taskId, line.level, line.message, now);
			})();
		}
	});
	log(`append ${fmt(logRows, 0)} log rows: store ${fmt(logRows / storeLogs, 0)} rows/s, raw ${fmt(logRows / rawLogs, 0)} rows/s, store/raw time ${fmt(storeLogs / rawLogs)}x`);

	// Page query latency.
	const samples: number[] = [];
	const pageTask = logTasks[0]!;
	const firstId = viaStore.store.logs.page(pageTask, 0, 1)[0]!.id;
	const total = viaStore.store.logs.count(pageTask);
	for (let run = 0; run < 10_000; run++) {
		const after = firstId + Math.floor(Math.random() * total * 0.9) * 1;
		const started = performance.now();
		viaStore.store.logs.page(pageTask, after, 100);
		samples.push(performance.now() - started);
	}

	log(`next 100 log rows after an id (10,000 runs, task with ${fmt(total, 0)} of ${fmt(logRows, 0)} rows): p50 ${fmt(percentile(samples, 50), 3)} ms, p99 ${fmt(percentile(samples, 99), 3)} ms`);
	viaStore.cleanup();
	raw.cleanup();
}
