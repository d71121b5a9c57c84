// Cairn console: Dead letters. Groups by error signature and by type (counts from /health/dlq), a filtered list,
// an entry's redacted payload, error and stack trace with retry and remove; bulk retry of a filter (the count
// first, then progress while the worker re-enqueues), NDJSON export of a filter, cleanup.
import { api, query, canChange } from './api.js';
import { h, replace, table, badge, time, ago, field, showError, banner, confirmAction } from './ui.js';

const FILTERS = ['type', 'signature', 'since', 'q'];

export async function dlqPage(main, ctx) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, ctx.params.get(f) ?? '']));
  const groups = h('div#dlq-groups.grid');
  const list = h('div#dlq-list');
  const status = h('div#dlq-status');
  const go = (changes) => {
    location.hash = `#/dlq${query({ ...filters, ...changes })}`;
  };
  replace(main,
    h('h1', {}, 'Dead letters'),
    groups,
    h('form.filters#dlq-filters', {
      onsubmit: (e) => {
        e.preventDefault();
        const form = new FormData(e.target);
        go(Object.fromEntries(FILTERS.map((f) => [f, form.get(f)])));
      },
    },
    field('Type', 'type', filters.type, { placeholder: 'pdf-processing' }),
    field('Signature', 'signature', filters.signature, { size: 40 }),
    field('Since', 'since', filters.since, { placeholder: '24h, 7d, 2026-01-02' }),
    field('Text', 'q', filters.q, { placeholder: 'in the message' }),
    h('button', { type: 'submit' }, 'Filter'),
    h('a.button#dlq-clear', { href: '#/dlq' }, 'Clear')),
    h('div.toolbar', {},
      h('a.button#dlq-export', { href: `/api/dlq/export${query({ type: filters.type, signature: filters.signature, since: filters.since, q: filters.q })}`, download: 'dlq.ndjson' },
        'Export filter as NDJSON'),
      canChange() ? h('button.danger#dlq-bulk-retry', {
        type: 'button', disabled: !(filters.type || filters.signature),
        title: filters.type || filters.signature ? 'Re-enqueue every entry of this type/signature' : 'Filter by type or signature first',
        onclick: () => bulkRetry(filters, status),
      }, 'Retry all matching') : null,
      canChange() ? h('button#dlq-cleanup', { type: 'button', onclick: () => cleanup(status) }, 'Clean up (retention)') : null),
    status,
    list);
  try {
    groupsInto(groups, await api('/health/dlq'));
  } catch (e) {
    showError(groups, e);
  }
  await entries(list, filters, main);
}

function groupsInto(box, health) {
  const stats = health.statistics;
  const link = (params) => `#/dlq${query(params)}`;
  replace(box,
    h('section.card#dlq-by-signature', {}, h('h2', {}, 'By error signature'),
      table(['Signature', 'Entries'], Object.entries(stats.failures_by_error).map(([sig, n]) =>
        h('tr', {}, h('td.sig', {}, h('a', { href: link({ signature: sig }) }, sig)), h('td.num', {}, n))))),
    h('section.card#dlq-by-type', {}, h('h2', {}, 'By type'),
      table(['Type', 'Entries'], Object.entries(stats.failures_by_task_type).map(([type, n]) =>
        h('tr', {}, h('td', {}, h('a', { href: link({ type }) }, type)), h('td.num', {}, n)))),
      h('p.note', {}, `${stats.total_failed_tasks} of at most ${stats.max_entries}; status `, badge(health.status))));
}

async function entries(box, filters, main) {
  const rows = [];
  const load = async (cursor) => {
    try {
      const page = await api(`/api/dlq${query({ ...filters, limit: 50, cursor })}`);
      page.entries.forEach((e) => rows.push(h('tr', { dataset: { job: e.job_id } },
        h('td.mono', {}, h('a', { href: `#/dlq/${e.job_id}` }, e.job_id)), h('td', {}, e.type),
        h('td', {}, h('b', {}, e.error_class.replace(/^.*\./, '')), ': ', e.error_message),
        h('td.num', {}, e.attempts), h('td', {}, ago(e.last_failed_at)))));
      replace(box,
        h('p#dlq-total', {}, page.total === null ? 'Matching entries:' : `${page.total} matching entr${page.total === 1 ? 'y' : 'ies'}:`),
        table(['Job', 'Type', 'Error', 'Attempts', 'Failed'], rows, { id: 'dlq-table' }),
        page.next_cursor ? h('button#dlq-more', { type: 'button', onclick: () => load(page.next_cursor) }, 'More') : null);
    } catch (e) {
      showError(main, e);
    }
  };
  await load();
}

/** Counts what a filter matches, page by page when the queue keeps no count for it (at most 20,000). */
async function count(filters) {
  let total = 0;
  let cursor;
  for (let i = 0; i < 20; i++) {
    const page = await api(`/api/dlq${query({ type: filters.type, signature: filters.signature, limit: 1000, cursor })}`);
    if (page.total !== null && cursor === undefined) return page.total;
    total += page.entries.length;
    if (!page.next_cursor) return total;
    cursor = page.next_cursor;
  }
  return total;
}

async function bulkRetry(filters, status) {
  const what = [filters.type && `type ${filters.type}`, filters.signature && `signature ${filters.signature}`].filter(Boolean).join(' and ');
  try {
    const matched = await count(filters);
    if (matched === 0) {
      replace(status, banner('info', `Nothing in the queue matches ${what}.`));
      return;
    }
    const ok = await confirmAction('Retry all matching',
      `Re-enqueue ${matched} job(s) with ${what}? Each resumes from its checkpoint. (Only type and signature count for a bulk retry.)`,
      `Retry ${matched}`);
    if (!ok) return;
    const answer = await api(`/api/dlq/retry${query({ type: filters.type, signature: filters.signature })}`, { method: 'POST' });
    const progress = h('progress#dlq-retry-progress', { max: answer.matched, value: 0 });
    const text = h('span#dlq-retry-text', {}, `0 of ${answer.matched} re-enqueued`);
    replace(status, h('div.banner.info', {}, `Retrying ${answer.matched} job(s) at ${answer.rate}/s: `, progress, ' ', text));
    const poll = setInterval(async () => {
      try {
        const left = await count(filters);
        const done = Math.max(0, answer.matched - left);
        progress.value = done;
        text.textContent = `${done} of ${answer.matched} re-enqueued`;
        if (done >= answer.matched || !document.body.contains(progress)) {
          clearInterval(poll);
          if (document.body.contains(progress)) replace(status, banner('ok', `Re-enqueued ${answer.matched} job(s).`));
        }
      } catch (e) {
        clearInterval(poll);
        showError(status, e);
      }
    }, 1000);
  } catch (e) {
    showError(status, e);
  }
}

async function cleanup(status) {
  if (!(await confirmAction('Clean up', 'Remove the entries older than the retention now?', 'Clean up'))) return;
  try {
    const answer = await api('/api/dlq/cleanup', { method: 'POST' });
    replace(status, banner('ok', `Removed ${answer.removed} entr${answer.removed === 1 ? 'y' : 'ies'}.`));
  } catch (e) {
    showError(status, e);
  }
}

export async function dlqEntryPage(main, id) {
  replace(main, h('h1', {}, 'Dead letter ', h('span.mono', {}, id)), h('div#dlq-entry'));
  const box = main.querySelector('#dlq-entry');
  const status = h('div#dlq-entry-status');
  const entry = await api(`/api/dlq/${encodeURIComponent(id)}`);
  replace(box,
    status,
    h('section.card', {},
      h('dl', {},
        h('dt', {}, 'Type'), h('dd', {}, entry.type),
        h('dt', {}, 'Job'), h('dd', {}, h('a', { href: `#/jobs/${entry.job_id}` }, entry.job_id)),
        h('dt', {}, 'Attempts'), h('dd', {}, entry.attempts),
        h('dt', {}, 'First failed'), h('dd', {}, time(entry.first_failed_at)),
        h('dt', {}, 'Last failed'), h('dd', {}, time(entry.last_failed_at)),
        h('dt', {}, 'Last completed step'), h('dd', {}, entry.last_completed_step ?? '—'),
        h('dt', {}, 'Signature'), h('dd.sig', {}, h('a', { href: `#/dlq${query({ signature: entry.signature })}` }, entry.signature)),
        h('dt', {}, 'Error'), h('dd#dlq-entry-error', {}, h('b', {}, entry.error_class), ': ', entry.error_message)),
      entry.dashboard_url ? h('p', {}, h('a', { href: entry.dashboard_url, target: '_blank', rel: 'noopener noreferrer' }, 'Open in the JobRunr dashboard')) : null,
      canChange() ? h('div.toolbar', {},
        h('button.primary#dlq-entry-retry', {
          type: 'button',
          onclick: async () => {
            try {
              const answer = await api(`/api/dlq/${encodeURIComponent(id)}/retry`, { method: 'POST' });
              replace(status, banner('ok', answer.message));
            } catch (e) {
              showError(status, e);
            }
          },
        }, 'Retry'),
        h('button.danger#dlq-entry-remove', {
          type: 'button',
          onclick: async () => {
            if (!(await confirmAction('Remove', `Remove ${id} from the dead-letter queue? It will not run again.`, 'Remove'))) return;
            try {
              await api(`/api/dlq/${encodeURIComponent(id)}`, { method: 'DELETE' });
              replace(status, banner('ok', 'Removed.'));
            } catch (e) {
              showError(status, e);
            }
          },
        }, 'Remove')) : null),
    h('section.card', {}, h('h2', {}, 'Payload (secrets masked)'), h('pre#dlq-entry-payload', {}, JSON.stringify(entry.payload, null, 2))),
    h('section.card', {}, h('h2', {}, 'Stack trace'), h('pre#dlq-entry-trace', {}, entry.stack_trace ?? '—')));
}
