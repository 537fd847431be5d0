import type {TransitionResult} from './task.js';

/** `exhausted` is the seed's "retrying -> [*]: max_retries_exceeded" end, named so it can be stored. */
export const toolCallStates = ['ready', 'executing', 'success', 'failed', 'retrying', 'exhausted'] as const;
export type ToolCallState = (typeof toolCallStates)[number];

export const toolCallEvents = [
	'execute_tool',
	'tool_success',
	'tool_error',
	'auto_retry',
	'retry_execution',
	'reset_state',
	'max_retries_exceeded',
] as const;
export type ToolCallEvent = (typeof toolCallEvents)[number];

const transitions: Record<ToolCallState, Partial<Record<ToolCallEvent, ToolCallState>>> = {
	ready: {execute_tool: 'executing'},
	executing: {tool_success: 'success', tool_error: 'failed'},
	success: {reset_state: 'ready'},
	failed: {auto_retry: 'retrying', reset_state: 'ready'},
	retrying: {retry_execution: 'executing', max_retries_exceeded: 'exhausted'},
	exhausted: {},
};

export function nextToolCallState(state: ToolCallState, event: ToolCallEvent): TransitionResult<ToolCallState> {
	const target = transitions[state][event];
	return target === undefined ? {ok: false, reason: `${event} is not allowed from ${state}`} : {ok: true, state: target};
}

export const seedToolCallEdges: ReadonlyArray<[ToolCallState, ToolCallEvent, ToolCallState]> = [
	['ready', 'execute_tool', 'executing'],
	['executing', 'tool_success', 'success'],
	['executing', 'tool_error', 'failed'],
	['failed', 'auto_retry', 'retrying'],
	['retrying', 'retry_execution', 'executing'],
	['success', 'reset_state', 'ready'],
	['failed', 'reset_state', 'ready'],
	['retrying', 'max_retries_exceeded', 'exhausted'],
];
