import fc from 'fast-check';
import {expect, test} from 'vitest';
import type {Priority} from '../../source/domain/priority.js';
import {priorities} from '../../source/domain/priority.js';
import type {Task} from '../../source/domain/types.js';
import {AzOs} from '../../source/services/az-os.js';
import {compareQueueOrder} from '../../source/store/task-queue.js';
import {QueueModel} from '../../source/ui/queue-model.js';
import {tempDir} from '../helpers/temp.js';

type Kind = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

function makeTask(azos: AzOs, kind: Kind, priority: Priority, parentTaskId?: string): Task {
	const task = azos.addTask({command: `${kind} ${priority}`, priority, parentTaskId});
	const {tasks} = azos.store;
	if (kind === 'running' || kind === 'completed' || kind === 'failed') tasks.transition(task.id, 'start_execution');
	if (kind === 'completed') tasks.transition(task.id, 'task_success');
	if (kind === 'failed') tasks.transition(task.id, 'task_error');
	if (kind === 'cancelled') tasks.transition(task.id, 'user_cancel');
	return tasks.get(task.id)!;
}

/** The whole queue in display order, computed the slow way: every task, sorted in memory, as a tree. */
function expectedOrder(azos: AzOs): Array<{id: string; depth: number}> {
	const all = azos.store.tasks.list({limit: 1_000_000});
	const byParent = new Map<string | null, Task[]>();
	for (const task of all) byParent.set(task.parentTaskId, [...(byParent.get(task.parentTaskId) ?? []), task]);
	const out: Array<{id: string; depth: number}> = [];
	const visit = (parent: string | null, depth: number) => {
		for (const task of [...(byParent.get(parent) ?? [])].sort(compareQueueOrder)) {
			out.push({id: task.id, depth});
			visit(task.id, depth + 1);
		}
	};

	visit(null, 0);
	return out;
}

/** Walks the model from top to bottom with `down`, collecting every row it selects. */
function walk(model: QueueModel): Array<{id: string; depth: number}> {
	model.top();
	const seen: Array<{id: string; depth: number}> = [];
	for (let guard = 0; guard < 10_000; guard++) {
		const row = model.rows()[model.cursor]!;
		seen.push({id: row.task.id, depth: row.depth});
		const before = `${row.task.id}`;
		model.down();
		if (model.rows()[model.cursor]!.task.id === before) break;
	}

	return seen;
}

const kinds: Kind[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

test('moving down through the virtualised queue visits exactly the full sorted tree, in order', () => {
	fc.assert(
		fc.property(
			fc.array(fc.record({kind: fc.constantFrom(...kinds), priority: fc.constantFrom(...priorities), parent: fc.nat(30), nested: fc.boolean()}), {minLength: 1, maxLength: 40}),
			fc.integer({min: 1, max: 7}),
			(specs, height) => {
				const azos = AzOs.open({dataDir: tempDir()});
				try {
					const made: Task[] = [];
					for (const spec of specs) {
						const parent = spec.nested && made.length > 0 ? made[spec.parent % made.length]!.id : undefined;
						made.push(makeTask(azos, spec.kind, spec.priority, parent));
					}

					const model = new QueueModel(azos.store);
					model.setHeight(height);
					model.refresh();
					expect(walk(model)).toEqual(expectedOrder(azos));
					// And back up: `up` from the bottom visits the same rows in reverse.
					model.bottom();
					const upward: string[] = [];
					for (let guard = 0; guard < 10_000; guard++) {
						const id = model.selected()!.id;
						upward.push(id);
						model.up();
						if (model.selected()!.id === id) break;
					}

					expect(upward.reverse()).toEqual(expectedOrder(azos).map(row => row.id));
					expect(model.rows().length).toBeLessThanOrEqual(height);
				} finally {
					azos.close();
				}
			},
		),
		{numRuns: 25},
	);
});

test('running tasks come first, then waiting ones by priority and age, then finished ones newest first', () => {
	const azos = AzOs.open({dataDir: tempDir()});
	const oldLow = makeTask(azos, 'pending', 'low');
	const done1 = makeTask(azos, 'completed', 'critical');
	const high = makeTask(azos, 'pending', 'high');
	const running = makeTask(azos, 'running', 'low');
	const done2 = makeTask(azos, 'completed', 'low');
	const high2 = makeTask(azos, 'pending', 'high');
	const model = new QueueModel(azos.store);
	model.setHeight(20);
	model.refresh();
	expect(model.rows().map(row => row.task.id)).toEqual([running.id, high.id, high2.id, oldLow.id, done2.id, done1.id]);
	azos.close();
});

test('a filter makes the queue flat and counts only matching tasks; page keys move a screen at a time', () => {
	const azos = AzOs.open({dataDir: tempDir()});
	const parent = makeTask(azos, 'pending', 'normal');
	for (let index = 0; index < 30; index++) makeTask(azos, 'pending', 'normal', index % 2 === 0 ? parent.id : undefined);
	const model = new QueueModel(azos.store);
	model.setHeight(5);
	model.refresh();
	expect(model.total).toBe(16);
	model.setFilter({text: 'pending'});
	expect(model.total).toBe(31);
	expect(model.rows().every(row => row.depth === 0)).toBe(true);
	model.pageDown();
	expect(model.position).toBe(5);
	model.pageDown();
	expect(model.position).toBe(10);
	model.pageUp();
	expect(model.position).toBe(5);
	model.bottom();
	expect(model.position).toBe(30);
	model.setFilter({status: 'completed'});
	expect(model.total).toBe(0);
	expect(model.selected()).toBeUndefined();
	azos.close();
});

test('a refresh keeps the selection on the same task when rows move', () => {
	const azos = AzOs.open({dataDir: tempDir()});
	makeTask(azos, 'pending', 'normal');
	const second = makeTask(azos, 'pending', 'normal');
	const model = new QueueModel(azos.store);
	model.setHeight(10);
	model.refresh();
	model.down();
	expect(model.selected()!.id).toBe(second.id);
	// A new running task lands on top and pushes the rows down.
	makeTask(azos, 'running', 'low');
	model.refresh();
	expect(model.selected()!.id).toBe(second.id);
	expect(model.cursor).toBe(2);
	azos.close();
});
