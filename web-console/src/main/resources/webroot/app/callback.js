// The callback (回访) in three clicks: resolved or not, how satisfied, submit. An unsuccessful callback needs a
// note and a choice: send the order back for re-handling (发回重办) or close it anyway, with the reason.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from './i18n.js';
import { SATISFACTIONS } from './orders.js';

export function newCallback() {
  return { resolved: null, satisfaction: null, note: '', outcome: 'rehandle', busy: false, error: null };
}

export function unsuccessful(cb) {
  return cb.resolved === false || cb.satisfaction === 'dissatisfied';
}

export function callbackReady(cb) {
  return cb.resolved !== null && !!cb.satisfaction && (!unsuccessful(cb) || cb.note.trim().length > 0);
}

/** The request body (performWorkOrderAction callback). */
export function callbackBody(cb) {
  const body = { resolved: cb.resolved, satisfaction: cb.satisfaction };
  if (cb.note.trim()) body.note = cb.note.trim();
  if (unsuccessful(cb)) body.rehandle = cb.outcome === 'rehandle';
  return body;
}

function pressButton(pressed, label, onClick, attrs) {
  return html`<button type="button" class=${classMap({ 'seg-btn': true, pressed, [attrs.tone || '']: !!attrs.tone })}
      aria-pressed=${pressed ? 'true' : 'false'} data-callback=${attrs.hook} data-value=${attrs.value}
      ?disabled=${attrs.disabled} @click=${onClick}>${label}</button>`;
}

/**
 * The controls. cb: the model from newCallback(); update(): re-render; options: { idPrefix, compact, noteError }.
 * Hooks: button[data-callback="resolved"][data-value="true|false"], button[data-callback="satisfaction"][data-value]
 * textarea[data-callback="note"], input[data-callback="outcome"].
 */
export function callbackFields(cb, update, { idPrefix = 'cb', compact = false, noteError = nothing } = {}) {
  const set = (patch) => () => {
    Object.assign(cb, patch);
    update();
  };
  const bad = unsuccessful(cb);
  const tones = { satisfied: 'tone-ok', basically_satisfied: 'tone-mid', dissatisfied: 'tone-bad' };
  return html`
    <div class=${classMap({ 'callback-fields': true, compact })}>
      <div class="seg-group" role="group" aria-label=${t('callback.resolvedLabel')}>
        ${compact ? nothing : html`<span class="seg-group-label">${t('callback.resolvedLabel')}</span>`}
        ${pressButton(cb.resolved === true, t('callback.resolved'), set({ resolved: true }), { hook: 'resolved', value: 'true', tone: 'tone-ok', disabled: cb.busy })}
        ${pressButton(cb.resolved === false, t('callback.unresolved'), set({ resolved: false }), { hook: 'resolved', value: 'false', tone: 'tone-bad', disabled: cb.busy })}
      </div>
      <div class="seg-group" role="group" aria-label=${t('callback.satisfactionLabel')}>
        ${compact ? nothing : html`<span class="seg-group-label">${t('callback.satisfactionLabel')}</span>`}
        ${SATISFACTIONS.map((s) => pressButton(cb.satisfaction === s, t('satisfaction.' + s), set({ satisfaction: s }), { hook: 'satisfaction', value: s, tone: tones[s], disabled: cb.busy }))}
      </div>
      ${bad || !compact
        ? html`<div class="callback-more">
            ${bad
              ? html`<fieldset class="callback-outcome" ?disabled=${cb.busy}>
                  <legend>${t('callback.outcomeLabel')}</legend>
                  <label class="check"><input type="radio" name=${idPrefix + '-outcome'} value="rehandle" data-callback="outcome"
                      .checked=${cb.outcome === 'rehandle'} @change=${set({ outcome: 'rehandle' })}><span>${t('callback.rehandle')}</span></label>
                  <label class="check"><input type="radio" name=${idPrefix + '-outcome'} value="close" data-callback="outcome"
                      .checked=${cb.outcome === 'close'} @change=${set({ outcome: 'close' })}><span>${t('callback.closeAnyway')}</span></label>
                </fieldset>`
              : nothing}
            <label class="sr-only" for=${idPrefix + '-note'}>${t('callback.note')}</label>
            <textarea id=${idPrefix + '-note'} rows=${compact ? 2 : 3} data-callback="note" ?disabled=${cb.busy}
                aria-invalid=${noteError !== nothing ? 'true' : 'false'}
                placeholder=${bad ? (cb.outcome === 'rehandle' ? t('callback.noteRehandle') : t('callback.noteClose')) : t('callback.noteOptional')}
                .value=${cb.note} @input=${(e) => { cb.note = e.target.value; update(); }}></textarea>
            ${noteError}
          </div>`
        : nothing}
    </div>`;
}
