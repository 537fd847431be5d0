import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {AzOsError} from '../../source/domain/errors.js';
import type {TaskStatus} from '../../source/domain/task.js';
import {
	assertTaskTransition,
	isTerminalTaskStatus,
	nextTaskStatus,
	seedTaskEdges,
	taskEvents,
	taskStatuses,
} from '../../source/domain/task.js';

const eventArb = fc.constantFrom(...taskEvents);
const statusArb = fc.constantFrom(...taskStatuses);

describe('task state machine', () => {
	test('accepts every transition the seed draws', () => {
		for (const [from, event, to] of seedTaskEdges) {
			expect(nextTaskStatus(from, event, {retriesRemaining: 1})).toEqual({ok: true, state: to});
		}
	});

	test('cancel is allowed from initialized, pending, running and retrying', () => {
		for (const from of ['initialized', 'pending', 'running', 'retrying'] as const) {
			expect(nextTaskStatus(from, 'user_cancel', {retriesRemaining: 0})).toEqual({ok: true, state: 'cancelled'});
		}
	});

	test('failed -> retrying automatically only while retries remain; a person may always retry', () => {
		expect(nextTaskStatus('failed', 'auto_retry', {retriesRemaining: 0}).ok).toBe(false);
		expect(nextTaskStatus('failed', 'auto_retry', {retriesRemaining: 1}).ok).toBe(true);
		expect(nextTaskStatus('failed', 'user_retry', {retriesRemaining: 0}).ok).toBe(true);
	});

	test('random event sequences only ever reach defined states, and terminal states stay terminal', () => {
		fc.assert(
			fc.property(statusArb, fc.array(fc.tuple(eventArb, fc.integer({min: -2, max: 3})), {maxLength: 40}), (start, steps) => {
				let state: TaskStatus = start;
				let terminalSince: TaskStatus | undefined = isTerminalTaskStatus(state) ? state : undefined;
				for (const [event, retriesRemaining] of steps) {
					const result = nextTaskStatus(state, event, {retriesRemaining});
					if (result.ok) {
						expect(taskStatuses).toContain(result.state);
						expect(terminalSince).toBeUndefined();
						state = result.state;
					} else {
						expect(result.reason).toMatch(/\S/);
					}

					if (isTerminalTaskStatus(state)) terminalSince ??= state;
				}

				if (terminalSince) expect(state).toBe(terminalSince);
			}),
		);
	});

	test('dependency_failed leads from pending and retrying to failed, and from nowhere else', () => {
		for (const status of taskStatuses) {
			const result = nextTaskStatus(status, 'dependency_failed', {retriesRemaining: 0});
			expect(result.ok).toBe(status === 'pending' || status === 'retrying');
			if (result.ok) expect(result.state).toBe('failed');
		}
	});

	test('completed and cancelled are terminal; failed is not (retry)', () => {
		expect(isTerminalTaskStatus('completed')).toBe(true);
		expect(isTerminalTaskStatus('cancelled')).toBe(true);
		expect(isTerminalTaskStatus('failed')).toBe(false);
	});

	test('an illegal transition is an error naming the task, from and to', () => {
		expect(() => assertTaskTransition('01TASK', 'completed', 'user_cancel', {retriesRemaining: 0})).toThrowError(
			/task 01TASK cannot go from completed to cancelled/,
		);
		try {
			assertTaskTransition('01TASK', 'pending', 'task_success', {retriesRemaining: 0});
		} catch (error) {
			expect(error).toBeInstanceOf(AzOsError);
			expect((error as AzOsError).code).toBe('ILLEGAL_TRANSITION');
		}
	});
});
