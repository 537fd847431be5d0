import {AzOsError} from '../../domain/errors.js';
import type {Where, WhereRange} from './vector-store.js';
import {isWhereRange} from './vector-store.js';

/** Metadata keys whose values are arrays: a filter on them means "contains". */
export const arrayKeys = new Set(['tags']);

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkWhereKey(key: string): string {
	if (!keyPattern.test(key)) throw new AzOsError('INVALID_INPUT', `bad filter key "${key}": use letters, digits and _`);
	return key;
}

const rangeOperators = {'>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte'} as const;
const numberPattern = /^-?\d+(\.\d+)?$/;

/**
 * Parses CLI filters: `key=value` (numbers and true/false keep their type, as they are stored) and numeric
 * ranges `key>N`, `key>=N`, `key<N`, `key<=N` (e.g. on created_at_epoch).
 */
export function parseWhere(items: readonly string[]): Where {
	const where: Where = {};
	for (const item of items) {
		const match = /^([^<>=]+)(<=|>=|<|>|=)(.*)$/s.exec(item);
		if (!match || match[1]!.trim() === '') throw new AzOsError('USAGE', `--where needs key=value (or key>N, key<=N…), got "${item}"`);
		const key = checkWhereKey(match[1]!.trim());
		const operator = match[2]!;
		const raw = match[3]!.trim();
		if (operator === '=') {
			where[key] = numberPattern.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
			continue;
		}

		if (!numberPattern.test(raw)) throw new AzOsError('USAGE', `--where ${key}${operator} needs a number, got "${raw}"`);
		const existing = where[key];
		const range: WhereRange = existing !== undefined && isWhereRange(existing) ? existing : {};
		range[rangeOperators[operator as keyof typeof rangeOperators]] = Number(raw);
		where[key] = range;
	}

	return where;
}

const sqlOperators = {$gt: '>', $gte: '>=', $lt: '<', $lte: '<='} as const;

/** A SQL condition over a JSON `metadata` column, with its parameters. */
export function whereSql(where: Where | undefined, column = 'metadata'): {sql: string; params: unknown[]} {
	const parts: string[] = [];
	const params: unknown[] = [];
	for (const [key, value] of Object.entries(where ?? {})) {
		checkWhereKey(key);
		if (isWhereRange(value)) {
			for (const [operator, bound] of Object.entries(value) as Array<[keyof typeof sqlOperators, number]>) {
				parts.push(`json_extract(${column}, '$.${key}') ${sqlOperators[operator]} ?`);
				params.push(bound);
			}

			continue;
		}

		const bound = typeof value === 'boolean' ? (value ? 1 : 0) : value;
		if (arrayKeys.has(key)) {
			parts.push(`EXISTS (SELECT 1 FROM json_each(${column}, '$.${key}') WHERE value = ?)`);
		} else {
			parts.push(`json_extract(${column}, '$.${key}') = ?`);
		}

		params.push(bound);
	}

	return {sql: parts.length > 0 ? parts.join(' AND ') : '1', params};
}
