import {addCommand} from './add.js';
import {budgetCommand} from './budget.js';
import {cancelCommand} from './cancel.js';
import type {Command} from './command.js';
import {configCommand} from './config.js';
import {listCommand} from './list.js';
import {logsCommand} from './logs.js';
import {migrateCommand} from './migrate.js';
import {retryCommand} from './retry.js';
import {showCommand} from './show.js';
import {workerCommand} from './worker.js';
import {indexCommand} from './index-cmd.js';
import {searchCommand} from './search.js';
import {modelsCommand} from './models.js';

/** Every sub-command, in the order `az-os --help` lists them. One line per command keeps merges easy. */
export const commands: readonly Command[] = [
	addCommand,
	listCommand,
	showCommand,
	cancelCommand,
	retryCommand,
	logsCommand,
	configCommand,
	migrateCommand,
	workerCommand,
	budgetCommand,
	indexCommand,
	searchCommand,
	modelsCommand,
];
