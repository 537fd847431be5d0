import type {Key} from 'ink';
import {expect, test} from 'vitest';
import {bindingFor, Command, hintsFor, keyBindings} from '../../source/ui/keymap.js';

const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false,
	hyper: false, capsLock: false, numLock: false,
} as Key;

test('no key means two things in the same context', () => {
	const seen = new Map<string, string>();
	for (const binding of keyBindings) {
		for (const spec of binding.keys) {
			const id = `${binding.context}:${JSON.stringify(spec)}`;
			expect(seen.get(id), `${id} bound to ${seen.get(id)} and ${binding.command}`).toBeUndefined();
			seen.set(id, binding.command);
		}
	}
});

test('every command is reachable from some binding', () => {
	const bound = new Set(keyBindings.map(binding => binding.command));
	for (const command of Object.values(Command)) expect(bound.has(command), command).toBe(true);
});

test('the focused pane decides what j means; global keys work from every pane', () => {
	expect(bindingFor(['queue', 'global'], 'j', noKey)?.context).toBe('queue');
	expect(bindingFor(['logs', 'global'], 'j', noKey)?.context).toBe('logs');
	expect(bindingFor(['logs', 'global'], 'c', noKey)?.command).toBe(Command.Cancel);
	expect(bindingFor(['global'], 'c', {...noKey, ctrl: true})?.command).toBe(Command.Quit);
	expect(bindingFor(['global'], '', {...noKey, tab: true, shift: true})?.command).toBe(Command.FocusPrevious);
	expect(bindingFor(['global'], 'x', noKey)).toBeUndefined();
});

test('footer hints come from the table and drop actions in read-only mode', () => {
	expect(hintsFor(['global'], false)).toContain('c cancel');
	expect(hintsFor(['global'], true)).not.toContain('c cancel');
	expect(hintsFor(['global'], true)).toContain('q quit');
	for (const hint of hintsFor(['queue', 'logs', 'global', 'confirm', 'input', 'choice', 'help'], false)) {
		expect(keyBindings.some(binding => binding.hint === hint)).toBe(true);
	}
});
