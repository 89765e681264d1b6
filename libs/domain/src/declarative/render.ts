import type { Plan, PlannedAction } from './plan';

/** How a plan is shown: one line per action, then its field diffs, reason and steps. */

const SYMBOL: Record<PlannedAction['op'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  stop: '■',
  resume: '▶',
  restart: '↻',
  replace: '±',
};

function show(value: unknown): string {
  if (typeof value === 'string') return value.includes('\n') || value.length > 60 ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

export function renderAction(action: PlannedAction): string[] {
  const what = `${action.kind.replace('_', ' ')} ${action.key}`;
  const lines = [
    `${SYMBOL[action.op]} ${action.op}${action.strategy ? ` (${action.strategy})` : ''} ${what}${action.id && action.id !== action.key ? ` [${action.id}]` : ''}`,
  ];
  for (const c of action.changes) lines.push(`    ${c.field}: ${show(c.from)} → ${show(c.to)}`);
  if (action.reason) lines.push(`    why: ${action.reason}`);
  action.steps?.forEach((s, i) => lines.push(`    ${i + 1}. ${s}`));
  return lines;
}

export function summarize(plan: Plan): string {
  const count = (op: PlannedAction['op']) => plan.actions.filter((a) => a.op === op).length;
  const parts = (['create', 'update', 'stop', 'resume', 'restart', 'replace', 'delete'] as const)
    .map((op) => [op, count(op)] as const)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${n} to ${op}`);
  return parts.length
    ? `Plan: ${parts.join(', ')}; ${plan.unchanged} unchanged.`
    : `No changes: ${plan.unchanged} resources match the stack.`;
}

/** The plan for a terminal: actions, refusals, warnings and a summary line. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [`Stack ${plan.stack}`];
  for (const a of plan.actions) lines.push(...renderAction(a));
  for (const r of plan.refusals) lines.push(`! refused ${r.kind.replace('_', ' ')} ${r.key}`, `    why: ${r.reason}`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  for (const u of plan.usage.filter((x) => x.runningStatements > 0)) {
    lines.push(
      `usage: compute pool ${u.pool}: ${u.runningStatements} running statement(s) hold at least ${u.cfu} CFU, ${u.cfuMinutesPerDay.toLocaleString('en-US')} CFU-minutes a day`,
    );
  }
  lines.push(summarize(plan));
  if (plan.refusals.length)
    lines.push(`${plan.refusals.length} change(s) refused: apply will not start until the stack is changed.`);
  return lines.join('\n');
}

/** The plan as `-o json` prints it: stable keys for scripts. */
export function planJson(plan: Plan): Record<string, unknown> {
  return {
    stack: plan.stack,
    changes: plan.actions.length > 0,
    actions: plan.actions.map((a) => ({
      op: a.op,
      kind: a.kind,
      key: a.key,
      ...(a.id ? { id: a.id } : {}),
      changes: a.changes,
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.strategy ? { strategy: a.strategy, steps: a.steps } : {}),
    })),
    refusals: plan.refusals,
    warnings: plan.warnings,
    usage: plan.usage,
    unchanged: plan.unchanged,
  };
}
