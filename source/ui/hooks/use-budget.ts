import {useEffect, useState} from 'react';
import type {AzOs} from '../../services/az-os.js';
import type {BudgetStatus} from '../../services/budget.js';
import {budgetStatus} from '../../services/budget.js';
import type {CostByKey, DailyCost} from '../../store/costs.js';

export type BudgetView = BudgetStatus & {
	topModels: CostByKey[];
	topProviders: CostByKey[];
	/** 30 days, oldest first. */
	daily: DailyCost[];
};

/** Everything the cost pane shows: the budget machine's status (services/budget.ts) plus where the money went. */
export function readBudget(azos: AzOs): BudgetView {
	const {store} = azos;
	const status = budgetStatus(store);
	return {
		...status,
		topModels: store.costs.topBy('model', status.periodStart, 3),
		topProviders: store.costs.topBy('provider', status.periodStart, 3),
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
