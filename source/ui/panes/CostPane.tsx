import {Text} from 'ink';
import {formatCost} from '../../domain/format.js';
import {Pane} from '../components/Pane.js';
import {bar, budgetColors, clip, fit, sparkline} from '../components/text.js';
import type {BudgetView} from '../hooks/use-budget.js';
import type {Size} from '../layout.js';

type Line = {text: string; color?: string; bold?: boolean; dim?: boolean};

export function CostPane({budget, size, number, focused}: {budget: BudgetView; size: Size; number: number; focused: boolean}) {
	const inner = size.width - 2;
	const rows = Math.max(1, size.height - 3);
	const fraction = budget.amount > 0 ? budget.spent / budget.amount : 0;
	const lines: Line[] = [
		budget.amount > 0
			? {text: `${bar(fraction, Math.max(5, inner - 6))} ${String(Math.round(fraction * 100)).padStart(3)}%`, color: budgetColors[budget.state]}
			: {text: 'no budget set: az-os config set budget.amount N', dim: true},
		{text: `${formatCost(budget.spent)}${budget.amount > 0 ? ` of ${formatCost(budget.amount)}` : ''} this ${budget.period}`},
		{text: 'top models', dim: true},
		...(budget.topModels.length === 0 ? [{text: '  none yet', dim: true}] : budget.topModels.map(entry => ({text: `  ${fit(entry.key, Math.max(4, inner - 12))} ${formatCost(entry.cost).padStart(9)}`}))),
		{text: 'top providers', dim: true},
		...(budget.topProviders.length === 0
			? [{text: '  none yet', dim: true}]
			: budget.topProviders.map(entry => ({text: `  ${fit(entry.key, Math.max(4, inner - 12))} ${formatCost(entry.cost).padStart(9)}`}))),
	];
	const daily = budget.daily.slice(-Math.max(1, inner - 5));
	const spark: Line = {text: `30d ${sparkline(daily.map(day => day.cost))}`, color: 'blue'};
	// The sparkline stays on the last row however short the pane is.
	const shown = [...lines.slice(0, Math.max(0, rows - 2)), spark];
	return (
		<Pane number={number} title="Cost" focused={focused} width={size.width} height={size.height}>
			<Text wrap="truncate">
				<Text backgroundColor={budgetColors[budget.state]} color="black" bold>
					{` ${budget.state.toUpperCase()} `}
				</Text>
				<Text dimColor>{` ${budget.period} budget`}</Text>
			</Text>
			{shown.map((line, index) => (
				<Text key={index} color={line.color} bold={line.bold} dimColor={line.dim} wrap="truncate">
					{clip(line.text, inner)}
				</Text>
			))}
		</Pane>
	);
}
