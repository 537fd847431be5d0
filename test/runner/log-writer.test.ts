import fc from 'fast-check';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openDatabase} from '../../source/store/db.js';
import {LineSplitter, LogWriter} from '../../source/runner/log-writer.js';
import {Store} from '../../source/store/store.js';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {waitFor} from './helpers.js';

describe('LineSplitter', () => {
	it('yields the same lines whatever the chunk boundaries', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 300}), fc.array(fc.nat(300), {maxLength: 10}), (bytes, cuts) => {
				const input = Buffer.from(bytes);
				const lines: Buffer[] = [];
				const splitter = new LineSplitter(line => lines.push(Buffer.from(line)));
				const points = [...new Set(cuts.map(cut => cut % (input.length + 1)))].sort((a, b) => a - b);
				let start = 0;
				for (const point of [...points, input.length]) {
					splitter.push(input.subarray(start, point));
					start = point;
				}

				splitter.end();
				const expected = input.length === 0 ? [] : input.toString('latin1').split('\n');
				if (expected.at(-1) === '') expected.pop();
				expect(lines.map(line => line.toString('latin1'))).toEqual(expected);
			}),
		);
	});
});

describe('LogWriter', () => {
	function setup(busyTimeoutMs?: number) {
		const dataDir = tempDir();
		const store = Store.open(dataDir, {busyTimeoutMs});
		onCleanup(() => store.close());
		const task = store.tasks.create({command: 'true'});
		return {dataDir, store, task};
	}

	it('writes a full batch at once and the rest within the flush interval, in order', async () => {
		const {store, task} = setup();
		const writer = new LogWriter(store, task.id, {flushMs: 50, maxBatch: 1000});
		for (let index = 0; index < 1500; index++) writer.write('info', String(index));
		// 1,000 went out synchronously; the other 500 wait for the timer.
		expect(store.logs.count(task.id)).toBe(1000);
		await waitFor(() => store.logs.count(task.id) === 1500, 5000, 'rest flushed');
		expect(store.logs.page(task.id, 0, 2000).map(line => line.message)).toEqual(Array.from({length: 1500}, (_, index) => String(index)));
		writer.close();
	});

	it('keeps lines when the database is locked by another process, and writes them all, in order, once it is free', async () => {
		const {dataDir, store, task} = setup(20);
		const errors: unknown[] = [];
		const writer = new LogWriter(store, task.id, {flushMs: 20, onError: error => errors.push(error)});
		const other = openDatabase(path.join(dataDir, 'az_os.db'));
		onCleanup(() => other.close());
		other.exec('BEGIN IMMEDIATE');
		writer.write('info', 'one');
		writer.write('error', 'two');
		await waitFor(() => errors.length > 0, 5000, 'a failed flush');
		writer.write('info', 'three');
		other.exec('COMMIT');
		await waitFor(() => store.logs.count(task.id) === 3, 5000, 'lines written');
		expect(store.logs.page(task.id).map(line => [line.level, line.message])).toEqual([['info', 'one'], ['error', 'two'], ['info', 'three']]);
		writer.close();
	});
});
