import { valueText, type KeptSetting, type TopicChange, type TopicPlan, type TopicRefusal } from './topic-plan';
import { MANAGED_CONFIGS, type TopicSpec } from './topic-spec';

/*
 * One wording of a topic plan for every place it is read: `npm run topics`
 * (--plan or not), the topics function's log and result, and the plan summary
 * of a pull request. Refused changes come first.
 */

const fromTo = (c: TopicChange) => `${c.setting} ${valueText(c.setting, c.from)} -> ${valueText(c.setting, c.to)}`;

export function refusalText(r: TopicRefusal): string {
  if (r.from === '') return `${r.topic}: refused: ${r.consequence}; ${r.fix}`;
  return `${r.topic}: ${fromTo(r)} refused${r.impossible ? '' : ' (not confirmed)'}: ${r.consequence}; ${r.fix}`;
}

export function createText(t: TopicSpec): string {
  const settings = [
    `${t.partitions} partitions`,
    ...(t.replicationFactor === undefined ? [] : [`replication factor ${t.replicationFactor}`]),
    ...MANAGED_CONFIGS.flatMap((name) => (t.configs[name] === undefined ? [] : [`${name} ${valueText(name, t.configs[name])}`])),
  ];
  return `${t.topic}: created with ${settings.join(', ')}`;
}

export function changeText(c: TopicChange): string {
  return `${c.topic}: ${fromTo(c)}${c.consequence ? ` (confirmed: ${c.consequence})` : ''}`;
}

export function keptText(k: KeptSetting): string {
  return `${k.topic}: ${k.setting} stays ${valueText(k.setting, k.current)} (topics.overrides names none; new topics get ${valueText(
    k.setting,
    k.forNewTopics,
  )})`;
}

/** The plan in sections, each a heading and its lines; empty sections left out. */
export function planSections(plan: TopicPlan): { heading: string; lines: string[] }[] {
  const sections = [
    { heading: 'refused, nothing will be changed until they are resolved', lines: plan.refused.map(refusalText) },
    { heading: 'created', lines: plan.create.map(createText) },
    { heading: 'changed', lines: plan.changes.map(changeText) },
    { heading: 'kept as they are', lines: plan.kept.map(keptText) },
  ];
  return sections.filter((s) => s.lines.length > 0);
}

/** Lines for a terminal or a log. */
export function planLines(plan: TopicPlan): string[] {
  const lines = planSections(plan).flatMap((s) => [`${s.heading}:`, ...s.lines.map((l) => `  ${l}`)]);
  if (plan.unchanged.length > 0) lines.push(`unchanged: ${plan.unchanged.join(', ')}`);
  return lines;
}

/** One line for logs and Terraform's invocation result. */
export function describePlan(plan: TopicPlan): string {
  const parts = [
    ...plan.refused.map((r) => `refused ${r.topic} ${r.setting}`),
    ...plan.create.map((t) => `created ${t.topic} (${t.partitions} partitions)`),
    ...plan.changes.map((c) => `${c.topic} ${fromTo(c)}`),
  ];
  const rest = plan.unchanged.length > 0 ? `${plan.unchanged.length} unchanged` : '';
  if (parts.length === 0) return `no change (${plan.unchanged.length} topics as declared or kept as they are)`;
  return [...parts, ...(rest ? [rest] : [])].join('; ');
}
