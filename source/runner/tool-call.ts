import type {ToolCallEvent, ToolCallState} from '../domain/tool-call.js';
import {nextToolCallState} from '../domain/tool-call.js';
import type {Store} from '../store/store.js';

/** One tool call walked through the tool-call machine; its end is recorded as a tool_usage row. */
export class ToolCall {
	private state: ToolCallState = 'ready';
	private started = 0;

	constructor(
		private readonly store: Store,
		private readonly taskId: string,
		private readonly toolName: string,
		private readonly category: string,
	) {}

	private move(event: ToolCallEvent): void {
		const result = nextToolCallState(this.state, event);
		// A programming error: the runner drives these calls in a fixed order.
		if (!result.ok) throw new Error(`tool call ${this.toolName} of task ${this.taskId}: ${result.reason}`);
		this.state = result.state;
	}

	begin(): void {
		this.move('execute_tool');
		this.started = performance.now();
	}

	/** Ends the call and records it; call inside the task's finishing transaction. */
	end(success: boolean, errorMessage?: string): void {
		this.move(success ? 'tool_success' : 'tool_error');
		this.store.toolUsage.record({
			taskId: this.taskId,
			toolName: this.toolName,
			toolCategory: this.category,
			executionTime: (performance.now() - this.started) / 1000,
			success,
			errorMessage: success ? null : (errorMessage ?? null),
		});
	}
}
