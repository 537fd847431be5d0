import {setTimeout as sleep} from 'node:timers/promises';

/** True while any process of the group `pgid` exists (zombies included until reaped). */
export function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		// EPERM: the group exists but belongs to someone else; it is alive all the same.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * SIGTERM to the whole group, SIGKILL to what is left after `graceMs`, then waits (up to `settleMs`)
 * until the group is gone. Returns the signal that ended it (undefined when it was already gone).
 */
export async function killGroup(pgid: number, graceMs: number, settleMs = 2000): Promise<NodeJS.Signals | undefined> {
	if (!signalGroup(pgid, 'SIGTERM')) return undefined;
	const termDeadline = Date.now() + graceMs;
	while (Date.now() < termDeadline) {
		if (!isGroupAlive(pgid)) return 'SIGTERM';
		await sleep(5);
	}

	signalGroup(pgid, 'SIGKILL');
	const killDeadline = Date.now() + settleMs;
	while (Date.now() < killDeadline && isGroupAlive(pgid)) await sleep(5);
	return 'SIGKILL';
}
