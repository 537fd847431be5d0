export type RankedList = {ids: readonly string[]; weight: number};

/** RRF's usual constant: damps the gap between the first ranks. */
export const rrfK = 60;

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
