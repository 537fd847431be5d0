import {execSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(directory: string): number {
	let newest = 0;
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}

	return newest;
}

/**
 * Tests that run the CLI as a real process (and the worker thread loaded from dist) need dist/ to match
 * source/: build once before any test file runs, unless dist is already newer.
 */
export default function setup(): void {
	let fresh = false;
	try {
		fresh = statSync(path.join(root, 'dist/cli.js')).mtimeMs >= newestMtime(path.join(root, 'source'));
	} catch {}

	if (!fresh) execSync('npm run build', {cwd: root, stdio: 'inherit'});
}
