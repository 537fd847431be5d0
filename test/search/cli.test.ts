import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {builtCli, cli, spawnCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp.js';
import {writeTinyBert} from './fixtures/tiny-bert.js';

const env = {PATH: process.env['PATH'], HOME: process.env['HOME'], AZ_OS_OFFLINE: '1'};

function project(): string {
	const root = tempDir('az-os-docs-');
	writeFileSync(path.join(root, '.gitignore'), 'secret/\n*.log\n');
	writeFileSync(path.join(root, 'guide.md'), '# Guide\n\nHow the scheduler works.\n\n## Cancelling\n\nTo stop a running job, cancel the task: its whole process group gets SIGTERM, then SIGKILL.\n\n## Budgets\n\nSpending limits pause new work when the monthly budget turns critical.\n');
	writeFileSync(path.join(root, 'store.ts'), 'export function startBundledChroma(port: number) {\n  return port;\n}\n\nexport const answer = 42;\n');
	writeFileSync(path.join(root, 'notes.txt'), 'Recipes need flour and eggs.\n\nThe garden needs water in summer.\n');
	writeFileSync(path.join(root, 'debug.log'), 'ignored by .gitignore');
	mkdirSync(path.join(root, 'secret'));
	writeFileSync(path.join(root, 'secret', 'keys.md'), '# Keys\n\nnever indexed');
	writeFileSync(path.join(root, 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
	return root;
}

describe('az-os index / search (use-lite, sqlite-vec or chroma as chosen)', () => {
	it('indexes a folder honouring .gitignore, skips binaries, and finds by meaning and by identifier', async () => {
		const dataDir = tempDir();
		const root = project();
		const indexed = await cli(dataDir, ['index', root, '--tags', 'docs,demo', '--json'], {env});
		expect(indexed.stderr).toMatch(/using the offline use-lite embedder/);
		expect(indexed.code).toBe(0);
		const result = JSON.parse(indexed.stdout) as {files: number; indexed: number; chunks: number; skipped: Array<{path: string; reason: string}>};
		expect(result.indexed).toBe(4); // guide.md, store.ts, notes.txt and .gitignore itself
		expect(result.skipped).toEqual([{path: path.join(root, 'image.bin'), reason: 'binary'}]);
		expect(result.files).toBe(5);

		const semantic = await cli(dataDir, ['search', 'how do I kill a job that is running', '--json'], {env});
		expect(semantic.code).toBe(0);
		const hits = JSON.parse(semantic.stdout) as Array<{source: string; heading: string; passage: string; metadata: {tags: string[]}}>;
		expect(hits[0]).toMatchObject({source: path.join(root, 'guide.md'), heading: 'Cancelling'});
		expect(hits[0]!.metadata.tags).toEqual(['docs', 'demo']);

		const identifier = await cli(dataDir, ['search', 'startBundledChroma', '--mode', 'lexical', '--json'], {env});
		expect((JSON.parse(identifier.stdout) as Array<{source: string}>)[0]!.source).toBe(path.join(root, 'store.ts'));

		const filtered = await cli(dataDir, ['search', 'water garden flour', '--where', 'type=markdown', '--where', 'indexed_at_epoch>0', '--json'], {env});
		expect((JSON.parse(filtered.stdout) as Array<{source: string}>).every(hit => hit.source.endsWith('guide.md'))).toBe(true);

		const human = await cli(dataDir, ['search', 'budget', '--limit', '1'], {env});
		expect(human.stdout).toMatch(/^1\. \d\.\d{4} {2}.*guide\.md:\d+\n {3}Guide > Budgets\n {3}Spending limits/);
	});

	it('skips unchanged files, re-indexes changed ones and prunes deleted ones', async () => {
		const dataDir = tempDir();
		const root = project();
		expect((await cli(dataDir, ['index', root], {env})).code).toBe(0);
		const again = await cli(dataDir, ['index', root, '--json'], {env});
		expect(JSON.parse(again.stdout)).toMatchObject({indexed: 0, unchanged: 4, pruned: 0});
		writeFileSync(path.join(root, 'notes.txt'), 'Completely new words about zebras.\n');
		rmSync(path.join(root, 'store.ts'));
		const changed = await cli(dataDir, ['index', root, '--prune', '--json'], {env});
		expect(JSON.parse(changed.stdout)).toMatchObject({indexed: 1, unchanged: 2, pruned: 1});
		expect(JSON.parse((await cli(dataDir, ['search', 'startBundledChroma', '--mode', 'lexical', '--json'], {env})).stdout)).toEqual([]);
		expect(JSON.parse((await cli(dataDir, ['search', 'flour eggs', '--mode', 'lexical', '--json'], {env})).stdout)).toEqual([]);
		expect((JSON.parse((await cli(dataDir, ['search', 'zebras', '--mode', 'lexical', '--json'], {env})).stdout) as unknown[]).length).toBe(1);
		const status = await cli(dataDir, ['search', 'status', '--json'], {env});
		expect(JSON.parse(status.stdout)).toMatchObject({embedder: {id: 'use-lite'}, collections: [{name: 'documents', embedderId: 'use-lite', dimension: 512, files: 3}]});
	});

	it('says clearly what is wrong with bad input', async () => {
		const dataDir = tempDir();
		const cases: Array<[string[], number, RegExp]> = [
			[['search'], 2, /give a query/],
			[['search', 'x', '--collection', 'nope'], 2, /unknown collection "nope"/],
			[['search', 'x', '--where', 'novalue'], 2, /--where needs key=value/],
			[['search', 'x', '--where', 'indexed_at_epoch>today'], 2, /needs a number, got "today"/],
			[['search', 'x', '--mode', 'fuzzy'], 2, /--mode must be hybrid, semantic or lexical/],
			[['search', 'x', '--limit', '0'], 2, /--limit must be a whole number/],
			[['search', 'anything'], 1, /nothing is indexed in "documents" yet: run "az-os index PATH"/],
			[['search', 'migrate'], 2, /--to sqlite or --to chroma/],
			[['index'], 2, /give at least one file or folder/],
			[['models', 'import'], 2, /models import needs one folder/],
			[['models', 'frobnicate'], 2, /unknown models action/],
		];
		for (const [args, code, message] of cases) {
			const result = await cli(dataDir, args, {env});
			expect({args, code: result.code, stderr: result.stderr}).toMatchObject({args, code, stderr: expect.stringMatching(message)});
		}

		const missing = await cli(dataDir, ['index', path.join(dataDir, 'no-such-dir'), '--json'], {env});
		expect(missing.code).toBe(1);
		expect(JSON.parse(missing.stdout).skipped).toEqual([{path: path.join(dataDir, 'no-such-dir'), reason: 'not found'}]);
	});
});

describe('az-os models (offline)', () => {
	it('reports the missing model and the unusable network, and pull refuses with the way out', async () => {
		const dataDir = tempDir();
		const status = await cli(dataDir, ['models', 'status'], {env});
		expect(status.code).toBe(0);
		expect(status.stdout).toMatch(/minilm: +missing/);
		expect(status.stdout).toMatch(/network: +not usable: AZ_OS_OFFLINE=1 is set/);
		expect(status.stdout).toMatch(/embedder: use-lite/);
		const pull = await cli(dataDir, ['models', 'pull'], {env});
		expect(pull.code).toBe(1);
		expect(pull.stderr).toMatch(/cannot download Xenova\/all-MiniLM-L6-v2: AZ_OS_OFFLINE=1 is set; copy a model folder here with "az-os models import DIR"/);
	});

	it('imports a local model, then a collection of another embedder asks for --rebuild, and --rebuild switches it', async () => {
		const dataDir = tempDir();
		const root = project();
		expect((await cli(dataDir, ['index', root], {env})).code).toBe(0);
		const modelDir = writeTinyBert(tempDir(), 'tiny', {hidden: 24});
		const bad = await cli(dataDir, ['models', 'import', root], {env});
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/is not a model folder: missing config\.json/);
		const imported = await cli(dataDir, ['models', 'import', modelDir], {env});
		expect(imported.stderr).toBe('');
		expect(imported.stdout).toMatch(/imported into .*Xenova\/all-MiniLM-L6-v2 \(24-d\)/);
		expect((await cli(dataDir, ['models', 'status', '--json'], {env})).stdout).toMatch(/"active": "minilm"/);
		const mixed = await cli(dataDir, ['index', root], {env});
		expect(mixed.code).toBe(1);
		expect(mixed.stderr).toMatch(/collection "documents" holds use-lite vectors \(512-d\) but the embedder now is minilm \(24-d\): run "az-os index --rebuild"/);
		const rebuilt = await cli(dataDir, ['index', root, '--rebuild', '--json'], {env});
		expect(JSON.parse(rebuilt.stdout)).toMatchObject({indexed: 4});
		const status = JSON.parse((await cli(dataDir, ['search', 'status', '--json'], {env})).stdout);
		expect(status.collections[0]).toMatchObject({embedderId: 'minilm', dimension: 24});
		const found = JSON.parse((await cli(dataDir, ['search', 'startBundledChroma', '--json'], {env})).stdout) as Array<{source: string}>;
		expect(found[0]!.source).toBe(path.join(root, 'store.ts'));
	});
});

describe.skipIf(!existsSync(builtCli))('the built CLI (dist/, after npm run build)', () => {
	it('indexes and searches as a real process, embedding in the dist worker thread', async () => {
		const dataDir = tempDir();
		const root = project();
		const spawnEnv = {...env, AZ_OS_DATA_DIR: dataDir};
		const indexed = await spawnCli(['index', root, '--json'], {env: spawnEnv, timeoutMs: 60_000});
		expect(indexed.code).toBe(0);
		expect(JSON.parse(indexed.stdout)).toMatchObject({indexed: 4});
		const found = await spawnCli(['search', 'halt a job that is running', '--limit', '1', '--json'], {env: spawnEnv, timeoutMs: 60_000});
		expect(found.code).toBe(0);
		expect((JSON.parse(found.stdout) as Array<{heading: string}>)[0]!.heading).toBe('Cancelling');
	});
});
