import {countTokens} from 'gpt-tokenizer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {chunkFile, fileKind} from '../../source/search/chunker.js';

describe('chunker', () => {
	it('knows markdown, code and text by extension', () => {
		expect(fileKind('a/README.md')).toBe('markdown');
		expect(fileKind('x.tsx')).toBe('code');
		expect(fileKind('notes.txt')).toBe('text');
		expect(fileKind('LICENSE')).toBe('text');
	});

	it('splits markdown by headings and prefixes each chunk with title and heading path', () => {
		const chunks = chunkFile('# Guide\n\nIntro text.\n\n## Install\n\nRun npm.\n\n### Offline\n\nUse the cache.\n\n```\n# not a heading\n```\n', 'guide.md');
		expect(chunks.map(chunk => [chunk.heading, chunk.body])).toEqual([
			['', 'Intro text.'],
			['Install', 'Run npm.'],
			['Install > Offline', 'Use the cache.\n\n```\n# not a heading\n```'],
		]);
		expect(chunks[2]!.text).toBe('Guide > Install > Offline\nUse the cache.\n\n```\n# not a heading\n```');
		expect(chunks[1]!.startLine).toBe(7);
		expect(chunks.every(chunk => chunk.title === 'Guide')).toBe(true);
	});

	it('keeps top-level code blocks whole when they fit', () => {
		const code = ['import a from "a";', '', 'export function one() {', '  return 1;', '}', '', 'export class Two {', '  run() {', '    return 2;', '  }', '}', ''].join('\n');
		const chunks = chunkFile(code, 'x.ts', {maxTokens: 20, overlapTokens: 0});
		expect(chunks.map(chunk => chunk.body)).toEqual(['import a from "a";\n\nexport function one() {\n  return 1;\n}', 'export class Two {\n  run() {\n    return 2;\n  }\n}']);
	});

	it('windows long text to the token limit with overlap between windows', () => {
		const paragraphs = Array.from({length: 40}, (_, index) => `Paragraph ${index} talks about topic number ${index} in a few plain words.`);
		const chunks = chunkFile(paragraphs.join('\n\n'), 'notes.txt', {maxTokens: 64, overlapTokens: 16});
		expect(chunks.length).toBeGreaterThan(5);
		for (const chunk of chunks) expect(countTokens(chunk.body)).toBeLessThanOrEqual(64 + 4);
		expect(chunks[1]!.body.startsWith(chunks[0]!.body.split('\n\n').at(-1)!)).toBe(true);
		const all = chunks.map(chunk => chunk.body).join('\n\n');
		for (const paragraph of paragraphs) expect(all).toContain(paragraph);
	});

	it('never loses text and never exceeds the limit (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.lorem({maxCount: 80, mode: 'sentences'}), {maxLength: 30}), paragraphs => {
				const content = paragraphs.join('\n\n');
				const chunks = chunkFile(content, 'p.txt', {maxTokens: 48, overlapTokens: 8});
				const all = chunks.map(chunk => chunk.body).join(' ');
				for (const word of content.split(/\s+/).filter(Boolean)) expect(all).toContain(word);
				for (const chunk of chunks) expect(countTokens(chunk.body)).toBeLessThanOrEqual(48 + 8);
			}),
			{numRuns: 40},
		);
	});

	it('returns no chunks for an empty file', () => {
		expect(chunkFile('\n\n  \n', 'empty.md')).toEqual([]);
	});
});
