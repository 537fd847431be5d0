import {execSync} from 'node:child_process';
import {mkdirSync, readdirSync, rmdirSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(directory: string): number {
	let newest = 0;
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}

	return newest;
}

function isFresh(): boolean {
	try {
		return statSync(path.join(root, 'dist/cli.js')).mtimeMs >= newestMtime(path.join(root, 'source'));
	} catch {
		return false;
	}
}

/**
 * Builds dist/ (for tests that run the CLI as a real process) unless it is newer than source/. Test files
 * run in parallel: a lock directory makes one build while the others wait, instead of several tsc runs
 * writing dist/ at once.
 */
export async function ensureBuilt(): Promise<void> {
	if (isFresh()) return;
	const lock = path.join(tmpdir(), `az-os-build-${Buffer.from(root).toString('hex').slice(-32)}.lock`);
	const deadline = Date.now() + 180_000;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
			await sleep(100);
		}
	}

	try {
		if (!isFresh()) execSync('npm run build', {cwd: root, stdio: 'ignore'});
	} finally {
		rmdirSync(lock);
	}
}
