// Cairn console: Jobs. Find a job by id, list them by state, type and age; a job's page shows its steps as a
// timeline (status, runs, cursor, when each completed and how long it took), progress, attempts and error, and
// follows a running job every 1.5 s.
import { api, query, session } from './api.js';
import { h, replace, table, badge, bar, time, ago, duration, field, showError, banner } from './ui.js';

const STATES = ['', 'ENQUEUED', 'SCHEDULED', 'PROCESSING', 'FAILED', 'SUCCEEDED', 'DELETED', 'AWAITING'];
const LIVE = new Set(['ENQUEUED', 'SCHEDULED', 'PROCESSING', 'AWAITING']);

export async function jobsPage(main, ctx) {
  const filters = { state: ctx.params.get('state') ?? '', type: ctx.params.get('type') ?? '', since: ctx.params.get('since') ?? '' };
  const idInput = h('input#job-id', { name: 'id', placeholder: 'job id', size: 38 });
  const stateSelect = h('select', { name: 'state' }, STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s || 'any state')));
  const list = h('div#job-list');
  replace(main,
    h('h1', {}, 'Jobs'),
    h('form.filters#job-find', {
      onsubmit: (e) => {
        e.preventDefault();
        if (idInput.value.trim()) location.hash = `#/jobs/${encodeURIComponent(idInput.value.trim())}`;
      },
    }, h('label', {}, h('span', {}, 'Find by id'), idInput), h('button', { type: 'submit' }, 'Open')),
    h('form.filters#job-filters', {
      onsubmit: (e) => {
        e.preventDefault();
        const form = new FormData(e.target);
        location.hash = `#/jobs${query({ state: form.get('state'), type: form.get('type'), since: form.get('since') })}`;
      },
    },
    h('label', {}, h('span', {}, 'State'), stateSelect),
    field('Type', 'type', filters.type, { placeholder: 'pdf-processing' }),
    field('Changed since', 'since', filters.since, { placeholder: '24h, 2026-01-02' }),
    h('button', { type: 'submit' }, 'Filter')),
    list);
  const rows = [];
  const render = (next) => replace(list,
    table(['Job', 'Type', 'State', 'File', 'Attempts', 'Created', 'Changed'], rows, { id: 'jobs-table' }),
    next ? h('button#jobs-more', { type: 'button', onclick: () => load(next) }, 'More') : null);
  const load = async (cursor) => {
    try {
      const page = await api(`/api/jobs${query({ ...filters, limit: 50, cursor })}`);
      page.jobs.forEach((job) => rows.push(h('tr', {},
        h('td.mono', {}, h('a', { href: `#/jobs/${job.job_id}` }, job.job_id)), h('td', {}, job.type), h('td', {}, badge(job.state)),
        h('td', {}, job.file ?? ''), h('td.num', {}, job.attempts), h('td', {}, time(job.created_at)), h('td', {}, ago(job.updated_at)))));
      render(page.next_cursor);
    } catch (e) {
      showError(main, e);
    }
  };
  await load();
}

export async function jobPage(main, id, ctx) {
  replace(main, h('h1', {}, 'Job ', h('span.mono', {}, id)), h('div#job'));
  const box = main.querySelector('#job');
  const load = async () => {
    const job = await api(`/api/jobs/${encodeURIComponent(id)}`);
    replace(box, summary(job), timeline(job));
    return job;
  };
  const job = await load();
  if (LIVE.has(job.state)) {
    ctx.every(1500, async () => {
      try {
        await load();
      } catch (e) {
        showError(main, e);
      }
    });
  }
}

function summary(job) {
  const cp = job.checkpoint;
  const dashboard = session.dashboardUrl ? `${session.dashboardUrl}/dashboard/jobs/${job.job_id}` : null;
  return h('section.card#job-summary', {},
    h('dl', {},
      h('dt', {}, 'Type'), h('dd', {}, job.type),
      h('dt', {}, 'State'), h('dd#job-state', {}, badge(job.state)),
      h('dt', {}, 'Attempts'), h('dd#job-attempts', {}, job.attempts),
      h('dt', {}, 'Created'), h('dd', {}, time(job.created_at)),
      h('dt', {}, 'Last change'), h('dd', {}, `${time(job.updated_at)} (${ago(job.updated_at)})`),
      h('dt', {}, 'Progress'), h('dd#job-progress', {}, cp ? [bar(cp.progress_percent, 100), ` ${cp.progress_percent.toFixed(1)} %`] : '—'),
      h('dt', {}, 'Resumed'), h('dd', {}, cp ? `${cp.resumed_count} time(s)` : '—'),
      job.result ? [h('dt', {}, 'Output'), h('dd.mono#job-output', {}, job.result.output_dir)] : null,
      job.error ? [h('dt', {}, 'Error'), h('dd#job-error', {}, h('b', {}, job.error.class), ': ', job.error.message)] : null),
    dashboard ? h('p', {}, h('a', { href: dashboard, target: '_blank', rel: 'noopener noreferrer' }, 'Open in the JobRunr dashboard')) : null);
}

function timeline(job) {
  const cp = job.checkpoint;
  if (!cp) return h('section.card', {}, h('h2', {}, 'Steps'), banner('info', 'No checkpoint: the job has not started, or its checkpoint expired.'));
  let previous = job.created_at;
  return h('section.card', {}, h('h2', {}, 'Steps'),
    h('ol.timeline#job-steps', {}, cp.steps.map((step) => {
      const took = step.completed_at && previous ? new Date(step.completed_at) - new Date(previous) : null;
      if (step.completed_at) previous = step.completed_at;
      return h(`li.step.st-${step.status}`, { dataset: { step: step.name } },
        h('span.dot'),
        h('span.name', {}, step.name), ' ', badge(step.status),
        h('span.meta', {},
          ` runs ${step.runs}`,
          step.cursor !== undefined && step.cursor !== null ? [' · cursor ', h('b.cursor', {}, step.cursor)] : null,
          step.completed_at ? ` · done ${time(step.completed_at)}` : null,
          took !== null ? ` · ~${duration(took)}` : null));
    })),
    h('p.note', {}, `Current step: ${cp.current_step ?? 'none (all done)'} · checkpoint written ${ago(cp.updated_at)}.`));
}
