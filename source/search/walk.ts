import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type {Ignore} from 'ignore';

export type WalkResult = {files: string[]; missing: string[]};

type Rules = {base: string; rules: Ignore};

function gitignoreAt(directory: string): Rules | undefined {
	try {
		const text = readFileSync(path.join(directory, '.gitignore'), 'utf8');
		return {base: directory, rules: ignore().add(text)};
	} catch {
		return undefined;
	}
}

function ignored(stack: readonly Rules[], file: string, isDirectory: boolean): boolean {
	for (const {base, rules} of stack) {
		const relative = path.relative(base, file).split(path.sep).join('/');
		if (relative === '' || relative.startsWith('..')) continue;
		if (rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
	}

	return false;
}

/** Every file under the given paths, honouring .gitignore files on the way down (and never entering .git). */
export function walkFiles(paths: readonly string[]): WalkResult {
	const files: string[] = [];
	const missing: string[] = [];
	const visit = (directory: string, stack: Rules[]) => {
		const own = gitignoreAt(directory);
		const rules = own ? [...stack, own] : stack;
		let entries;
		try {
			entries = readdirSync(directory, {withFileTypes: true});
		} catch {
			missing.push(directory);
			return;
		}

		entries.sort((a, b) => a.name.localeCompare(b.name));
		for (const entry of entries) {
			const full = path.join(directory, entry.name);
			if (entry.name === '.git') continue;
			if (entry.isDirectory()) {
				if (!ignored(rules, full, true)) visit(full, rules);
			} else if (entry.isFile() && !ignored(rules, full, false)) {
				files.push(full);
			}
		}
	};

	for (const given of paths) {
		const full = path.resolve(given);
		let stats;
		try {
			stats = statSync(full);
		} catch {
			missing.push(full);
			continue;
		}

		if (stats.isDirectory()) visit(full, ancestorsRules(full));
		else files.push(full);
	}

	return {files: [...new Set(files)], missing};
}

/** .gitignore files above a starting folder, up to the repository root (a folder holding .git), apply too. */
function ancestorsRules(directory: string): Rules[] {
	const found: Rules[] = [];
	let current = path.dirname(directory);
	for (;;) {
		const rules = gitignoreAt(current);
		if (rules) found.unshift(rules);
		let isRoot = false;
		try {
			isRoot = statSync(path.join(current, '.git')).isDirectory() || statSync(path.join(current, '.git')).isFile();
		} catch {
			isRoot = false;
		}

		const parent = path.dirname(current);
		if (isRoot || parent === current) return found;
		current = parent;
	}
}
