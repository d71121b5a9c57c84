// Cairn console: Overview. Jobs by state and type, this worker's last hour, the DLQ against its cap and
// thresholds, the breakers. Refreshed every 5 s.
import { api } from './api.js';
import { h, replace, table, badge, bar, time, showError } from './ui.js';

export async function overviewPage(main, ctx) {
  replace(main, h('h1', {}, 'Overview'), h('div#overview.grid'));
  const grid = main.querySelector('#overview');
  const load = async () => {
    const [overview, dlq, breakers] = await Promise.allSettled([
      api('/api/overview'), api('/health/dlq'), api('/api/circuit-breakers')]);
    replace(grid,
      overview.status === 'fulfilled' ? jobsCard(overview.value) : failed('Jobs', overview.reason),
      overview.status === 'fulfilled' ? hourCard(overview.value.last_hour) : null,
      dlq.status === 'fulfilled' ? dlqCard(dlq.value) : failed('Dead letters', dlq.reason),
      breakers.status === 'fulfilled' ? breakersCard(breakers.value.circuit_breakers) : failed('Breakers', breakers.reason));
  };
  await load();
  ctx.every(5000, () => load().catch((e) => showError(main, e)));
}

function failed(title, error) {
  const card = h('section.card', {}, h('h2', {}, title));
  showError(card, error);
  return card;
}

function jobsCard(overview) {
  const byState = overview.jobs.by_state;
  const max = Math.max(1, ...Object.values(byState));
  const types = new Set();
  Object.values(overview.jobs.by_type).forEach((t) => Object.keys(t).forEach((name) => types.add(name)));
  const activeStates = Object.keys(overview.jobs.by_type);
  return h('section.card#card-jobs', {},
    h('h2', {}, 'Jobs'),
    table(['State', 'Jobs', ''], Object.entries(byState).map(([state, n]) =>
      h('tr', {}, h('td', {}, h('a', { href: `#/jobs?state=${state}` }, badge(state))), h('td.num', {}, n), h('td', {}, bar(n, max)))),
    { id: 'jobs-by-state' }),
    h('h3', {}, 'By type'),
    table(['Type', ...activeStates], [...types].sort().map((type) =>
      h('tr', {}, h('td', { title: type }, type.replace(/^.*\./, '')), activeStates.map((s) => h('td.num', {}, overview.jobs.by_type[s][type] ?? 0)))),
    { id: 'jobs-by-type' }),
    h('p.note', {}, `By type: the newest ${overview.jobs.by_type_sample_limit} jobs of each state.`));
}

function hourCard(hour) {
  const minutes = hour.minutes;
  const max = Math.max(1, ...minutes.map((m) => m.succeeded + m.failed));
  const waits = minutes.filter((m) => m.queue_wait_avg_s !== null);
  const meanWait = waits.length ? waits.reduce((s, m) => s + m.queue_wait_avg_s * m.started, 0) / Math.max(1, waits.reduce((s, m) => s + m.started, 0)) : null;
  return h('section.card#card-hour', {},
    h('h2', {}, 'Last hour'),
    h('p.figures', {},
      figure('succeeded', hour.totals.succeeded), figure('failed', hour.totals.failed),
      figure('rescheduled', hour.totals.rescheduled), figure('mean queue wait', meanWait === null ? '—' : `${meanWait.toFixed(2)} s`)),
    h('div.spark', { title: 'attempts a minute: succeeded, failed' }, minutes.map((m) => {
      const column = h('span.col', { title: `${time(m.minute)}: ${m.succeeded} succeeded, ${m.failed} failed` },
        h('span.ok'), h('span.ko'));
      column.children[0].style.height = `${(100 * m.succeeded) / max}%`;
      column.children[1].style.height = `${(100 * m.failed) / max}%`;
      return column;
    })),
    h('p.note', {}, `Scope: ${hour.scope}.`));
}

function figure(label, value) {
  return h('span.figure', {}, h('b', {}, value), ' ', label);
}

function dlqCard(dlq) {
  const stats = dlq.statistics;
  const ind = dlq.health_indicators;
  return h('section.card#card-dlq', {},
    h('h2', {}, h('a', { href: '#/dlq' }, 'Dead letters'), ' ', badge(dlq.status)),
    h('p.figures', {}, figure('entries', stats.total_failed_tasks), figure('in 24 h', stats.recent_failures_24h),
      figure('cap', stats.max_entries)),
    h('div', {}, bar(stats.total_failed_tasks, stats.max_entries, dlq.status)),
    h('p.note', {}, `Thresholds: warning at ${ind.warning_threshold}, critical at ${ind.critical_threshold}.`),
    dlq.recommendations.length ? h('ul', {}, dlq.recommendations.map((r) => h('li', {}, r))) : null);
}

function breakersCard(breakers) {
  return h('section.card#card-breakers', {},
    h('h2', {}, h('a', { href: '#/breakers' }, 'Breakers')),
    table(['Provider', 'State', 'Failures'], breakers.map((b) =>
      h('tr', {}, h('td', {}, b.name), h('td', {}, badge(b.state)), h('td.num', {}, b.failure_count)))));
}
