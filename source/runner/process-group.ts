import {readdirSync, readFileSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';

/**
 * Live (not zombie) processes of group `pgid`, from /proc. Dead grandchildren are reparented to PID 1 and
 * stay zombies until it reaps them, which some init processes (containers) do only every second or so.
 */
export function liveGroupMembers(pgid: number): number[] {
	const members: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // Gone while we looked.
		}

		// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
	}

	return members;
}

const hasProc = (() => {
	try {
		readdirSync('/proc/self');
		return true;
	} catch {
		return false;
	}
})();

/** True while any live process of the group `pgid` exists. */
export function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
	} catch (error) {
		// EPERM: the group exists but belongs to someone else; it is alive all the same.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}

	// The group has members, but they may all be zombies waiting for PID 1.
	return hasProc ? liveGroupMembers(pgid).length > 0 : true;
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
