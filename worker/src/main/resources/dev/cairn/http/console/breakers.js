// Cairn console: Breakers. Every provider's breaker as the fleet shares it: state, failures in the window, when an
// open one lets a trial call through (half-open), its transitions; reset and force-open after a confirmation.
import { api, canChange } from './api.js';
import { h, replace, table, badge, ago, time, showError, banner, confirmAction } from './ui.js';

export async function breakersPage(main, ctx) {
  const status = h('div#breaker-status');
  const box = h('div#breakers');
  replace(main, h('h1', {}, 'Breakers'), status, box);
  const load = async () => {
    const answer = await api('/api/circuit-breakers');
    replace(box, table(['Provider', 'State', 'Failures in window', 'Successes', 'Half-open', 'Transitions', ''],
      answer.circuit_breakers.map((b) => h('tr', { dataset: { breaker: b.name } },
        h('td', {}, b.name), h('td.state', {}, badge(b.state)), h('td.num', {}, b.failure_count), h('td.num', {}, b.success_count),
        h('td', {}, b.retry_at ? h('span', { title: time(b.retry_at) }, ago(b.retry_at)) : '—'),
        h('td.num', {}, b.transitions),
        h('td', {}, canChange() ? [
          h('button', { type: 'button', dataset: { action: 'reset' }, onclick: () => act(b.name, 'reset') }, 'Reset'), ' ',
          h('button.danger', { type: 'button', dataset: { action: 'force-open' }, onclick: () => act(b.name, 'force-open') }, 'Force open'),
        ] : null))),
    { id: 'breakers-table' }),
    h('p.note', {}, 'Shared by every worker through Redis; while Redis does not answer, this worker\'s view.'));
  };
  const act = async (name, action) => {
    const text = action === 'reset'
      ? `Close the breaker of ${name} and clear its failures, for every worker?`
      : `Open the breaker of ${name} for every worker? Calls to ${name} stop until it half-opens or is reset.`;
    if (!(await confirmAction(action === 'reset' ? 'Reset breaker' : 'Force open breaker', text, action === 'reset' ? 'Reset' : 'Force open'))) return;
    try {
      const after = await api(`/api/circuit-breakers/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
      replace(status, banner('ok', `${name}: ${after.state}`));
      await load();
    } catch (e) {
      showError(status, e);
    }
  };
  await load();
  ctx.every(3000, () => load().catch((e) => showError(main, e)));
}
