import {AzOsError} from '../domain/errors.js';
import type {BudgetPeriod} from '../domain/budget.js';
import {writeTransaction} from '../store/db.js';
import type {CostRecord} from '../store/costs.js';
import type {Store} from '../store/store.js';
import type {BudgetChange, BudgetStatus} from '../runner/budget-engine.js';
import {applyBudget, readBudgetStatus} from '../runner/budget-engine.js';

export type {BudgetChange, BudgetStatus} from '../runner/budget-engine.js';

/** What the cost pane and `az-os budget` show: the machine's state and this period's spend against the budget. */
export function budgetStatus(store: Store): BudgetStatus {
	return readBudgetStatus(store);
}

function describe(change: BudgetChange, status: BudgetStatus): string {
	const limit = status.amount > 0 ? ` of $${status.amount.toFixed(2)}` : '';
	return `budget ${change.from} -> ${change.to} (${change.event}): $${status.spent.toFixed(4)} spent${limit} this ${status.period}`;
}

/**
 * Records a cost and runs the budget machine in one write transaction: one event per state change, and a
 * log line on the task for each. Returns the changes (empty when the state stays).
 */
export function recordCost(store: Store, entry: CostRecord): BudgetChange[] {
	return writeTransaction(store.db, () => {
		store.tasks.require(entry.taskId);
		store.costs.record(entry);
		const changes = applyBudget(store);
		if (changes.length > 0) {
			const status = readBudgetStatus(store);
			store.logs.append(
				entry.taskId,
				changes.map(change => ({level: change.to === 'ok' ? ('info' as const) : change.to === 'warning' ? ('warn' as const) : ('error' as const), message: describe(change, status)})),
			);
		}

		return changes;
	});
}

export type BudgetSettingsChange = {
	amount?: number;
	period?: BudgetPeriod;
	warning?: number;
	critical?: number;
	autoPause?: boolean;
};

/**
 * Changes budget settings and re-runs the machine in one transaction. Raising the amount while paused
 * fires budget_increased (workers claim again); lowering it may warn or pause at once.
 */
export function setBudget(store: Store, change: BudgetSettingsChange): {status: BudgetStatus; changes: BudgetChange[]} {
	return writeTransaction(store.db, () => {
		const before = readBudgetStatus(store);
		const {config} = store;
		if (change.amount !== undefined) config.set('budget.amount', String(change.amount));
		if (change.period !== undefined) config.set('budget.period', change.period);
		if (change.warning !== undefined) config.set('budget.warning', String(change.warning));
		if (change.critical !== undefined) config.set('budget.critical', String(change.critical));
		if (change.autoPause !== undefined) config.set('budget.auto_pause', change.autoPause ? 'true' : 'false');
		const after = readBudgetStatus(store);
		if (after.warning > after.critical) {
			throw new AzOsError('INVALID_INPUT', `the warning fraction (${after.warning}) must not be above the critical one (${after.critical})`);
		}

		const raised = after.amount > before.amount || (before.amount > 0 && after.amount === 0);
		const changes = applyBudget(store, {raised});
		return {status: readBudgetStatus(store), changes};
	});
}
