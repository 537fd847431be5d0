/** Percentile of a sample (nearest rank), for bench figures. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

export function fmt(value: number, digits = 2): string {
	return value.toLocaleString('en-US', {maximumFractionDigits: digits});
}
