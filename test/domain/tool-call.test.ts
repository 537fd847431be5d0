import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import type {ToolCallState} from '../../source/domain/tool-call.js';
import {nextToolCallState, seedToolCallEdges, toolCallEvents, toolCallStates} from '../../source/domain/tool-call.js';

describe('tool call state machine', () => {
	test('accepts every transition the seed draws', () => {
		for (const [from, event, to] of seedToolCallEdges) expect(nextToolCallState(from, event)).toEqual({ok: true, state: to});
	});

	test('random sequences stay defined and exhausted stays exhausted', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...toolCallEvents), {maxLength: 40}), events => {
				let state: ToolCallState = 'ready';
				let exhausted = false;
				for (const event of events) {
					const result = nextToolCallState(state, event);
					if (result.ok) state = result.state;
					expect(toolCallStates).toContain(state);
					if (exhausted) expect(state).toBe('exhausted');
					exhausted ||= state === 'exhausted';
				}
			}),
		);
	});

	test('success cannot fail afterwards without a reset', () => {
		expect(nextToolCallState('success', 'tool_error').ok).toBe(false);
	});
});
