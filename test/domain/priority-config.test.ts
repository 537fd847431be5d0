import {describe, expect, test} from 'vitest';
import {normaliseConfigValue} from '../../source/domain/config-keys.js';
import {parsePriority, priorityRank, shiftPriority} from '../../source/domain/priority.js';

describe('priorities', () => {
	test('critical > high > normal > low', () => {
		expect(priorityRank('critical')).toBeGreaterThan(priorityRank('high'));
		expect(priorityRank('high')).toBeGreaterThan(priorityRank('normal'));
		expect(priorityRank('normal')).toBeGreaterThan(priorityRank('low'));
	});

	test('parses case-insensitively and refuses unknown names', () => {
		expect(parsePriority(' HIGH ')).toBe('high');
		expect(() => parsePriority('urgent')).toThrowError(/unknown priority "urgent"/);
	});

	test('shifting clamps at both ends', () => {
		expect(shiftPriority('high', 1)).toBe('critical');
		expect(shiftPriority('critical', 1)).toBe('critical');
		expect(shiftPriority('low', -1)).toBe('low');
	});
});

describe('config values', () => {
	test('normalises by kind and refuses bad values with what is expected', () => {
		expect(normaliseConfigValue('runner.kill_grace_ms', ' 1500 ')).toBe('1500');
		expect(normaliseConfigValue('budget.auto_pause', 'off')).toBe('false');
		expect(normaliseConfigValue('budget.warning', '0.5')).toBe('0.5');
		expect(() => normaliseConfigValue('runner.kill_grace_ms', '-3')).toThrowError(/whole number/);
		expect(() => normaliseConfigValue('budget.warning', '2')).toThrowError(/fraction/);
		expect(() => normaliseConfigValue('budget.period', 'week')).toThrowError(/day, month/);
		expect(() => normaliseConfigValue('nope.key', '1')).toThrowError(/unknown setting "nope.key"/);
	});
});
