import {readFileSync} from 'node:fs';
import meow from 'meow';
import type {Command, CommandContext, FlagSpec, Io} from './command.js';
import {commandHelp, formatFlags, globalFlags} from './command.js';
import {commandLoaders, loadCommands} from './index.js';
import {AzOsError} from '../domain/errors.js';
import type {AzOs} from '../services/az-os.js';
import {AzOs as AzOsService} from '../services/az-os.js';
import {resolveDataDir} from '../services/data-dir.js';
import {translateSqliteError} from '../store/db.js';

export const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;

export async function mainHelp(): Promise<string> {
	const commands = await loadCommands();
	const width = Math.max(...commands.map(command => command.name.length));
	return [
		'AZ-OS: the terminal control room for AI-agent and shell tasks',
		'',
		'Usage: az-os [command] [options]',
		'',
		'With no command, opens the dashboard.',
		'',
		'Commands:',
		...commands.map(command => `  ${command.name.padEnd(width)}  ${command.summary}`),
		'',
		'Dashboard options:',
		formatFlags(dashboardFlags),
		'',
		'Global options:',
		formatFlags({...globalFlags, version: {type: 'boolean', description: 'print the version'}}),
		'',
		'Run "az-os <command> --help" for a command\'s options.',
	].join('\n');
}

/** Options of `az-os` with no command: the dashboard. */
export const dashboardFlags: Record<string, FlagSpec> = {
	worker: {type: 'boolean', default: true, description: 'run an embedded worker; --no-worker only watches'},
	readonly: {type: 'boolean', description: 'watch only: no embedded worker, and every action (cancel, retry, add, priority, pause) is disabled'},
};

/** Flags that take a value, so the scan for the command name can skip their values. */
const valueFlags = new Set(['--data-dir']);

function splitCommand(argv: readonly string[]): {name: string | undefined; rest: string[]} {
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') break;
		if (valueFlags.has(arg)) {
			index++;
			continue;
		}

		if (!arg.startsWith('-')) return {name: arg, rest: [...argv.slice(0, index), ...argv.slice(index + 1)]};
	}

	return {name: undefined, rest: [...argv]};
}

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

function parseFlags(command: Command | undefined, argv: string[]): {input: string[]; flags: Record<string, unknown>} {
	const specs: Record<string, FlagSpec> = {...globalFlags, version: {type: 'boolean', description: ''}, ...(command ? command.flags : dashboardFlags)};
	const result = meow({
		importMeta: import.meta,
		argv,
		flags: Object.fromEntries(
			Object.entries(specs).map(([name, spec]) => [name, {type: spec.type, shortFlag: spec.shortFlag, isMultiple: spec.isMultiple}]),
		),
		allowUnknownFlags: true,
		// An absent boolean flag is undefined, so `--no-x` can override a setting and absence defers to it.
		booleanDefault: undefined,
		autoHelp: false,
		autoVersion: false,
		description: false,
		pkg: {name: 'az-os', version, bin: {'az-os': 'dist/cli.js'}},
	});
	const known = new Set(Object.entries(specs).flatMap(([name, spec]) => [name, ...(spec.shortFlag ? [spec.shortFlag] : [])]));
	const unknown = Object.keys(result.unnormalizedFlags).filter(name => !known.has(name));
	if (unknown.length > 0) {
		const shown = unknown.map(name => (name.length === 1 ? `-${name}` : `--${kebab(name)}`)).join(', ');
		throw new AzOsError('USAGE', `unknown option ${shown}: see az-os ${command ? `${command.name} ` : ''}--help`);
	}

	for (const [name, spec] of Object.entries(specs)) {
		const value = result.flags[name];
		const values = Array.isArray(value) ? value : [value];
		if (spec.type === 'number' && values.some(item => item !== undefined && Number.isNaN(item))) {
			throw new AzOsError('USAGE', `--${kebab(name)} needs a number`);
		}

		if (spec.type === 'string' && values.some(item => item === '')) {
			throw new AzOsError('USAGE', `--${kebab(name)} needs a value`);
		}
	}

	return {input: result.input.map(String), flags: result.flags};
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit (tests call it in-process). */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
	let azos: AzOs | undefined;
	let debug = argv.includes('--debug');
	try {
		const {name, rest} = splitCommand(argv);
		const load = name === undefined ? undefined : commandLoaders.get(name);
		if (name !== undefined && load === undefined) {
			throw new AzOsError('USAGE', `unknown command "${name}": see az-os --help`);
		}

		const command = await load?.();
		const {input, flags} = parseFlags(command, rest);
		debug = flags['debug'] === true;
		if (flags['help'] === true) {
			io.stdout.write(`${command ? commandHelp(command) : await mainHelp()}\n`);
			return 0;
		}

		if (flags['version'] === true && command === undefined) {
			io.stdout.write(`${version}\n`);
			return 0;
		}

		const global = {
			dataDir: resolveDataDir(flags['dataDir'] as string | undefined, io.env, io.cwd),
			json: flags['json'] === true,
			debug,
		};
		if (command === undefined) {
			const {runDashboard} = await import('../dashboard-entry.js');
			return await runDashboard({global, flags, io});
		}

		const context: CommandContext = {
			input,
			flags,
			global,
			io,
			open() {
				azos ??= AzOsService.open({dataDir: global.dataDir});
				return azos;
			},
			print(line = '') {
				io.stdout.write(`${line}\n`);
			},
			printJson(value) {
				io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
			},
		};
		return (await command.run(context)) ?? 0;
	} catch (caught) {
		const error = translateSqliteError(caught);
		if (error instanceof AzOsError) {
			io.stderr.write(`az-os: ${error.message}\n`);
			if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
			return error.code === 'USAGE' ? 2 : 1;
		}

		io.stderr.write(`az-os: unexpected error: ${error.message}${debug ? '' : ' (run with --debug for details)'}\n`);
		if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
		return 1;
	} finally {
		azos?.close();
	}
}
