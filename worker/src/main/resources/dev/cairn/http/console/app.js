// Cairn console: start-up, login and hash routing (#/overview, #/jobs, #/jobs/<id>, #/dlq, #/dlq/<id>,
// #/breakers, #/workers). A page is a function (main, params, ctx) that fills `main`; ctx.every() polls until the
// user leaves the page.
import { api, ApiError, session, whenUnauthorized } from './api.js';
import { h, replace, banner } from './ui.js';
import { overviewPage } from './overview.js';
import { jobsPage, jobPage } from './jobs.js';
import { dlqPage, dlqEntryPage } from './dlq.js';
import { breakersPage } from './breakers.js';
import { workersPage } from './workers.js';

const PAGES = [
  ['overview', 'Overview'], ['jobs', 'Jobs'], ['dlq', 'Dead letters'], ['breakers', 'Breakers'], ['workers', 'Workers'],
];

const header = document.getElementById('top');
const main = document.getElementById('main');
let timers = [];

function stopPolling() {
  timers.forEach(clearInterval);
  timers = [];
}

function route() {
  stopPolling();
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'overview', ...rest] = (path || 'overview').split('/');
  const param = rest.length ? decodeURIComponent(rest.join('/')) : null;
  for (const link of header.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === name);
  const ctx = { every: (ms, fn) => timers.push(setInterval(fn, ms)), params: new URLSearchParams(search) };
  const page = {
    overview: () => overviewPage(main, ctx),
    jobs: () => (param ? jobPage(main, param, ctx) : jobsPage(main, ctx)),
    dlq: () => (param ? dlqEntryPage(main, param, ctx) : dlqPage(main, ctx)),
    breakers: () => breakersPage(main, ctx),
    workers: () => workersPage(main, ctx),
  }[name];
  if (!page) {
    replace(main, banner('error', `No page '${name}'.`));
    return;
  }
  main.dataset.page = name;
  Promise.resolve(page()).catch((e) => showError(e));
}

/** Shows a refused or failed call at the top of the page. */
function showError(e) {
  const text = e instanceof ApiError ? e.describe() : String(e?.message ?? e);
  main.prepend(banner('error', text));
}

function renderHeader() {
  replace(header,
    h('a.brand', { href: '#/overview' }, 'Cairn'),
    h('nav', {}, PAGES.map(([page, title]) => h('a', { href: `#/${page}`, dataset: { page }, id: `nav-${page}` }, title))),
    h('span.who', {}, session.access === 'read' ? 'read-only' : 'full access', session.version ? ` · worker ${session.version}` : ''),
    session.authRequired ? h('button#logout', { type: 'button', onclick: logout }, 'Log out') : null);
}

async function logout() {
  try {
    await api('/console/logout', { method: 'POST' });
  } finally {
    session.csrf = null;
    showLogin();
  }
}

function showLogin(reason) {
  stopPolling();
  replace(header, h('span.brand', {}, 'Cairn'));
  const input = h('input#token', { type: 'password', name: 'token', autocomplete: 'current-password', required: true, autofocus: true });
  const message = h('div#login-message');
  const form = h('form#login', {
    onsubmit: async (event) => {
      event.preventDefault();
      replace(message);
      try {
        const answer = await api('/console/login', { method: 'POST', body: { token: input.value } });
        session.csrf = answer.csrf_token;
        session.access = answer.access;
        input.value = '';
        start();
      } catch (e) {
        replace(message, banner('error', e instanceof ApiError ? `${e.status} ${e.error}: ${e.message}` : String(e)));
      }
    },
  },
  h('h2', {}, 'Log in'),
  h('p', {}, 'This worker needs a token: CAIRN_API_TOKEN, CAIRN_API_READ_TOKEN (read-only) or an admin key.'),
  reason ? banner('info', reason) : null,
  h('label', {}, h('span', {}, 'Token'), input),
  h('button.primary#login-submit', { type: 'submit' }, 'Log in'),
  message);
  replace(main, form);
  main.dataset.page = 'login';
  input.focus();
}

async function start() {
  let current;
  try {
    current = await api('/console/session');
  } catch (e) {
    replace(main, banner('error', e instanceof ApiError ? e.describe() : String(e)));
    return;
  }
  session.authRequired = current.auth_required;
  session.access = current.access ?? 'full';
  session.csrf = current.csrf_token;
  session.dashboardUrl = current.dashboard_url;
  session.version = current.version;
  if (!current.authenticated) {
    showLogin();
    return;
  }
  document.body.classList.toggle('read-only', session.access === 'read');
  renderHeader();
  route();
}

whenUnauthorized(() => showLogin('The session ended; log in again.'));
window.addEventListener('hashchange', () => {
  if (main.dataset.page !== 'login') route();
});
start();
