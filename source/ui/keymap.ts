import type {Key} from 'ink';

/**
 * The dashboard's one key map: every command, its keys and what it does. The input handler, the footer
 * hints and the `?` help overlay are all read from this table, so they cannot disagree.
 */
export const Command = {
	Quit: 'quit',
	Help: 'help',
	Close: 'close',
	FocusNext: 'focus-next',
	FocusPrevious: 'focus-previous',
	FocusPane: 'focus-pane',
	Down: 'down',
	Up: 'up',
	PageDown: 'page-down',
	PageUp: 'page-up',
	Top: 'top',
	Bottom: 'bottom',
	Filter: 'filter',
	StatusFilter: 'status-filter',
	Cancel: 'cancel',
	Retry: 'retry',
	Add: 'add',
	PriorityUp: 'priority-up',
	PriorityDown: 'priority-down',
	PauseWorker: 'pause-worker',
	ToggleFollow: 'toggle-follow',
	ToggleTimestamps: 'toggle-timestamps',
	Confirm: 'confirm',
	Submit: 'submit',
	Erase: 'erase',
	SearchType: 'search-type',
	SearchCollection: 'search-collection',
	SearchSelect: 'search-select',
	SearchOpen: 'search-open',
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/** Where a binding applies: everywhere (normal mode), in one focused pane, or in a prompt. */
export type KeyContext = 'global' | 'queue' | 'logs' | 'search' | 'confirm' | 'input' | 'choice' | 'help';

type KeyName = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'backspace' | 'delete';

export type KeySpec =
	| {char: string}
	| {ctrl: string}
	| {key: KeyName}
	| {tab: 'forward' | 'backward'};

export type KeyBinding = {
	command: Command;
	context: KeyContext;
	keys: readonly KeySpec[];
	/** How the keys are written in hints and help, e.g. "j/↓". */
	label: string;
	description: string;
	/** Changes tasks or the worker: refused in --readonly. */
	action?: boolean;
	/**
	 * The pane handles this key itself (the search pane reads its own keys); the entry is here so the footer
	 * and the help tell the truth about it.
	 */
	byPane?: boolean;
	/** The footer's words for it, when it is one of the keys that matter (the rest only in the help). */
	hint?: string;
};

export const keyBindings: readonly KeyBinding[] = [
	{command: Command.Quit, context: 'global', keys: [{char: 'q'}, {ctrl: 'c'}], label: 'q / ctrl-c', description: 'quit (stops the embedded worker)', hint: 'q quit'},
	{command: Command.Help, context: 'global', keys: [{char: '?'}], label: '?', description: 'help: every key', hint: '? help'},
	{command: Command.Close, context: 'global', keys: [{key: 'escape'}], label: 'esc', description: 'close what is open, clear the filter'},
	{command: Command.FocusNext, context: 'global', keys: [{tab: 'forward'}], label: 'tab', description: 'focus the next pane', hint: 'tab/1-4 focus'},
	{command: Command.FocusPrevious, context: 'global', keys: [{tab: 'backward'}], label: 'shift-tab', description: 'focus the previous pane'},
	{command: Command.FocusPane, context: 'global', keys: ['1', '2', '3', '4'].map(char => ({char})), label: '1-4', description: 'focus pane N'},
	{command: Command.Add, context: 'global', keys: [{char: 'a'}], label: 'a', description: 'add a task (command, then priority)', action: true, hint: 'a add'},
	{command: Command.Cancel, context: 'global', keys: [{char: 'c'}], label: 'c', description: 'cancel the selected task (asks first)', action: true, hint: 'c cancel'},
	{command: Command.Retry, context: 'global', keys: [{char: 'r'}], label: 'r', description: 'retry the selected failed task', action: true, hint: 'r retry'},
	{command: Command.PriorityUp, context: 'global', keys: [{char: '+'}, {char: '='}], label: '+ / =', description: 'raise the priority of a waiting task', action: true, hint: '+/- priority'},
	{command: Command.PriorityDown, context: 'global', keys: [{char: '-'}], label: '-', description: 'lower the priority of a waiting task', action: true},
	{command: Command.PauseWorker, context: 'global', keys: [{char: 'p'}], label: 'p', description: 'pause / resume the embedded worker', action: true, hint: 'p pause'},

	{command: Command.Down, context: 'queue', keys: [{char: 'j'}, {key: 'downArrow'}], label: 'j / ↓', description: 'move down', hint: 'j/k move'},
	{command: Command.Up, context: 'queue', keys: [{char: 'k'}, {key: 'upArrow'}], label: 'k / ↑', description: 'move up'},
	{command: Command.PageDown, context: 'queue', keys: [{key: 'pageDown'}, {ctrl: 'd'}], label: 'PgDn / ctrl-d', description: 'page down'},
	{command: Command.PageUp, context: 'queue', keys: [{key: 'pageUp'}, {ctrl: 'u'}], label: 'PgUp / ctrl-u', description: 'page up'},
	{command: Command.Top, context: 'queue', keys: [{char: 'g'}, {key: 'home'}], label: 'g / home', description: 'first task'},
	{command: Command.Bottom, context: 'queue', keys: [{char: 'G'}, {key: 'end'}], label: 'G / end', description: 'last task'},
	{command: Command.Filter, context: 'queue', keys: [{char: '/'}], label: '/', description: 'filter by text (command, model, id)', hint: '/ filter'},
	{command: Command.StatusFilter, context: 'queue', keys: [{char: 's'}], label: 's', description: 'cycle the status filter', hint: 's status'},

	{command: Command.Up, context: 'logs', keys: [{char: 'k'}, {key: 'upArrow'}], label: 'k / ↑', description: 'scroll up (stops following)', hint: 'j/k scroll'},
	{command: Command.Down, context: 'logs', keys: [{char: 'j'}, {key: 'downArrow'}], label: 'j / ↓', description: 'scroll down'},
	{command: Command.PageUp, context: 'logs', keys: [{key: 'pageUp'}, {ctrl: 'u'}], label: 'PgUp / ctrl-u', description: 'page up'},
	{command: Command.PageDown, context: 'logs', keys: [{key: 'pageDown'}, {ctrl: 'd'}], label: 'PgDn / ctrl-d', description: 'page down'},
	{command: Command.Top, context: 'logs', keys: [{char: 'g'}, {key: 'home'}], label: 'g / home', description: 'oldest line held'},
	{command: Command.Bottom, context: 'logs', keys: [{char: 'G'}, {key: 'end'}], label: 'G / end', description: 'newest line, follow again', hint: 'G follow'},
	{command: Command.ToggleFollow, context: 'logs', keys: [{char: 'f'}], label: 'f', description: 'toggle follow', hint: 'f follow on/off'},
	{command: Command.ToggleTimestamps, context: 'logs', keys: [{char: 't'}], label: 't', description: 'toggle timestamps', hint: 't timestamps'},

	{command: Command.SearchType, context: 'search', keys: [], label: 'letters', description: 'type the query', byPane: true, hint: 'type to search'},
	{command: Command.SearchCollection, context: 'search', keys: [], label: 'tab / shift-tab', description: 'next / previous collection', byPane: true, hint: 'tab collection'},
	{command: Command.SearchSelect, context: 'search', keys: [], label: '↑ / ↓', description: 'select a result', byPane: true, hint: '↑/↓ select'},
	{command: Command.SearchOpen, context: 'search', keys: [], label: 'enter', description: 'open a result (esc: back)', byPane: true, hint: 'enter open'},
	{command: Command.Close, context: 'search', keys: [{key: 'escape'}], label: 'esc', description: 'leave the pane (to the tasks)', hint: 'esc leave'},

	{command: Command.Confirm, context: 'confirm', keys: [{char: 'y'}], label: 'y', description: 'yes, do it', hint: 'y yes'},
	{command: Command.Close, context: 'confirm', keys: [{key: 'escape'}], label: 'any other key', description: 'no, leave it', hint: 'any other key: no'},

	{command: Command.Submit, context: 'input', keys: [{key: 'return'}], label: 'enter', description: 'accept', hint: 'enter accept'},
	{command: Command.Erase, context: 'input', keys: [{key: 'backspace'}, {key: 'delete'}], label: 'backspace', description: 'erase a character'},
	{command: Command.Close, context: 'input', keys: [{key: 'escape'}], label: 'esc', description: 'cancel (clears a filter)', hint: 'esc cancel'},

	{command: Command.Up, context: 'choice', keys: [{char: 'k'}, {key: 'upArrow'}, {char: 'h'}], label: 'k / ↑ / h', description: 'higher priority', hint: 'j/k priority'},
	{command: Command.Down, context: 'choice', keys: [{char: 'j'}, {key: 'downArrow'}, {char: 'l'}], label: 'j / ↓ / l', description: 'lower priority'},
	{command: Command.Submit, context: 'choice', keys: [{key: 'return'}], label: 'enter', description: 'add the task', hint: 'enter add'},
	{command: Command.Close, context: 'choice', keys: [{key: 'escape'}], label: 'esc', description: 'cancel', hint: 'esc cancel'},

	{command: Command.Close, context: 'help', keys: [{key: 'escape'}, {char: '?'}, {char: 'q'}], label: 'esc / ? / q', description: 'close the help', hint: 'esc close'},
];

export function matchesKey(spec: KeySpec, input: string, key: Key): boolean {
	if ('char' in spec) return input === spec.char && !key.ctrl && !key.meta;
	if ('ctrl' in spec) return key.ctrl && input === spec.ctrl;
	if ('tab' in spec) return key.tab && (spec.tab === 'backward') === key.shift;
	return key[spec.key];
}

/** The binding a key press means in the first of `contexts` that has one. */
export function bindingFor(contexts: readonly KeyContext[], input: string, key: Key): KeyBinding | undefined {
	for (const context of contexts) {
		const found = keyBindings.find(binding => binding.context === context && binding.keys.some(spec => matchesKey(spec, input, key)));
		if (found) return found;
	}

	return undefined;
}

/** Footer hints for these contexts, in table order; actions are left out in read-only mode. */
export function hintsFor(contexts: readonly KeyContext[], readonly: boolean): string[] {
	return contexts.flatMap(context =>
		keyBindings.flatMap(binding =>
			binding.context === context && binding.hint !== undefined && !(readonly && binding.action === true) ? [binding.hint] : [],
		),
	);
}

export const contextTitles: Record<KeyContext, string> = {
	global: 'Everywhere',
	queue: 'Task queue',
	logs: 'Log tail',
	search: 'Search pane',
	confirm: 'Confirmation',
	input: 'Text input',
	choice: 'Priority choice',
	help: 'Help',
};
