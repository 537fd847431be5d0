import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {AzOs} from '../../source/services/az-os.js';
import {SearchService} from '../../source/services/search-service.js';
import {keyBindings} from '../../source/ui/keymap.js';
import {tempDir} from '../helpers/temp.js';
import type {Dashboard} from './helpers.js';
import {frame, keys, openDashboard, waitFor} from './helpers.js';

let open: Dashboard | undefined;
let search: SearchService | undefined;
let searchAzos: {close(): void} | undefined;
afterEach(async () => {
	open?.unmount();
	await search?.close();
	searchAzos?.close();
	open?.azos.close();
	open = undefined;
	search = undefined;
	searchAzos = undefined;
});

test('the search pane sits in the dashboard: focus 3, it takes the typing (q and c too), esc goes back to the tasks', async () => {
	const dataDir = tempDir();
	const docs = tempDir('az-os-docs-');
	writeFileSync(path.join(docs, 'ops.md'), '# Ops\n\n## Cancelling\n\nTo stop a running job, cancel its task.\n\n## Budgets\n\nSpending limits pause new work.\n');
	// The search service gets its own connection to the same database, as any reader may.
	const reader = AzOs.open({dataDir});
	searchAzos = reader;
	search = new SearchService({dataDir, db: reader.store.db, env: {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'}, clock: reader.clock});
	await search.index([docs]);
	open = openDashboard({dataDir, seed: azos => azos.addTask({command: 'queued job'}), props: {search, size: {columns: 100, rows: 40}}});
	await waitFor(() => expect(frame(open!)).toContain('[3] Search'));
	expect(frame(open)).toContain('[4] Cost');
	await open.press('3');
	await waitFor(() => expect(frame(open!)).toContain('▶[3] Search'));
	expect(frame(open)).toContain('type to search');
	await open.press(...'quick cancel');
	await waitFor(() => expect(frame(open!)).toContain('Cancelling'), 15_000);
	// Nothing else heard those keys: no quit, no cancel prompt.
	expect(open.quit.count).toBe(0);
	expect(frame(open)).not.toContain('Cancel task');
	expect(open.azos.store.tasks.countByStatus().cancelled).toBe(0);
	await open.press(keys.escape);
	await waitFor(() => expect(frame(open!)).toContain('▶[1] Tasks'));
	await open.press('?');
	await waitFor(() => expect(frame(open!)).toContain('Search pane'));
	for (const binding of keyBindings.filter(candidate => candidate.context === 'search')) expect(frame(open)).toContain(binding.description);
	await open.press(keys.escape, 'q');
	await waitFor(() => expect(open!.quit.count).toBe(1));
});

test('keys typed right after focusing the search pane reach it, before any re-render', async () => {
	const dataDir = tempDir();
	const reader = AzOs.open({dataDir});
	searchAzos = reader;
	search = new SearchService({dataDir, db: reader.store.db, env: {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'}, clock: reader.clock});
	open = openDashboard({dataDir, seed: azos => azos.addTask({command: 'queued job'}), props: {search, size: {columns: 100, rows: 40}}});
	await waitFor(() => expect(frame(open!)).toContain('[3] Search'));
	// One synchronous burst of separate reads: no render can happen between them.
	for (const key of ['3', 'q', 'c', '\t']) open.stdin.write(key);
	await waitFor(() => expect(frame(open!)).toContain('search [contexts] qc'));
	expect(open.quit.count).toBe(0);
	expect(frame(open)).not.toContain('Cancel task');
});
