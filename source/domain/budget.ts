import type {TransitionResult} from './task.js';

export const budgetStates = ['ok', 'warning', 'critical', 'paused'] as const;
export type BudgetState = (typeof budgetStates)[number];

export const budgetEvents = [
	'cost_exceeds_threshold',
	'cost_exceeds_critical',
	'cost_decreases',
	'auto_pause',
	'budget_increased',
	'period_rollover',
] as const;
export type BudgetEvent = (typeof budgetEvents)[number];

export type BudgetPeriod = 'day' | 'month';

export type BudgetSettings = {
	/** Spending limit per period in dollars; 0 or less means no budget. */
	amount: number;
	period: BudgetPeriod;
	/** Fractions of the amount. */
	warning: number;
	critical: number;
	autoPause: boolean;
};

/**
 * The seed's cost diagram. `period_rollover` is ours: a new period starts at zero spend, so any state
 * returns to ok. The seed's "paused -> [*]: user_action_required" is the user raising the budget.
 */
const transitions: Record<BudgetState, Partial<Record<BudgetEvent, BudgetState>>> = {
	ok: {cost_exceeds_threshold: 'warning', period_rollover: 'ok'},
	warning: {cost_exceeds_critical: 'critical', cost_decreases: 'ok', period_rollover: 'ok'},
	critical: {cost_decreases: 'ok', auto_pause: 'paused', period_rollover: 'ok'},
	paused: {budget_increased: 'ok', period_rollover: 'ok'},
};

export function nextBudgetState(state: BudgetState, event: BudgetEvent): TransitionResult<BudgetState> {
	const target = transitions[state][event];
	return target === undefined ? {ok: false, reason: `${event} is not allowed from ${state}`} : {ok: true, state: target};
}

/** The level the spend alone calls for, ignoring pausing. */
export function budgetLevel(spent: number, settings: BudgetSettings): 'ok' | 'warning' | 'critical' {
	if (settings.amount <= 0) return 'ok';
	const fraction = spent / settings.amount;
	if (fraction >= settings.critical) return 'critical';
	if (fraction >= settings.warning) return 'warning';
	return 'ok';
}

/**
 * The events that move `state` to where `spent` puts it, in order, each legal in the machine.
 * `raised` says the budget amount just went up (the only way out of paused besides a new period).
 */
export function budgetEventsFor(
	state: BudgetState,
	spent: number,
	settings: BudgetSettings,
	raised = false,
): BudgetEvent[] {
	const events: BudgetEvent[] = [];
	let current = state;
	const apply = (event: BudgetEvent) => {
		const result = nextBudgetState(current, event);
		if (result.ok) {
			events.push(event);
			current = result.state;
		}
	};

	const level = budgetLevel(spent, settings);
	if (current === 'paused') {
		if (!raised && level === 'critical' && settings.autoPause) return events;
		apply('budget_increased');
	}

	if (level === 'ok') {
		if (current !== 'ok') apply('cost_decreases');
		return events;
	}

	if (current === 'ok') apply('cost_exceeds_threshold');
	if (level === 'critical') {
		if (current === 'warning') apply('cost_exceeds_critical');
		if (current === 'critical' && settings.autoPause) apply('auto_pause');
	} else if (current === 'critical') {
		// Spend fell from critical to warning: the seed has no critical -> warning edge, so go through ok.
		apply('cost_decreases');
		apply('cost_exceeds_threshold');
	}

	return events;
}

export function budgetStateAfter(state: BudgetState, events: readonly BudgetEvent[]): BudgetState {
	let current = state;
	for (const event of events) {
		const result = nextBudgetState(current, event);
		if (result.ok) current = result.state;
	}

	return current;
}

/** Start of the period containing `now` (UTC). */
export function periodStart(now: Date, period: BudgetPeriod): Date {
	return period === 'day'
		? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
		: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function isBudgetState(value: string): value is BudgetState {
	return (budgetStates as readonly string[]).includes(value);
}

export const seedBudgetEdges: ReadonlyArray<[BudgetState, BudgetEvent, BudgetState]> = [
	['ok', 'cost_exceeds_threshold', 'warning'],
	['warning', 'cost_exceeds_critical', 'critical'],
	['critical', 'cost_decreases', 'ok'],
	['warning', 'cost_decreases', 'ok'],
	['critical', 'auto_pause', 'paused'],
	['paused', 'budget_increased', 'ok'],
];
