import type {Clock, DomainEvent} from '../domain/types.js';
import type {Db} from './db.js';

type EventRow = {id: number; aggregate_id: string; version: number; event_type: string; data: string; timestamp: string};

function toEvent(row: EventRow): DomainEvent {
	return {
		id: row.id,
		aggregateId: row.aggregate_id,
		version: row.version,
		eventType: row.event_type,
		data: JSON.parse(row.data) as Record<string, unknown>,
		timestamp: row.timestamp,
	};
}

/** Append-only store of domain events, versioned per aggregate. Call `append` inside the state change's transaction. */
export class EventRepository {
	private readonly insert;
	private readonly byAggregate;
	private readonly byType;
	private readonly newest;

	constructor(
		private readonly db: Db,
		private readonly clock: Clock,
	) {
		this.insert = db.prepare(`INSERT INTO events (aggregate_id, version, event_type, data, timestamp)
			VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM events WHERE aggregate_id = ?), ?, ?, ?)`);
		this.byAggregate = db.prepare('SELECT * FROM events WHERE aggregate_id = ? AND version > ? ORDER BY version');
		this.byType = db.prepare('SELECT * FROM events WHERE event_type = ? ORDER BY id DESC LIMIT ?');
		this.newest = db.prepare('SELECT * FROM events WHERE aggregate_id = ? ORDER BY version DESC LIMIT 1');
	}

	/** The next version of the aggregate is computed in SQL, so callers never race on it inside a write transaction. */
	append(aggregateId: string, eventType: string, data: Record<string, unknown> = {}): void {
		this.insert.run(aggregateId, aggregateId, eventType, JSON.stringify(data), this.clock().toISOString());
	}

	forAggregate(aggregateId: string, fromVersion = 0): DomainEvent[] {
		return (this.byAggregate.all(aggregateId, fromVersion) as EventRow[]).map(toEvent);
	}

	/** The aggregate's newest event (index-backed): e.g. the current budget state is the last `budget` event's `to`. */
	latest(aggregateId: string): DomainEvent | undefined {
		const row = this.newest.get(aggregateId) as EventRow | undefined;
		return row ? toEvent(row) : undefined;
	}

	ofType(eventType: string, limit = 100): DomainEvent[] {
		return (this.byType.all(eventType, limit) as EventRow[]).map(toEvent);
	}
}
