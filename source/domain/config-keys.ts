import {AzOsError} from './errors.js';

type Kind = 'integer' | 'number' | 'boolean' | 'string' | 'fraction';

export type ConfigKey = {
	key: string;
	kind: Kind;
	default: string;
	description: string;
	/** Allowed values for string keys. */
	choices?: readonly string[];
};

/** Every setting AZ-OS reads, with its default: `config list` shows them, `config set` validates against them. */
export const configKeys: readonly ConfigKey[] = [
	{key: 'runner.kill_grace_ms', kind: 'integer', default: '3000', description: 'ms between SIGTERM and SIGKILL when a task is cancelled'},
	{key: 'runner.max_retries', kind: 'integer', default: '0', description: 'default --retries for new tasks'},
	{key: 'runner.retry_base_delay_ms', kind: 'integer', default: '1000', description: 'first retry delay; doubles each attempt'},
	{key: 'runner.lease_ms', kind: 'integer', default: '10000', description: 'how long a worker holds a running task without a heartbeat'},
	{key: 'runner.poll_ms', kind: 'integer', default: '50', description: 'how often a worker looks for new work and cancels'},
	{key: 'budget.amount', kind: 'number', default: '0', description: 'spending limit per period in dollars (0: no budget)'},
	{key: 'budget.period', kind: 'string', default: 'month', description: 'budget period', choices: ['day', 'month']},
	{key: 'budget.warning', kind: 'fraction', default: '0.8', description: 'fraction of the budget that turns it to warning'},
	{key: 'budget.critical', kind: 'fraction', default: '0.95', description: 'fraction of the budget that turns it to critical'},
	{key: 'budget.auto_pause', kind: 'boolean', default: 'true', description: 'pause new tasks when the budget is critical'},
	{key: 'ui.log_buffer_lines', kind: 'integer', default: '5000', description: 'log lines the dashboard keeps per task'},
	{key: 'search.record_task_contexts', kind: 'boolean', default: 'true', description: 'store each finished task in the contexts collection (workers embed it)'},
	{key: 'search.context_ttl_days', kind: 'integer', default: '30', description: 'days a finished task context stays searchable'},
];

export function findConfigKey(key: string): ConfigKey {
	const found = configKeys.find(candidate => candidate.key === key);
	if (!found) {
		throw new AzOsError('CONFIG', `unknown setting "${key}": see "az-os config list" for the known ones`);
	}

	return found;
}

/** Validates and normalises a value for a key; throws a CONFIG error saying what is expected. */
export function normaliseConfigValue(key: string, raw: string): string {
	const spec = findConfigKey(key);
	const value = raw.trim();
	const fail = (expected: string) => new AzOsError('CONFIG', `${key} must be ${expected}, got "${raw}"`);
	switch (spec.kind) {
		case 'integer': {
			if (!/^\d+$/.test(value)) throw fail('a whole number >= 0');
			return String(Number(value));
		}

		case 'number': {
			const number = Number(value);
			if (value === '' || !Number.isFinite(number) || number < 0) throw fail('a number >= 0');
			return String(number);
		}

		case 'fraction': {
			const number = Number(value);
			if (value === '' || !Number.isFinite(number) || number <= 0 || number > 1) throw fail('a fraction in (0, 1]');
			return String(number);
		}

		case 'boolean': {
			const lower = value.toLowerCase();
			if (['true', 'on', 'yes', '1'].includes(lower)) return 'true';
			if (['false', 'off', 'no', '0'].includes(lower)) return 'false';
			throw fail('on or off');
		}

		case 'string': {
			if (spec.choices && !spec.choices.includes(value)) throw fail(`one of ${spec.choices.join(', ')}`);
			return value;
		}
	}
}
