// Cairn console: Workers. The fleet as its leases in Redis show it: each worker's name, the jobs it ran at its
// last renewal, when it renewed and when its lease runs out; an expired lease is a worker that is gone.
import { api } from './api.js';
import { h, replace, table, badge, ago, time, showError } from './ui.js';

export async function workersPage(main, ctx) {
  const box = h('div#workers');
  replace(main, h('h1', {}, 'Workers'), box);
  const load = async () => {
    const answer = await api('/api/workers');
    replace(box,
      table(['Worker', 'Server id', 'Lease', 'Running jobs', 'Last renewal', 'Lease expires'], answer.workers.map((w) =>
        h('tr', {}, h('td', {}, w.name ?? '—'), h('td.mono', {}, w.server_id), h('td', {}, badge(w.expired ? 'EXPIRED' : 'LIVE')),
          h('td', {}, w.running_jobs.length ? w.running_jobs.map((id) => h('div', {}, h('a.mono', { href: `#/jobs/${id}` }, id))) : '—'),
          h('td', { title: time(w.renewed_at) }, ago(w.renewed_at)), h('td', { title: time(w.lease_expires_at) }, ago(w.lease_expires_at)))),
      { id: 'workers-table' }),
      h('p.note', {}, `Jobs of dead workers this worker handed back to the queue: ${answer.reclaimed_by_this_worker}.`));
  };
  await load();
  ctx.every(5000, () => load().catch((e) => showError(main, e)));
}
