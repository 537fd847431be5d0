import './interactive-env.js';
import {render} from 'ink';
import type {Instance} from 'ink';
import {createElement} from 'react';
import type {AppProps} from './App.js';
import {App} from './App.js';

export type DashboardStreams = {
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	/** Route console output through Ink (default true); a host that prints elsewhere (the bench) turns it off. */
	patchConsole?: boolean;
};

/**
 * Frames per second at most: log lines arriving 10,000 a second must not mean 10,000 renders (the log tail
 * polls every 50 ms anyway). 60 rather than Ink's 30 because a key pressed inside a throttle window waits
 * for it to end, and that wait is most of the keypress-to-frame latency.
 */
export const dashboardMaxFps = 60;

/** Renders the dashboard on a terminal: the one place its Ink options are decided (the CLI and the bench use it). */
export function renderDashboard(props: AppProps, streams: DashboardStreams): Instance {
	return render(createElement(App, props), {
		stdout: streams.stdout,
		stdin: streams.stdin,
		// q and Ctrl-C go through the key map, which lets the host stop the worker before exiting.
		exitOnCtrlC: false,
		maxFps: dashboardMaxFps,
		patchConsole: streams.patchConsole ?? true,
	});
}
