import {useEffect, useState} from 'react';
import type {BudgetPeriod, BudgetState} from '../../domain/budget.js';
import {budgetStates} from '../../domain/budget.js';
import type {AzOs} from '../../services/az-os.js';
import type {CostByKey, DailyCost} from '../../store/costs.js';

export type BudgetView = {
	state: BudgetState;
	/** Spend in the current period. */
	spent: number;
	/** 0: no budget set. */
	amount: number;
	period: BudgetPeriod;
	periodStart: string;
	warning: number;
	critical: number;
	topModels: CostByKey[];
	topProviders: CostByKey[];
	/** 30 days, oldest first. */
	daily: DailyCost[];
};

export function periodStart(period: BudgetPeriod, now: Date): string {
	const start = period === 'day'
		? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
		: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
	return new Date(start).toISOString();
}

/**
 * Everything the cost pane shows, from the store. The budget state is what the runner last recorded (the
 * newest `budget` event); the rest is read from settings and cost rows. When services/budget.ts's
 * budgetStatus lands, this is the one place to switch to it.
 */
export function readBudget(azos: AzOs): BudgetView {
	const {store} = azos;
	const period = store.config.get('budget.period') === 'day' ? 'day' : 'month';
	const since = periodStart(period, azos.clock());
	const recorded = store.events.latest('budget')?.data['to'];
	const state = budgetStates.find(candidate => candidate === recorded) ?? 'ok';
	return {
		state,
		spent: store.costs.spentSince(since),
		amount: store.config.getNumber('budget.amount'),
		period,
		periodStart: since,
		warning: store.config.getNumber('budget.warning'),
		critical: store.config.getNumber('budget.critical'),
		topModels: store.costs.topBy('model', since, 3),
		topProviders: store.costs.topBy('provider', since, 3),
		daily: store.costs.daily(30),
	};
}

/** The budget, re-read every `refreshMs` (cost rows are few and indexed by timestamp). */
export function useBudget(azos: AzOs, refreshMs = 2000): BudgetView {
	const [view, setView] = useState(() => readBudget(azos));
	useEffect(() => {
		const timer = setInterval(() => setView(readBudget(azos)), refreshMs);
		return () => clearInterval(timer);
	}, [azos, refreshMs]);
	return view;
}
