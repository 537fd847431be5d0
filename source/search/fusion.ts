export type RankedList = {ids: readonly string[]; weight: number};

/**
 * Smaller than RRF's usual 60: on the labelled set (test/bench/search.bench.ts) k=60 let vector noise outrank
 * strong bm25 hits (recall@5 0.75), k=10 with weights 1:0.7 gave recall@5 0.91 / MRR 0.77.
 */
export const rrfK = 10;

/**
 * Weighted reciprocal rank fusion: score(id) = Σ weight / (k + rank), rank from 1. Equal weights are plain RRF;
 * the weights let the stronger ranking (measured on the labelled set) lead.
 */
export function fuseRanks(lists: readonly RankedList[], k = rrfK): Array<{id: string; score: number; ranks: Array<number | undefined>}> {
	const scores = new Map<string, {score: number; ranks: Array<number | undefined>}>();
	lists.forEach((list, listIndex) => {
		list.ids.forEach((id, index) => {
			const entry = scores.get(id) ?? {score: 0, ranks: lists.map(() => undefined)};
			if (entry.ranks[listIndex] !== undefined) return;
			entry.score += list.weight / (k + index + 1);
			entry.ranks[listIndex] = index + 1;
			scores.set(id, entry);
		});
	});
	return [...scores.entries()].map(([id, entry]) => ({id, ...entry})).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
