import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {onCleanup, tempDir} from '../helpers/temp.js';
import {AzOs} from '../../source/services/az-os.js';
import type {SearchHit, SearchOptions} from '../../source/services/search-service.js';
import {SearchService} from '../../source/services/search-service.js';
import type {SearchPaneApi} from '../../source/ui/panes/SearchPane.js';
import {SearchPane} from '../../source/ui/panes/SearchPane.js';

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

function hit(id: string, passage: string, source = `/docs/${id}.md`): SearchHit {
	return {id, score: 0.5, source, title: 'Doc', heading: `Heading ${id}`, passage, metadata: {start_line: 3}};
}

/** An API whose answers the test controls, recording every call. */
function scriptedApi(answer: (query: string, options: SearchOptions) => Promise<SearchHit[]>) {
	const calls: Array<{query: string; collection?: string}> = [];
	const api: SearchPaneApi = {
		search(query, options) {
			calls.push({query, collection: options.collection});
			return answer(query, options);
		},
		chunk: (_collection, id) => ({id, source: `/docs/${id}.md`, document: `Doc > Heading ${id}\nThe whole chunk of ${id}, every line of it.`, metadata: {}}),
	};
	return {api, calls};
}

describe('SearchPane', () => {
	it('searches once the typing pauses (debounced), shows results, and opens the whole chunk on Enter', async () => {
		const {api, calls} = scriptedApi(async query => [hit('one', `first result for ${query}`), hit('two', 'second result')]);
		const view = render(<SearchPane api={api} debounceMs={150} />);
		onCleanup(() => view.unmount());
		// Typed a key at a time, faster than the debounce (and a typo fixed): one search, for the whole word.
		for (const letter of 'cancex') view.stdin.write(letter);
		view.stdin.write('\u007F');
		view.stdin.write('l');

		await waitFor(() => view.lastFrame()!.includes('first result for cancel'), 3000).catch(error => {
			throw new Error(`${(error as Error).message}: ${JSON.stringify(view.lastFrame())} ${JSON.stringify(calls)}`);
		});
		expect(calls).toEqual([{query: 'cancel', collection: 'documents'}]);
		expect(view.lastFrame()).toContain('› /docs/one.md:3');
		view.stdin.write('\u001B[B');
		await waitFor(() => view.lastFrame()!.includes('› /docs/two.md:3'));
		view.stdin.write('\r');
		await waitFor(() => view.lastFrame()!.includes('The whole chunk of two, every line of it.'));
		expect(view.lastFrame()).toContain('/docs/two.md:3');
		view.stdin.write('\u001B');
		await waitFor(() => view.lastFrame()!.includes('Tab collection'));
	});

	it('switches collection with Tab and searches it', async () => {
		const {api, calls} = scriptedApi(async (_query, options) => [hit(`in-${options.collection}`, 'x')]);
		const view = render(<SearchPane api={api} debounceMs={20} />);
		onCleanup(() => view.unmount());
		view.stdin.write('npm');
		await waitFor(() => view.lastFrame()!.includes('in-documents'));
		view.stdin.write('\t');
		await waitFor(() => view.lastFrame()!.includes('[contexts]') && view.lastFrame()!.includes('in-contexts'));
		expect(calls.map(call => call.collection)).toEqual(['documents', 'contexts']);
	});

	it('shows errors in the pane instead of crashing, and recovers', async () => {
		let fail = true;
		const {api} = scriptedApi(async () => {
			if (fail) throw new Error('the Chroma store is down: connection refused');
			return [hit('back', 'working again')];
		});
		const view = render(<SearchPane api={api} debounceMs={20} />);
		onCleanup(() => view.unmount());
		view.stdin.write('x');
		await waitFor(() => view.lastFrame()!.includes('error: the Chroma store is down: connection refused'));
		fail = false;
		view.stdin.write('y');
		await waitFor(() => view.lastFrame()!.includes('working again'));
		expect(view.lastFrame()).not.toContain('error:');
	});

	it('drops answers to older queries', async () => {
		const {api} = scriptedApi(query => new Promise(resolve => setTimeout(() => resolve([hit(query, `answer for ${query}`)]), query === 'a' ? 300 : 10)));
		const view = render(<SearchPane api={api} debounceMs={0} />);
		onCleanup(() => view.unmount());
		view.stdin.write('a');
		await new Promise(resolve => setTimeout(resolve, 50));
		view.stdin.write('b');
		await waitFor(() => view.lastFrame()!.includes('answer for ab'));
		await new Promise(resolve => setTimeout(resolve, 400));
		expect(view.lastFrame()).not.toContain('answer for a\n');
		expect(view.lastFrame()).toContain('answer for ab');
	});

	it('works over a real search service and index', async () => {
		const dataDir = tempDir();
		const docs = tempDir('az-os-docs-');
		writeFileSync(path.join(docs, 'ops.md'), '# Ops\n\n## Cancelling\n\nTo stop a running job, cancel its task.\n\n## Budgets\n\nSpending limits pause new work.\n');
		const azos = AzOs.open({dataDir});
		const search = new SearchService({dataDir, db: azos.store.db, env: {AZ_OS_OFFLINE: '1', AZ_OS_EMBEDDER: 'use-lite'}, clock: azos.clock});
		onCleanup(() => azos.close(), () => search.close());
		await search.index([docs]);
		const view = render(<SearchPane api={search} debounceMs={20} />);
		onCleanup(() => view.unmount());
		view.stdin.write('stop a job');
		await waitFor(() => view.lastFrame()!.includes('Cancelling'));
		view.stdin.write('\r');
		await waitFor(() => view.lastFrame()!.includes('To stop a running job, cancel its task.'));
		expect(view.lastFrame()).toContain(path.join(docs, 'ops.md'));
	});
});
