import {AzOsError} from '../../domain/errors.js';
import type {Where} from './vector-store.js';

/** Metadata keys whose values are arrays: a filter on them means "contains". */
export const arrayKeys = new Set(['tags']);

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkWhereKey(key: string): string {
	if (!keyPattern.test(key)) throw new AzOsError('INVALID_INPUT', `bad filter key "${key}": use letters, digits and _`);
	return key;
}

/** Parses `key=value` filters from the CLI; numbers and true/false keep their type, as they are stored. */
export function parseWhere(items: readonly string[]): Where {
	const where: Where = {};
	for (const item of items) {
		const at = item.indexOf('=');
		if (at <= 0) throw new AzOsError('USAGE', `--where needs key=value, got "${item}"`);
		const key = checkWhereKey(item.slice(0, at).trim());
		const raw = item.slice(at + 1).trim();
		where[key] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
	}

	return where;
}

/** A SQL condition over a JSON `metadata` column, with its parameters. */
export function whereSql(where: Where | undefined, column = 'metadata'): {sql: string; params: unknown[]} {
	const parts: string[] = [];
	const params: unknown[] = [];
	for (const [key, value] of Object.entries(where ?? {})) {
		checkWhereKey(key);
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
