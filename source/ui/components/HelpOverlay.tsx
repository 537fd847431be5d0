import {Box, Text} from 'ink';
import type {KeyContext} from '../keymap.js';
import {contextTitles, keyBindings} from '../keymap.js';
import {fit} from './text.js';

type Line = {heading: boolean; text: string; disabled: boolean};

/** Every binding of the key map, grouped by where it applies, flowed into as many columns as fit. */
export function HelpOverlay({width, height, readonly, hasSearch}: {width: number; height: number; readonly: boolean; hasSearch: boolean}) {
	const contexts: KeyContext[] = ['global', 'queue', 'logs', ...(hasSearch ? (['search'] as const) : []), 'confirm', 'input', 'choice', 'help'];
	const lines: Line[] = contexts.flatMap(context => [
		{heading: true, text: contextTitles[context], disabled: false},
		...keyBindings
			.filter(binding => binding.context === context)
			.map(binding => ({
				heading: false,
				text: `${binding.label.padEnd(14)} ${binding.description}${readonly && binding.action ? ' (off: read-only)' : ''}`,
				disabled: readonly && binding.action === true,
			})),
	]);
	const rows = Math.max(1, height - 3);
	const columnCount = Math.ceil(lines.length / rows);
	const columnWidth = Math.floor((width - 2) / columnCount);
	const columns = Array.from({length: columnCount}, (_, index) => lines.slice(index * rows, (index + 1) * rows));
	return (
		<Box borderStyle="double" borderColor="cyan" flexDirection="column" width={width} height={height}>
			<Text bold color="cyan" wrap="truncate">
				Keys (esc or ? closes)
			</Text>
			<Box flexDirection="row">
				{columns.map((column, index) => (
					<Box key={index} flexDirection="column" width={columnWidth}>
						{column.map((line, row) => (
							<Text key={row} bold={line.heading} color={line.heading ? 'yellow' : undefined} dimColor={line.disabled} wrap="truncate">
								{fit(line.text, columnWidth - 1)}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
