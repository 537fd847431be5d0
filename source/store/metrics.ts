import type {Clock} from '../domain/types.js';
import type {Db} from './db.js';

export type MetricType = 'gauge' | 'counter' | 'histogram';
export type Metric = {name: string; value: number; type: MetricType; timestamp: string; tags: Record<string, string> | null};

export class MetricsRepository {
	private readonly insert;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.insert = db.prepare('INSERT INTO metrics (metric_name, metric_value, metric_type, timestamp, tags) VALUES (?, ?, ?, ?, ?)');
	}

	record(name: string, value: number, type: MetricType, tags?: Record<string, string>): void {
		this.insert.run(name, value, type, this.clock().toISOString(), tags ? JSON.stringify(tags) : null);
	}

	recent(name: string, limit = 100): Metric[] {
		return (this.db.prepare('SELECT * FROM metrics WHERE metric_name = ? ORDER BY id DESC LIMIT ?').all(name, limit) as MetricRow[]).map(row => ({
			name: row.metric_name,
			value: row.metric_value,
			type: row.metric_type,
			timestamp: row.timestamp,
			tags: row.tags === null ? null : (JSON.parse(row.tags) as Record<string, string>),
		}));
	}
}

type MetricRow = {metric_name: string; metric_value: number; metric_type: MetricType; timestamp: string; tags: string | null};
