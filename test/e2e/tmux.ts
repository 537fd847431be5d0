import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {randomBytes} from 'node:crypto';

export const tmuxPath = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find(candidate => existsSync(candidate));

/** A real terminal: a tmux server on a private socket, one session, driven with send-keys and capture-pane. */
export class TmuxSession {
	readonly socket = `azos-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
	private readonly session = 'dash';

	constructor(private readonly tmux: string) {}

	private run(args: string[]): string {
		return execFileSync(this.tmux, ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	start(command: string, columns = 120, rows = 40, env: Record<string, string> = {}): void {
		this.run(['-f', '/dev/null', 'new-session', '-d', '-s', this.session, '-x', String(columns), '-y', String(rows), ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]), command]);
	}

	capture(): string {
		return this.run(['capture-pane', '-p', '-t', this.session]);
	}

	/** tmux key names (Enter, Escape, C-c) or literal text. */
	send(...keys: string[]): void {
		this.run(['send-keys', '-t', this.session, ...keys]);
	}

	display(format: string): string {
		return this.run(['display-message', '-p', '-t', this.session, format]).trim();
	}

	kill(): void {
		try {
			this.run(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}

export async function eventually<T>(check: () => T, timeoutMs = 10_000, what = 'condition'): Promise<T> {
	const started = Date.now();
	let last: unknown;
	while (Date.now() - started < timeoutMs) {
		try {
			return check();
		} catch (error) {
			last = error;
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}

	throw new Error(`timed out waiting for ${what}: ${(last as Error | undefined)?.message ?? ''}`);
}
