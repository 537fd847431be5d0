import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

const made: string[] = [];
const cleanups: Array<() => unknown> = [];

/** Runs these after the current test, newest first, before temp dirs are removed: close stores, stop workers. */
export function onCleanup(...cleanup: Array<() => unknown>): void {
	cleanups.push(...cleanup);
}

/** A fresh temp directory, removed after the current test. */
export function tempDir(prefix = 'az-os-test-'): string {
	const directory = mkdtempSync(path.join(tmpdir(), prefix));
	made.push(directory);
	return directory;
}

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
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
