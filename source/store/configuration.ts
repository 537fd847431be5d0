import type {ConfigKey} from '../domain/config-keys.js';
import {configKeys, findConfigKey, normaliseConfigValue} from '../domain/config-keys.js';
import type {Clock} from '../domain/types.js';
import type {Db} from './db.js';

export type ConfigEntry = ConfigKey & {value: string; isDefault: boolean; updatedAt: string | null};

/** Settings in the configuration table, falling back to the defaults in domain/config-keys. */
export class ConfigurationRepository {
	private readonly selectOne;
	private readonly upsert;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.selectOne = db.prepare('SELECT value, updated_at FROM configuration WHERE key = ?');
		this.upsert = db.prepare(`INSERT INTO configuration (key, value, description, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
	}

	get(key: string): string {
		const spec = findConfigKey(key);
		const row = this.selectOne.get(key) as {value: string} | undefined;
		return row?.value ?? spec.default;
	}

	getNumber(key: string): number {
		return Number(this.get(key));
	}

	getBoolean(key: string): boolean {
		return this.get(key) === 'true';
	}

	set(key: string, raw: string): string {
		const value = normaliseConfigValue(key, raw);
		this.upsert.run(key, value, findConfigKey(key).description, this.clock().toISOString());
		return value;
	}

	list(): ConfigEntry[] {
		const rows = new Map(
			(this.db.prepare('SELECT key, value, updated_at FROM configuration').all() as Array<{key: string; value: string; updated_at: string}>).map(
				row => [row.key, row],
			),
		);
		return configKeys.map(spec => {
			const row = rows.get(spec.key);
			return {...spec, value: row?.value ?? spec.default, isDefault: row === undefined, updatedAt: row?.updated_at ?? null};
		});
	}
}
