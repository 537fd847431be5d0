/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) one after another
 * and lets each print its figures. A bench module's default export is `async (log: (line: string) => void) => void`.
 */
import {readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const directory = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(directory)
	.filter(file => file.endsWith('.bench.ts'))
	.filter(file => wanted.length === 0 || wanted.some(name => file.startsWith(name)))
	.sort();

for (const file of files) {
	const module = (await import(new URL(file, import.meta.url).href)) as {default: (log: (line: string) => void) => Promise<void>};
	console.log(`\n== ${file.replace('.bench.ts', '')}`);
	const started = performance.now();
	await module.default(line => console.log(`  ${line}`));
	console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
