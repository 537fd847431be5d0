import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import type {BudgetSettings, BudgetState} from '../../source/domain/budget.js';
import {
	budgetEvents,
	budgetEventsFor,
	budgetLevel,
	budgetStateAfter,
	budgetStates,
	nextBudgetState,
	periodStart,
	seedBudgetEdges,
} from '../../source/domain/budget.js';

const settings = (overrides: Partial<BudgetSettings> = {}): BudgetSettings => ({
	amount: 100,
	period: 'month',
	warning: 0.8,
	critical: 0.95,
	autoPause: true,
	...overrides,
});

describe('budget state machine', () => {
	test('accepts every transition the seed draws', () => {
		for (const [from, event, to] of seedBudgetEdges) expect(nextBudgetState(from, event)).toEqual({ok: true, state: to});
	});

	test('random event sequences stay within the defined states', () => {
		fc.assert(
			fc.property(fc.constantFrom(...budgetStates), fc.array(fc.constantFrom(...budgetEvents), {maxLength: 30}), (start, events) => {
				let state: BudgetState = start;
				for (const event of events) {
					const result = nextBudgetState(state, event);
					if (result.ok) state = result.state;
					expect(budgetStates).toContain(state);
				}
			}),
		);
	});

	test('the events for a spend are each legal and land where the spend says', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...budgetStates),
				fc.double({min: 0, max: 300, noNaN: true}),
				fc.boolean(),
				fc.boolean(),
				(start, spent, autoPause, raised) => {
					const config = settings({autoPause});
					const events = budgetEventsFor(start, spent, config, raised);
					let state = start;
					for (const event of events) {
						const result = nextBudgetState(state, event);
						expect(result.ok).toBe(true);
						if (result.ok) state = result.state;
					}

					expect(budgetStateAfter(start, events)).toBe(state);
					const level = budgetLevel(spent, config);
					if (start === 'paused' && !raised && level === 'critical' && autoPause) expect(state).toBe('paused');
					else if (level === 'critical' && autoPause) expect(state).toBe('paused');
					else expect(state).toBe(level);
				},
			),
		);
	});

	test('walks ok -> warning -> critical -> paused as spend grows, and back to ok when raised', () => {
		const config = settings();
		expect(budgetEventsFor('ok', 85, config)).toEqual(['cost_exceeds_threshold']);
		expect(budgetEventsFor('warning', 96, config)).toEqual(['cost_exceeds_critical', 'auto_pause']);
		expect(budgetEventsFor('paused', 96, config)).toEqual([]);
		expect(budgetEventsFor('paused', 96, settings({amount: 200}), true)).toEqual(['budget_increased']);
	});

	test('no budget (amount 0) is always ok', () => {
		expect(budgetLevel(1e9, settings({amount: 0}))).toBe('ok');
	});

	test('periods start at UTC midnight or the first of the month', () => {
		const now = new Date('2026-03-17T15:04:05Z');
		expect(periodStart(now, 'day').toISOString()).toBe('2026-03-17T00:00:00.000Z');
		expect(periodStart(now, 'month').toISOString()).toBe('2026-03-01T00:00:00.000Z');
	});
});
