// Entry point of the staff console: session check, routing, the shell (top bar + navigation), page mounting.
import { html, render, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { api, setUnauthorizedHandler } from './api.js';
import { t, getLang, setLang, otherLang } from './i18n.js';
import { NAV_GROUPS, allowedPages, navPages, pageById, currentRoute, routeParams, replaceRoute, replaceHash } from './router.js';
import { loginView } from './pages/login.js';
import { icon, roleLabel, errorMessage, loadingState, notice } from './ui.js';

const root = document.getElementById('app');
// index.html carries a static splash for the first paint; lit renders into an empty container.
root.replaceChildren();

const state = {
  user: null,
  bootError: null,
  view: 'boot', // boot | login | shell
  pageId: '',
  page: null, // the mounted page controller
  pageLoading: false,
  pageError: null,
  nav: 0, // navigation token; stale async work compares against it
  intended: '', // hash of the page asked for before logging in (e.g. #/orders/12)
  lastNavPage: '', // the last page from the navigation shown (where an order page goes back to)
  login: { busy: false, error: '', errorDetail: '', notice: '' },
  toast: null,
};

let toastTimer = 0;

function setReady(ready) {
  document.body.dataset.ready = ready ? 'true' : 'false';
}

function update() {
  render(appView(), root);
  updateTitle();
}

function updateTitle() {
  const app = t('app.name');
  if (state.view === 'shell' && state.pageId) {
    document.title = `${t('page.' + state.pageId)} · ${app}`;
  } else if (state.view === 'login') {
    document.title = `${t('login.title')} · ${app}`;
  } else {
    document.title = app;
  }
}

function toggleLang() {
  setLang(otherLang());
  update();
  if (state.page && typeof state.page.onLangChange === 'function') state.page.onLangChange();
}

/** Shows a short confirmation; key and params go through t() so a language switch re-translates it. */
function showToast(key, params, kind = 'success') {
  state.toast = { key, params, kind };
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    state.toast = null;
    update();
  }, 4000);
  update();
}

// ---------------------------------------------------------------- navigation

function disposePage() {
  if (state.page && typeof state.page.dispose === 'function') {
    try {
      state.page.dispose();
    } catch {
      // a page failing to clean up must not block navigation
    }
  }
  state.page = null;
}

function showLogin({ notice: message = '' } = {}) {
  state.nav += 1;
  disposePage();
  state.view = 'login';
  state.pageId = 'login';
  state.login = { busy: false, error: '', errorDetail: '', notice: message };
  state.toast = null;
  window.clearTimeout(toastTimer);
  replaceRoute('login');
  update();
  setReady(true);
  const username = document.getElementById('username');
  if (username) username.focus();
}

async function navigate() {
  const token = ++state.nav;
  setReady(false);
  if (!state.user) {
    const asked = currentRoute();
    if (asked && asked !== 'login') state.intended = window.location.hash;
    showLogin();
    return;
  }
  const allowed = allowedPages(state.user.roles);
  const first = navPages(state.user.roles)[0];
  let id = currentRoute();
  if (state.intended && (id === 'login' || !id)) {
    replaceHash(state.intended);
    id = currentRoute();
  }
  state.intended = '';
  if (!allowed.some((p) => p.id === id)) {
    id = first ? first.id : 'no-access';
  }
  replaceRoute(id);

  disposePage();
  const meta = pageById(id);
  if (meta && !meta.hidden) state.lastNavPage = id;
  state.view = 'shell';
  state.pageId = id;
  state.pageError = null;
  state.pageLoading = true;
  update();

  if (id === 'no-access') {
    state.pageLoading = false;
    update();
    setReady(true);
    return;
  }

  let page = null;
  try {
    const mod = await pageById(id).load();
    if (token !== state.nav) return;
    page = mod.create(pageContext(token, routeParams()));
    state.page = page;
    update();
    if (typeof page.load === 'function') await page.load();
  } catch (err) {
    if (token !== state.nav) return;
    state.pageError = err;
  }
  if (token !== state.nav) return;
  state.pageLoading = false;
  update();
  if (page && typeof page.afterRender === 'function') page.afterRender();
  setReady(true);
}

function pageContext(token, params) {
  const back = state.lastNavPage || (navPages(state.user.roles)[0] || {}).id || '';
  return {
    get user() {
      return state.user;
    },
    api,
    /** Hash segments after the page's own (#/orders/12 → ['12']). */
    params,
    /** The navigation page the user came from, for a way back. */
    backPage: back,
    /** Re-render; ignored once the page is no longer current. */
    update: () => {
      if (token === state.nav) update();
    },
    isCurrent: () => token === state.nav,
    toast: showToast,
  };
}

async function logout() {
  try {
    await api.post('/auth/logout');
  } catch {
    // the session may already be gone; the login view is the right place either way
  }
  state.user = null;
  state.intended = '';
  showLogin({ notice: t('login.loggedOut') });
}

function onLoggedIn(user) {
  if (!user) {
    state.login.error = t('error.unexpected');
    update();
    return;
  }
  state.user = user;
  state.lastNavPage = '';
  checkCalendar();
  navigate();
}

/**
 * Deadlines count working days from the calendar table; a year nobody has entered counts Monday to Friday only,
 * missing the holidays. Admins, who keep the table, are warned while next year is still empty.
 */
async function checkCalendar() {
  state.calendarWarning = null;
  if (!state.user || !(state.user.roles || []).includes('admin')) return;
  const year = new Date().getFullYear() + 1;
  try {
    const answer = await api.get('/calendar/days?year=' + year);
    if (answer && answer.entered === false) {
      state.calendarWarning = year;
      update();
    }
  } catch {
    // A failed check must not disturb the console; the next login checks again.
  }
}

setUnauthorizedHandler(() => {
  const wasLoggedIn = !!state.user;
  if (wasLoggedIn && state.view === 'shell' && state.pageId) state.intended = window.location.hash;
  state.user = null;
  if (state.view === 'boot') return; // the boot sequence decides
  showLogin({ notice: wasLoggedIn ? t('login.expired') : '' });
});

// ---------------------------------------------------------------- views

function appView() {
  if (state.view === 'boot') return bootView();
  if (state.view === 'login') {
    return html`${loginView(state.login, { onLoggedIn, update, toggleLang })}${toastView()}`;
  }
  return html`${shellView()}${toastView()}`;
}

function bootView() {
  if (!state.bootError) {
    return html`<div class="boot-splash" role="status"><img src="/app/logo.svg" alt="" width="48" height="48"><p>${t('app.name')}</p><span class="spinner" aria-hidden="true"></span></div>`;
  }
  return html`<div class="boot-splash boot-error" id="page" data-page="boot-error">
    <img src="/app/logo.svg" alt="" width="48" height="48">
    <p class="boot-error-title">${t('boot.failed')}</p>
    <p class="boot-error-detail">${errorMessage(state.bootError)}</p>
    <button type="button" class="btn btn-primary" id="boot-retry" @click=${boot}>${t('common.retry')}</button>
  </div>`;
}

function toastView() {
  return html`<div class="toast-region" aria-live="polite" role="status" id="toast">${state.toast
    ? html`<div class="toast toast-${state.toast.kind}">${icon(state.toast.kind === 'error' ? 'alert' : 'info')}<span>${t(state.toast.key, state.toast.params)}</span></div>`
    : nothing}</div>`;
}

function shellView() {
  const user = state.user;
  const allowed = navPages(user.roles);
  const unitName = user.unit && user.unit.name ? user.unit.name : t('shell.noUnit');
  const roles = (user.roles || []).map(roleLabel).join(' · ');
  const initial = (user.displayName || user.username || '?').trim().slice(0, 1).toUpperCase();
  return html`
    <a class="skip-link" href="#page" @click=${skipToContent}>${t('shell.skip')}</a>
    <div class="shell">
      <header class="topbar">
        <a class="brand" href=${'#/' + (allowed.length ? allowed[0].id : '')}>
          <img src="/app/logo.svg" alt="" width="30" height="30">
          <span class="brand-text">
            <span class="brand-name">${t('app.name')}</span>
            <span class="brand-sub">Hotline</span>
          </span>
        </a>
        <div class="topbar-right">
          <div class="user-chip" id="current-user" title=${roles}>
            <span class="avatar" aria-hidden="true">${initial}</span>
            <span class="user-text">
              <span class="user-name" id="current-user-name">${user.displayName || user.username}</span>
              <span class="user-unit" id="current-user-unit">${unitName}</span>
            </span>
          </div>
          <button type="button" id="lang-switch" class="btn btn-topbar" lang=${t('lang.switchLang')}
                  aria-label=${t('lang.switchLabel')} @click=${toggleLang}>${icon('globe')}<span>${t('lang.switch')}</span></button>
          <button type="button" id="logout" class="btn btn-topbar" @click=${logout}>${icon('logout')}<span>${t('shell.logout')}</span></button>
        </div>
      </header>
      <nav class="sidenav" aria-label=${t('shell.nav')}>
        ${NAV_GROUPS.map((group) => {
          const pages = allowed.filter((p) => p.group === group);
          if (!pages.length) return nothing;
          return html`<div class="nav-group">
            <p class="nav-group-title">${t('navGroup.' + group)}</p>
            <ul>${pages.map((p) => html`<li><a data-nav=${p.id} href=${'#/' + p.id}
                class=${classMap({ 'nav-link': true, active: p.id === state.pageId, trail: p.id !== state.pageId && isTrail(p.id) })}
                aria-current=${p.id === state.pageId ? 'page' : nothing}>${icon(p.icon)}<span>${t('page.' + p.id)}</span></a></li>`)}</ul>
          </div>`;
        })}
        <div class="nav-footer">
          <p class="nav-roles" id="current-user-roles">${roles}</p>
        </div>
      </nav>
      <main class="main" id="main">
        <section id="page" class="page" data-page=${state.pageId} tabindex="-1" aria-labelledby="page-title">
          ${state.calendarWarning ? notice('warn', html`<p>${t('calendar.missing', { year: state.calendarWarning })}</p>`,
            'calendar-warning') : nothing}
          ${pageBody()}
        </section>
      </main>
    </div>`;
}

/** On a hidden page (an order), the navigation entry the user came from stays marked. */
function isTrail(id) {
  const meta = pageById(state.pageId);
  return !!(meta && meta.hidden && state.lastNavPage === id);
}

function skipToContent(e) {
  e.preventDefault();
  const target = document.getElementById('page');
  if (target) target.focus();
}

function pageBody() {
  if (state.pageId === 'no-access') {
    return html`<header class="page-header"><div class="page-header-text"><h1 class="page-title" id="page-title">${t('page.no-access')}</h1>
      <p class="page-desc">${t('shell.noAccess')}</p></div></header>`;
  }
  if (state.pageError) {
    return html`<header class="page-header"><div class="page-header-text"><h1 class="page-title" id="page-title">${t('page.' + state.pageId)}</h1></div></header>
      ${notice('error', html`<p>${errorMessage(state.pageError)}</p>`, 'page-error')}`;
  }
  if (!state.page) return loadingState();
  return state.page.view();
}

// ---------------------------------------------------------------- boot

async function boot() {
  state.view = 'boot';
  state.bootError = null;
  setReady(false);
  update();
  try {
    // /auth/session answers 200 whether or not a session exists, so a first visit logs no failed request.
    const result = await api.get('/auth/session');
    state.user = result && result.authenticated && result.user ? result.user : null;
    checkCalendar();
  } catch (err) {
    if (err && err.status === 401) {
      state.user = null;
    } else {
      state.bootError = err;
      update();
      setReady(true);
      return;
    }
  }
  navigate();
}

document.documentElement.lang = getLang();
window.addEventListener('hashchange', () => {
  if (state.view === 'boot') return;
  if (!state.user && currentRoute() === 'login') return;
  navigate();
});
boot();

