import path from 'node:path';
import {countTokens} from 'gpt-tokenizer';

export type FileKind = 'markdown' | 'code' | 'text';

export type Chunk = {
	/** What is embedded and indexed: the body prefixed with its title and heading, which helps both rankings. */
	text: string;
	body: string;
	title: string;
	heading: string;
	index: number;
	startLine: number;
};

export type ChunkOptions = {maxTokens?: number; overlapTokens?: number};

const markdownExtensions = new Set(['.md', '.mdx', '.markdown']);
const codeExtensions = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.py', '.go', '.rs', '.java', '.kt', '.c', '.h', '.cc', '.cpp', '.hpp', '.cs', '.rb', '.php', '.swift', '.sh', '.bash', '.sql', '.css', '.scss', '.lua', '.scala']);

export function fileKind(file: string): FileKind {
	const extension = path.extname(file).toLowerCase();
	if (markdownExtensions.has(extension)) return 'markdown';
	if (codeExtensions.has(extension)) return 'code';
	return 'text';
}

type Unit = {text: string; line: number};
type Section = {heading: string; units: Unit[]};

/** Groups units into windows of at most maxTokens, each starting with up to overlapTokens of the previous one. */
export function packUnits(units: readonly Unit[], maxTokens: number, overlapTokens: number, joiner: string): Array<{body: string; line: number}> {
	const sized: Array<Unit & {tokens: number}> = [];
	for (const unit of units) {
		const tokens = countTokens(unit.text);
		if (tokens <= maxTokens) {
			sized.push({...unit, tokens});
			continue;
		}

		// One unit too long for a window (a huge paragraph or line): cut it by words.
		const words = unit.text.split(/(?<=\s)/);
		let piece = '';
		for (const word of words) {
			if (piece !== '' && countTokens(piece + word) > maxTokens) {
				sized.push({text: piece.trim(), line: unit.line, tokens: countTokens(piece)});
				piece = '';
			}

			piece += word;
		}

		if (piece.trim() !== '') sized.push({text: piece.trim(), line: unit.line, tokens: countTokens(piece)});
	}

	const windows: Array<{body: string; line: number}> = [];
	let current: typeof sized = [];
	let currentTokens = 0;
	// Units added since the last window: a window of carried-over overlap alone is never emitted.
	let fresh = 0;
	const flush = () => {
		windows.push({body: current.map(unit => unit.text).join(joiner), line: current[0]!.line});
		const carried: typeof sized = [];
		let carriedTokens = 0;
		for (let index = current.length - 1; index > 0; index--) {
			const unit = current[index]!;
			if (carriedTokens + unit.tokens > overlapTokens) break;
			carried.unshift(unit);
			carriedTokens += unit.tokens;
		}

		current = carried;
		currentTokens = carriedTokens;
		fresh = 0;
	};

	for (const unit of sized) {
		if (currentTokens + unit.tokens > maxTokens && fresh > 0) flush();
		// The overlap must not push a window past the limit.
		while (current.length > 0 && currentTokens + unit.tokens > maxTokens) currentTokens -= current.shift()!.tokens;
		current.push(unit);
		currentTokens += unit.tokens;
		fresh++;
	}

	if (fresh > 0) flush();
	return windows;
}

function paragraphs(lines: readonly string[], firstLine: number): Unit[] {
	const units: Unit[] = [];
	let buffer: string[] = [];
	let start = firstLine;
	lines.forEach((line, offset) => {
		if (line.trim() === '') {
			if (buffer.length > 0) units.push({text: buffer.join('\n').trim(), line: start});
			buffer = [];
			return;
		}

		if (buffer.length === 0) start = firstLine + offset;
		buffer.push(line);
	});
	if (buffer.length > 0) units.push({text: buffer.join('\n').trim(), line: start});
	return units;
}

function markdownSections(lines: readonly string[]): {title?: string; sections: Section[]} {
	const sections: Section[] = [];
	const trail: string[] = [];
	let title: string | undefined;
	let body: string[] = [];
	let bodyStart = 1;
	let fenced = false;
	const close = () => {
		const units = paragraphs(body, bodyStart);
		if (units.length > 0) sections.push({heading: trail.filter(Boolean).join(' > '), units});
	};

	lines.forEach((line, index) => {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const match = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
		if (!match) {
			if (body.length === 0) bodyStart = index + 1;
			body.push(line);
			return;
		}

		close();
		body = [];
		const level = match[1]!.length;
		const text = match[2]!;
		if (level === 1 && title === undefined) title = text;
		trail.length = level - 1;
		trail[level - 1] = text;
		bodyStart = index + 2;
	});
	close();
	return {title, sections};
}

/** Top-level blocks: a new block starts at an unindented line that does not close a bracket. */
function codeBlocks(lines: readonly string[]): Unit[] {
	const blocks: Unit[] = [];
	let buffer: string[] = [];
	let start = 1;
	lines.forEach((line, index) => {
		const startsBlock = /^[^\s})\]]/.test(line) && !/^(else|catch|finally)\b/.test(line);
		const previous = buffer.at(-1) ?? '';
		const previousEnded = previous.trim() === '' || /^[})\]]/.test(previous) || /;\s*$/.test(previous) || !/^\s/.test(previous);
		if (startsBlock && previousEnded && buffer.some(item => item.trim() !== '')) {
			blocks.push({text: buffer.join('\n').trim(), line: start});
			buffer = [];
		}

		if (buffer.length === 0) start = index + 1;
		buffer.push(line);
	});
	if (buffer.some(item => item.trim() !== '')) blocks.push({text: buffer.join('\n').trim(), line: start});
	// Keep import runs and one-liners together with their neighbours: packUnits merges small blocks anyway.
	return blocks.filter(block => block.text !== '');
}

/** Splits a file into chunks of ~maxTokens (256) tokens with overlap: markdown by headings, code by top-level blocks, text by paragraphs. */
export function chunkFile(content: string, file: string, options: ChunkOptions = {}): Chunk[] {
	const maxTokens = options.maxTokens ?? 256;
	const overlapTokens = options.overlapTokens ?? 32;
	const lines = content.replace(/\r\n?/g, '\n').split('\n');
	const kind = fileKind(file);
	const baseName = path.basename(file);
	let title = baseName;
	let sections: Section[];
	if (kind === 'markdown') {
		const parsed = markdownSections(lines);
		title = parsed.title ?? baseName;
		sections = parsed.sections;
	} else if (kind === 'code') {
		sections = [{heading: '', units: codeBlocks(lines)}];
	} else {
		sections = [{heading: '', units: paragraphs(lines, 1)}];
	}

	const chunks: Chunk[] = [];
	for (const section of sections) {
		const joiner = kind === 'code' ? '\n\n' : '\n\n';
		for (const window of packUnits(section.units, maxTokens, overlapTokens, joiner)) {
			const heading = section.heading === title ? '' : section.heading.replace(new RegExp(`^${escapeRegExp(title)} > `), '');
			const prefix = heading ? `${title} > ${heading}` : title;
			chunks.push({text: `${prefix}\n${window.body}`, body: window.body, title, heading, index: chunks.length, startLine: window.line});
		}
	}

	return chunks;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
