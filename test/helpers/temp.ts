import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

const made: string[] = [];

/** A fresh temp directory, removed after the current test. */
export function tempDir(prefix = 'az-os-test-'): string {
	const directory = mkdtempSync(path.join(tmpdir(), prefix));
	made.push(directory);
	return directory;
}

afterEach(() => {
	for (const directory of made.splice(0)) rmSync(directory, {recursive: true, force: true});
});

/** A clock tests move by hand. */
export function manualClock(start = '2026-01-01T00:00:00.000Z'): {now: () => Date; advance(ms: number): void; set(iso: string): void} {
	let current = Date.parse(start);
	return {
		now: () => new Date(current),
		advance(ms) {
			current += ms;
		},
		set(iso) {
			current = Date.parse(iso);
		},
	};
}
