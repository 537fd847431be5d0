import {AzOsError} from '../domain/errors.js';
import {normaliseConfigValue} from '../domain/config-keys.js';
import {budgetStatus, setBudget} from '../services/budget.js';
import type {BudgetSettingsChange} from '../services/budget.js';
import type {Command} from './command.js';

export const budgetCommand: Command = {
	name: 'budget',
	summary: 'Show or set the spending budget; when it is paused, workers start no new tasks.',
	usage: 'budget [--set AMOUNT] [--period day|month] [--warning F] [--critical F] [--auto-pause on|off]',
	details: `Thresholds are fractions of the amount. At critical with auto-pause on, the budget pauses: running
tasks go on, new ones wait until the amount is raised or the period rolls over. An amount of 0 means no budget.

Examples:
  az-os budget
  az-os budget --set 25 --period day --warning 0.7 --critical 0.9`,
	flags: {
		set: {type: 'string', description: 'budget per period in dollars (0: no budget)', value: 'AMOUNT'},
		period: {type: 'string', description: 'day or month (UTC)', value: 'P'},
		warning: {type: 'string', description: 'fraction of the amount that warns', value: 'F'},
		critical: {type: 'string', description: 'fraction of the amount that is critical', value: 'F'},
		autoPause: {type: 'string', description: 'pause new tasks at critical: on or off', value: 'on|off'},
	},
	run({flags, global, open, print, printJson}) {
		const change: BudgetSettingsChange = {};
		// Validated by the config keys' rules, with the flag's name in the message.
		const value = (flag: string, key: string) => {
			const raw = flags[flag] as string | undefined;
			if (raw === undefined) return undefined;
			try {
				return normaliseConfigValue(key, raw.replace(/^\$/, ''));
			} catch (error) {
				throw new AzOsError('USAGE', `--${flag.replace(/[A-Z]/g, l => `-${l.toLowerCase()}`)}: ${(error as Error).message}`);
			}
		};

		const amount = value('set', 'budget.amount');
		const period = value('period', 'budget.period');
		const warning = value('warning', 'budget.warning');
		const critical = value('critical', 'budget.critical');
		const autoPause = value('autoPause', 'budget.auto_pause');
		if (amount !== undefined) change.amount = Number(amount);
		if (period !== undefined) change.period = period as 'day' | 'month';
		if (warning !== undefined) change.warning = Number(warning);
		if (critical !== undefined) change.critical = Number(critical);
		if (autoPause !== undefined) change.autoPause = autoPause === 'true';
		const {store} = open();
		const {status, changes} = Object.keys(change).length > 0 ? setBudget(store, change) : {status: budgetStatus(store), changes: []};
		if (global.json) {
			printJson({...status, changes});
			return;
		}

		for (const step of changes) print(`budget ${step.from} -> ${step.to} (${step.event})`);
		const used = status.amount > 0 ? ` (${((status.spent / status.amount) * 100).toFixed(1)}%)` : '';
		print(`state       ${status.state}${status.state === 'paused' ? ': no new tasks start until the budget is raised or the period rolls over' : ''}`);
		print(`spent       $${status.spent.toFixed(2)} of ${status.amount > 0 ? `$${status.amount.toFixed(2)}` : 'no budget'}${used} this ${status.period} (since ${status.periodStart})`);
		print(`thresholds  warning ${status.warning}, critical ${status.critical}, auto-pause ${status.autoPause ? 'on' : 'off'}`);
	},
};
