import {isUtf8} from 'node:buffer';
import type {LogLevel} from '../domain/types.js';
import type {NewLogLine} from '../store/task-logs.js';
import type {Store} from '../store/store.js';

export type LogWriterOptions = {
	/** Longest a line waits before it is written (default 50 ms). */
	flushMs?: number;
	/** A batch this big is written at once (default 1,000 lines). */
	maxBatch?: number;
	/** How many of the last lines to keep in memory for the result snapshot (default 20). */
	keepLast?: number;
	/** Told when a write fails (e.g. the database is busy for longer than its timeout); lines are kept for the next try. */
	onError?: (error: unknown) => void;
};

/**
 * Collects a task's log lines and writes them in batches (one transaction each), in the order they were
 * pushed: at most every `flushMs` (so a line waits at most that long), or as soon as `maxBatch` lines wait.
 */
export class LogWriter {
	private pending: NewLogLine[] = [];
	private timer: NodeJS.Timeout | undefined;
	private readonly flushMs: number;
	private readonly maxBatch: number;
	private readonly keepLast: number;
	private readonly last: string[] = [];
	private lastFlush = Number.NEGATIVE_INFINITY;
	written = 0;

	constructor(
		private readonly store: Store,
		private readonly taskId: string,
		private readonly options: LogWriterOptions = {},
	) {
		this.flushMs = options.flushMs ?? 50;
		this.maxBatch = options.maxBatch ?? 1000;
		this.keepLast = options.keepLast ?? 20;
	}

	write(level: LogLevel, message: string, metadata?: Record<string, unknown>): void {
		this.pending.push({level, message, timestamp: this.store.clock().toISOString(), ...(metadata ? {metadata} : {})});
		if (this.pending.length >= this.maxBatch) this.flush();
		// Leading edge: after a quiet spell the first line goes out on the next turn of the event loop (with
		// whatever arrived in the same chunk); while output keeps coming, batches go out every flushMs.
		else this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlush + this.flushMs - performance.now()));
	}

	/** A line of raw output: text when it is valid UTF-8, else kept byte for byte as base64 in the metadata. */
	writeOutput(level: LogLevel, bytes: Buffer, stream: 'stdout' | 'stderr'): void {
		const text = bytes.toString('utf8');
		this.last.push(text);
		if (this.last.length > this.keepLast) this.last.shift();
		if (isUtf8(bytes)) this.write(level, text);
		else this.write(level, text, {stream, encoding: 'base64', raw: bytes.toString('base64')});
	}

	/** The last output lines of the process (not the runner's own lines). */
	lastLines(): string[] {
		return [...this.last];
	}

	flush(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}

		if (this.pending.length === 0) return;
		this.lastFlush = performance.now();
		const batch = this.pending;
		this.pending = [];
		try {
			this.store.logs.append(this.taskId, batch);
			this.written += batch.length;
		} catch (error) {
			// Keep the lines, in order, for the next flush: none may be lost to a busy database.
			this.pending = [...batch, ...this.pending];
			this.timer ??= setTimeout(() => this.flush(), this.flushMs);
			this.options.onError?.(error);
		}
	}

	/** Writes what is left and stops the timer; call when the task is done. */
	close(): void {
		this.flush();
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
	}
}

/**
 * Splits a byte stream into lines (without the newline), whatever the chunk boundaries; a line is kept
 * whole however long. `end()` returns the last line when the stream did not end with a newline.
 */
export class LineSplitter {
	private parts: Buffer[] = [];

	constructor(private readonly onLine: (line: Buffer) => void) {}

	push(chunk: Buffer): void {
		let start = 0;
		for (;;) {
			const newline = chunk.indexOf(10, start);
			if (newline === -1) break;
			let line = chunk.subarray(start, newline);
			if (this.parts.length > 0) {
				line = Buffer.concat([...this.parts, line]);
				this.parts = [];
			}

			this.onLine(line);
			start = newline + 1;
		}

		if (start < chunk.length) this.parts.push(chunk.subarray(start));
	}

	end(): void {
		if (this.parts.length === 0) return;
		const line = Buffer.concat(this.parts);
		this.parts = [];
		this.onLine(line);
	}
}
