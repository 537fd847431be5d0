import type {Command} from './command.js';

/**
 * Every sub-command, in the order `az-os --help` lists them, loaded only when used: a command pays for its
 * own imports (the runner, search, Ink), never for the others'. One line per command keeps merges easy.
 */
export const commandLoaders: ReadonlyMap<string, () => Promise<Command>> = new Map([
	['add', async () => (await import('./add.js')).addCommand],
	['list', async () => (await import('./list.js')).listCommand],
	['show', async () => (await import('./show.js')).showCommand],
	['cancel', async () => (await import('./cancel.js')).cancelCommand],
	['retry', async () => (await import('./retry.js')).retryCommand],
	['logs', async () => (await import('./logs.js')).logsCommand],
	['config', async () => (await import('./config.js')).configCommand],
	['migrate', async () => (await import('./migrate.js')).migrateCommand],
	['worker', async () => (await import('./worker.js')).workerCommand],
	['budget', async () => (await import('./budget.js')).budgetCommand],
	['index', async () => (await import('./index-cmd.js')).indexCommand],
	['search', async () => (await import('./search.js')).searchCommand],
	['models', async () => (await import('./models.js')).modelsCommand],
]);

/** All commands (for the main help). */
export function loadCommands(): Promise<Command[]> {
	return Promise.all([...commandLoaders.values()].map(load => load()));
}
