import {describe, expect, it} from 'vitest';
import {tempDir} from '../helpers/temp.js';
import {Store} from '../../source/store/store.js';
import {fuseRanks} from '../../source/search/fusion.js';
import {ftsQuery, LexicalIndex} from '../../source/search/lexical.js';
import {parseWhere} from '../../source/search/stores/where.js';

describe('weighted reciprocal rank fusion', () => {
	it('is plain RRF with equal weights: an id high in both lists wins', () => {
		const fused = fuseRanks([
			{ids: ['a', 'b', 'c'], weight: 1},
			{ids: ['b', 'c', 'x'], weight: 1},
		]);
		expect(fused[0]!.id).toBe('b');
		expect(fused.find(item => item.id === 'x')!.ranks).toEqual([undefined, 3]);
	});

	it('lets the heavier list lead', () => {
		const lists = (lexical: number, semantic: number) => fuseRanks([
			{ids: ['lex1', 'lex2'], weight: lexical},
			{ids: ['sem1', 'sem2'], weight: semantic},
		]).map(item => item.id);
		expect(lists(2, 1)[0]).toBe('lex1');
		expect(lists(1, 2)[0]).toBe('sem1');
	});
});

describe('lexical index (FTS5 bm25)', () => {
	it('turns any text into a safe FTS query', () => {
		expect(ftsQuery('startBundledChroma() AND "x" NEAR(')).toBe('"startbundledchroma" OR "and" OR "x" OR "near"');
		expect(ftsQuery('  ?! ')).toBeUndefined();
	});

	it('finds exact identifiers, filters by metadata and follows updates and deletes', () => {
		const store = Store.open(tempDir());
		try {
			const index = new LexicalIndex(store.db);
			index.upsert('documents', [
				{id: '1', source: '/a.md', document: 'The worker claims a task with a lease', metadata: {type: 'markdown', tags: ['runner']}},
				{id: '2', source: '/b.ts', document: 'export function startBundledChroma() {}', metadata: {type: 'code', tags: ['search']}},
				{id: '3', source: '/c.md', document: 'Chroma runs on a free port', metadata: {type: 'markdown', tags: ['search']}},
			]);
			expect(index.search('documents', 'startBundledChroma', {limit: 5}).map(hit => hit.id)).toEqual(['2']);
			expect(index.search('documents', 'chroma port', {limit: 5}).map(hit => hit.id)).toEqual(['3']);
			expect(index.search('documents', 'task lease chroma', {limit: 5, where: parseWhere(['tags=search'])}).map(hit => hit.id)).toEqual(['3']);
			index.upsert('documents', [{id: '3', source: '/c.md', document: 'Nothing here now', metadata: {}}]);
			expect(index.search('documents', 'chroma port', {limit: 5})).toEqual([]);
			index.delete('documents', ['1']);
			expect(index.search('documents', 'lease', {limit: 5})).toEqual([]);
			expect(index.search('contexts', 'nothing', {limit: 5})).toEqual([]);
		} finally {
			store.db.close();
		}
	});

	it('rejects bad filters clearly', () => {
		expect(() => parseWhere(['novalue'])).toThrow(/--where needs key=value/);
		expect(() => parseWhere(['=3'])).toThrow(/--where needs key=value/);
		expect(() => parseWhere(['created_at_epoch>soon'])).toThrow(/needs a number, got "soon"/);
		expect(parseWhere(['created_at_epoch>=10', 'created_at_epoch<20', 'n>1.5'])).toEqual({created_at_epoch: {$gte: 10, $lt: 20}, n: {$gt: 1.5}});
		expect(() => parseWhere(["bad-key'=1"])).toThrow(/bad filter key/);
		expect(parseWhere(['n=3', 'ok=true', 'name=x=y'])).toEqual({n: 3, ok: true, name: 'x=y'});
	});
});
