import type {BudgetEvent, BudgetPeriod, BudgetSettings, BudgetState} from '../domain/budget.js';
import {budgetEventsFor, isBudgetState, nextBudgetState, periodStart} from '../domain/budget.js';
import type {Store} from '../store/store.js';

/** Events of the budget machine are stored under this aggregate id. */
export const budgetAggregateId = 'budget';

export type BudgetStatus = {
	state: BudgetState;
	spent: number;
	amount: number;
	period: BudgetPeriod;
	/** ISO start of the current period (UTC). */
	periodStart: string;
	warning: number;
	critical: number;
	autoPause: boolean;
};

export function budgetSettings(store: Store): BudgetSettings {
	const {config} = store;
	return {
		amount: config.getNumber('budget.amount'),
		period: config.get('budget.period') === 'day' ? 'day' : 'month',
		warning: config.getNumber('budget.warning'),
		critical: config.getNumber('budget.critical'),
		autoPause: config.getBoolean('budget.auto_pause'),
	};
}

/** The machine's current state: the last budget event's target, ok before any. */
export function currentBudgetState(store: Store): BudgetState {
	const to = store.events.latest(budgetAggregateId)?.data['to'];
	return typeof to === 'string' && isBudgetState(to) ? to : 'ok';
}

export function isBudgetPaused(store: Store): boolean {
	return currentBudgetState(store) === 'paused';
}

export function readBudgetStatus(store: Store): BudgetStatus {
	const settings = budgetSettings(store);
	const start = periodStart(store.clock(), settings.period).toISOString();
	return {state: currentBudgetState(store), spent: store.costs.spentSince(start), periodStart: start, ...settings};
}

export type BudgetChange = {event: BudgetEvent; from: BudgetState; to: BudgetState};

/**
 * Runs the machine to where the spend of the current period puts it, appending one event per state change.
 * A state set in an earlier period first rolls over to ok. `raised`: the amount just went up. Call inside a
 * write transaction. Returns the changes, in order.
 */
export function applyBudget(store: Store, options: {raised?: boolean} = {}): BudgetChange[] {
	const status = readBudgetStatus(store);
	const changes: BudgetChange[] = [];
	let state = status.state;
	const fire = (event: BudgetEvent) => {
		const result = nextBudgetState(state, event);
		if (!result.ok) return;
		store.events.append(budgetAggregateId, event, {from: state, to: result.state, spent: status.spent, amount: status.amount, period: status.period});
		changes.push({event, from: state, to: result.state});
		state = result.state;
	};

	const latest = store.events.latest(budgetAggregateId);
	if (state !== 'ok' && latest !== undefined && latest.timestamp < status.periodStart) fire('period_rollover');
	for (const event of budgetEventsFor(state, status.spent, status, options.raised === true)) fire(event);
	return changes;
}
