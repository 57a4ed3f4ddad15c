// The login view: a centred card. Hooks: #username, #password, #login-submit, #login-error.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { icon, errorMessage } from '../ui.js';

/**
 * state: { busy, error, notice }
 * actions: { onLoggedIn(user), update(), toggleLang() }
 */
/** The product name, allowed to break only after its separator. */
function brandTitle() {
  const name = t('app.name');
  const i = name.indexOf(' · ');
  if (i < 0) return name;
  return html`<span class="nowrap">${name.slice(0, i)}</span> · <span class="nowrap">${name.slice(i + 3)}</span>`;
}

export function loginView(state, actions) {
  const submit = async (e) => {
    e.preventDefault();
    if (state.busy) return;
    const form = e.currentTarget;
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username || !password) {
      state.error = t('login.missing');
      actions.update();
      (username ? form.elements.password : form.elements.username).focus();
      return;
    }
    state.busy = true;
    state.error = '';
    state.notice = '';
    actions.update();
    try {
      const result = await api.post('/auth/login', { username, password });
      state.busy = false;
      form.elements.password.value = '';
      actions.onLoggedIn(result && result.user);
    } catch (err) {
      state.busy = false;
      if (err && err.status === 429) {
        state.error = err.retryAfter != null
          ? t('login.lockedFor', { seconds: err.retryAfter })
          : t('login.locked');
        state.errorDetail = err.detail || '';
      } else if (err && err.status === 401) {
        state.error = err.detail || t('login.badCredentials');
        state.errorDetail = '';
      } else {
        state.error = errorMessage(err);
        state.errorDetail = '';
      }
      actions.update();
      form.elements.password.value = '';
      form.elements.password.focus();
    }
  };

  return html`
    <div class="login-screen" id="page" data-page="login">
      <div class="login-lang">
        <button type="button" id="lang-switch" class="btn btn-quiet btn-small" lang=${t('lang.switchLang')}
                @click=${actions.toggleLang}>${icon('globe')}<span>${t('lang.switch')}</span></button>
      </div>
      <main class="login-card" aria-labelledby="login-title">
        <div class="login-brand">
          <img src="/app/logo.svg" alt="" width="60" height="60">
          <h1 id="login-title" class="login-title">${brandTitle()}</h1>
          <p class="login-subtitle"><span class="login-product">Hotline</span><span aria-hidden="true"> · </span>${t('login.subtitle')}</p>
        </div>
        <form class="login-form" novalidate @submit=${submit} aria-describedby="login-error">
          <div class="field">
            <label for="username">${t('login.username')}</label>
            <input id="username" name="username" type="text" autocomplete="username" autocapitalize="off"
                   spellcheck="false" required ?disabled=${state.busy} aria-invalid=${state.error ? 'true' : 'false'}>
          </div>
          <div class="field">
            <label for="password">${t('login.password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                   ?disabled=${state.busy} aria-invalid=${state.error ? 'true' : 'false'}>
          </div>
          <p id="login-error" class="login-error" role="alert" aria-live="assertive" ?hidden=${!state.error}>${state.error
            ? html`${icon('alert')}<span>${state.error}${state.errorDetail ? html`<span class="login-error-detail">${state.errorDetail}</span>` : nothing}</span>`
            : nothing}</p>
          ${state.notice && !state.error ? html`<p class="login-notice" role="status">${icon('info')}<span>${state.notice}</span></p>` : nothing}
          <button id="login-submit" type="submit" class="btn btn-primary btn-block btn-large" ?disabled=${state.busy}>
            ${state.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>${t('login.submitting')}` : t('login.submit')}
          </button>
        </form>
        <p class="login-footnote">${icon('audit')}<span>${t('login.footnote')}</span></p>
      </main>
      <footer class="login-footer">${t('login.footer')}</footer>
    </div>`;
}
