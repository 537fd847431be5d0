/** What the dashboard (or any host) can do with a worker it runs, whatever thread or process it lives on. */
export type WorkerState = 'starting' | 'running' | 'paused' | 'stopping' | 'stopped';

export type WorkerControl = {
	readonly state: WorkerState;
	/** Stop claiming new tasks; running ones go on. */
	pause(): void;
	resume(): void;
	/** Stop claiming, let running tasks finish (cancelling them after a grace period), then end. */
	stop(): Promise<void>;
	/** Called on every state change; returns an unsubscribe function. */
	onChange(listener: (state: WorkerState) => void): () => void;
};
