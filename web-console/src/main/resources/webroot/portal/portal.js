// 网上12345 — the citizens' portal: file a request (with photos and an SMS-proven phone), get its number and pickup
// code, look it up, rate the result, complain about the handling, and read the media-tracked issues.
// No login, no framework download: lit-html from the server's own WebJar renders every view, and whatever a citizen
// typed is rendered as text (lit-html escapes it), never as markup.

import { html, render, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';

// ------------------------------------------------------------------ words

const WORDS = {
  zh: {
    langSwitch: 'English',
    langSwitchLabel: 'Switch to English',
    homeTitle: '网上12345 · 有事找政府，就上网上12345',
    homeLead: '反映问题、咨询政策、提出建议，7×24小时受理。承办单位依法限时办理，办理结果可随时查询、评价。',
    actionSubmit: '我要反映',
    actionSubmitHint: '投诉、求助、咨询、举报、建议、表扬',
    actionTrack: '查询进度',
    actionTrackHint: '凭工单编号和提取码（或手机号后四位）',
    actionMedia: '媒体跟踪',
    actionMediaHint: '媒体曝光问题的整改承诺与进展',
    submitTitle: '我要反映',
    type: '诉求类型',
    category: '问题分类',
    categorySearch: '搜索分类',
    categorySearchHint: '输入关键词筛选，例如：噪音、路灯、物业、停车',
    categoryNone: '没有找到，请换个关键词',
    categoryChosen: '已选：',
    district: '所在区',
    street: '街道（乡镇）',
    choose: '请选择',
    address: '详细地址',
    addressHint: '小区、楼栋、路口等，便于现场核实',
    content: '问题描述',
    contentHint: '请写清楚时间、地点、发生了什么、希望怎么解决。',
    photos: '照片（可选）',
    photosHint: (n, mb) => `最多 ${n} 张，JPEG 或 PNG，每张不超过 ${mb} MB。照片中的位置等信息会被清除。`,
    addPhotos: '添加照片',
    removePhoto: '删除',
    uploading: '上传中…',
    photoAlt: (i) => `第 ${i} 张照片`,
    contact: '联系方式',
    anonymous: '匿名反映（不留姓名和电话，将无法收到办理结果通知，也无法用手机号查询）',
    name: '姓名',
    phone: '手机号码',
    phoneHint: '用于接收工单编号、办理结果和回访',
    getCode: '获取验证码',
    resendIn: (s) => `${s} 秒后可重发`,
    codeSent: (p) => `验证码已发送至 ${p}，10 分钟内有效。`,
    smsCode: '短信验证码',
    confidential: '保密（承办单位看不到我的姓名和电话）',
    consent: '我已阅读并同意上述个人信息使用说明',
    submit: '提交',
    submitting: '正在提交…',
    errorsTitle: '请检查以下内容：',
    doneTitle: '提交成功',
    doneLead: '您的诉求已受理。请记下工单编号和提取码，凭它们查询办理进度。',
    number: '工单编号',
    pickupCode: '提取码',
    doneSms: '受理短信已发送到您的手机。',
    bookmark: '查看进度（可收藏此链接）',
    bookmarkHint: '链接中含有提取码，请勿转发给他人。',
    submitAnother: '再反映一件事',
    trackTitle: '查询进度',
    trackBy: '验证方式',
    byCode: '提取码',
    byPhone: '手机号后四位',
    phoneLastFour: '手机号后四位',
    lookup: '查询',
    looking: '正在查询…',
    status: '当前状态',
    submittedAt: '提交时间',
    expectedBy: '预计办结',
    closedAt: '办结时间',
    categoryLabel: '分类',
    areaLabel: '区域',
    addressLabel: '地址',
    contentLabel: '您反映的内容',
    photosCount: (n) => `附照片 ${n} 张`,
    steps: '办理过程',
    reply: '办理答复',
    replyFrom: (u, at) => `${u} · ${at}`,
    mergedNote: '您的诉求与他人反映的同一问题合并办理，办理结果相同。',
    rateTitle: '评价办理结果',
    resolved: '问题是否解决？',
    yesResolved: '已解决',
    notResolved: '未解决',
    satisfaction: '您对办理结果是否满意？',
    satisfied: '满意',
    basicallySatisfied: '基本满意',
    dissatisfied: '不满意',
    contacted: '承办单位是否与您联系过？（可不答）',
    yes: '是',
    no: '否',
    comment: '意见或建议（可选）',
    sendRating: '提交评价',
    ratedClosed: '感谢您的评价，工单已办结。',
    ratedCallback: '您的评价已收到，热线中心将尽快与您联系核实。',
    yourRating: '您的评价',
    complainTitle: '对办理结果不满意？',
    complainLead: '可以对承办单位的办理情况提出投诉，将作为新的投诉工单受理，并与原工单关联。',
    complainContent: '投诉内容',
    sendComplaint: '提交投诉',
    complained: (n, c) => `投诉已受理，新工单编号 ${n}，提取码 ${c}。`,
    mediaTitle: '媒体跟踪',
    mediaLead: '电视、广播、报纸等媒体曝光的问题，责任单位的公开承诺与整改进展。',
    mediaNone: '暂无媒体跟踪事项。',
    outlet: '媒体',
    airDate: '播出/刊发',
    issue: '曝光问题',
    commitment: '公开承诺',
    commitmentDeadline: '承诺期限',
    updates: '整改进展',
    recheckPassed: '回头看：已整改到位',
    recheckFailed: '回头看：尚未整改到位',
    back: '返回',
    home: '首页',
    notFound: '页面不存在。',
    network: '网络连接失败，请稍后重试。',
    tooMany: (s) => `操作太频繁，请 ${s} 秒后再试。`,
    required: '必填',
    types: { consultation: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬' },
    fields: {
      type: '诉求类型', categoryId: '问题分类', areaId: '所在区域', address: '详细地址', content: '问题描述',
      name: '姓名', phone: '手机号码', smsCode: '短信验证码', consent: '个人信息使用同意', photos: '照片',
      anonymous: '匿名', consentVersion: '个人信息使用说明', number: '工单编号', pickupCode: '提取码',
      phoneLastFour: '手机号后四位', resolved: '是否解决', satisfaction: '满意度', comment: '意见', body: '照片',
    },
  },
  en: {
    langSwitch: '中文',
    langSwitchLabel: '切换到中文',
    homeTitle: 'Online 12345 — the city hotline on the web',
    homeLead: 'Report a problem, ask about a policy or make a suggestion, day and night. The responsible office handles it within the legal time limit; follow it and rate the result here.',
    actionSubmit: 'Report a problem',
    actionSubmitHint: 'Complaint, help, question, report, suggestion, praise',
    actionTrack: 'Track a request',
    actionTrackHint: 'With its number and pickup code (or your phone’s last four digits)',
    actionMedia: 'Media tracking',
    actionMediaHint: 'Issues exposed by the media: commitments and progress',
    submitTitle: 'Report a problem',
    type: 'Kind of request',
    category: 'Category',
    categorySearch: 'Search categories',
    categorySearchHint: 'Type a word to filter, e.g. 噪音 (noise), 路灯 (street light), 物业, 停车',
    categoryNone: 'Nothing found; try another word',
    categoryChosen: 'Chosen: ',
    district: 'District',
    street: 'Street / town',
    choose: 'Choose',
    address: 'Address',
    addressHint: 'Estate, building, crossing… so the office can find it',
    content: 'What happened',
    contentHint: 'When, where, what happened, and what you would like done.',
    photos: 'Photos (optional)',
    photosHint: (n, mb) => `Up to ${n}, JPEG or PNG, ${mb} MB each. Location and camera data are removed.`,
    addPhotos: 'Add photos',
    removePhoto: 'Remove',
    uploading: 'Uploading…',
    photoAlt: (i) => `Photo ${i}`,
    contact: 'Contact',
    anonymous: 'Anonymous (no name or phone: you will not be told the result and cannot look it up by phone)',
    name: 'Name',
    phone: 'Mobile number',
    phoneHint: 'For the request number, the result and the follow-up call',
    getCode: 'Send code',
    resendIn: (s) => `Resend in ${s} s`,
    codeSent: (p) => `A code was sent to ${p}; it is valid for 10 minutes.`,
    smsCode: 'SMS code',
    confidential: 'Confidential (the handling office does not see my name and phone)',
    consent: 'I have read and agree to the use of my personal data above',
    submit: 'Submit',
    submitting: 'Submitting…',
    errorsTitle: 'Please check:',
    doneTitle: 'Received',
    doneLead: 'Your request was received. Keep the number and pickup code to follow it.',
    number: 'Request number',
    pickupCode: 'Pickup code',
    doneSms: 'A text message with the number was sent to your phone.',
    bookmark: 'Follow it (bookmark this link)',
    bookmarkHint: 'The link holds your pickup code: do not share it.',
    submitAnother: 'Report something else',
    trackTitle: 'Track a request',
    trackBy: 'Prove it is yours with',
    byCode: 'Pickup code',
    byPhone: 'Phone’s last four digits',
    phoneLastFour: 'Last four digits of your phone',
    lookup: 'Look up',
    looking: 'Looking up…',
    status: 'Status',
    submittedAt: 'Submitted',
    expectedBy: 'Expected by',
    closedAt: 'Closed',
    categoryLabel: 'Category',
    areaLabel: 'Area',
    addressLabel: 'Address',
    contentLabel: 'What you wrote',
    photosCount: (n) => `${n} photo(s) attached`,
    steps: 'Progress',
    reply: 'The answer',
    replyFrom: (u, at) => `${u} · ${at}`,
    mergedNote: 'Your request is handled together with the same problem reported by others; the result is the same.',
    rateTitle: 'Rate the result',
    resolved: 'Was the problem solved?',
    yesResolved: 'Solved',
    notResolved: 'Not solved',
    satisfaction: 'Are you satisfied with the result?',
    satisfied: 'Satisfied',
    basicallySatisfied: 'Mostly satisfied',
    dissatisfied: 'Dissatisfied',
    contacted: 'Did the office contact you? (optional)',
    yes: 'Yes',
    no: 'No',
    comment: 'Comments (optional)',
    sendRating: 'Send rating',
    ratedClosed: 'Thank you; the request is closed.',
    ratedCallback: 'Thank you; the centre will call you to follow up.',
    yourRating: 'Your rating',
    complainTitle: 'Unhappy with how it was handled?',
    complainLead: 'You can complain about the handling: it becomes a new complaint, linked to this request.',
    complainContent: 'Your complaint',
    sendComplaint: 'Send complaint',
    complained: (n, c) => `Complaint received: number ${n}, pickup code ${c}.`,
    mediaTitle: 'Media tracking',
    mediaLead: 'Problems exposed by TV, radio and newspapers: the public commitment and the progress.',
    mediaNone: 'Nothing tracked at the moment.',
    outlet: 'Outlet',
    airDate: 'Aired / published',
    issue: 'Issue',
    commitment: 'Commitment',
    commitmentDeadline: 'Deadline',
    updates: 'Progress',
    recheckPassed: 'Re-check: fixed',
    recheckFailed: 'Re-check: not fixed yet',
    back: 'Back',
    home: 'Home',
    notFound: 'No such page.',
    network: 'Cannot reach the server; try again shortly.',
    tooMany: (s) => `Too many tries; wait ${s} s.`,
    required: 'required',
    types: { consultation: 'Question', help: 'Help', complaint: 'Complaint', report: 'Report', suggestion: 'Suggestion', praise: 'Praise' },
    fields: {
      type: 'Kind of request', categoryId: 'Category', areaId: 'Area', address: 'Address', content: 'What happened',
      name: 'Name', phone: 'Mobile number', smsCode: 'SMS code', consent: 'Consent', photos: 'Photos',
      anonymous: 'Anonymous', consentVersion: 'Consent text', number: 'Request number', pickupCode: 'Pickup code',
      phoneLastFour: 'Last four digits', resolved: 'Solved', satisfaction: 'Satisfaction', comment: 'Comments', body: 'Photo',
    },
  },
};

let lang = localStorage.getItem('hotline-portal-lang') === 'en' ? 'en' : 'zh';
const w = () => WORDS[lang];

function setLang(next) {
  lang = next;
  localStorage.setItem('hotline-portal-lang', next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  draw();
}

// ------------------------------------------------------------------ the API

/** A failed call: status, the problem+json body, its errors by field, and Retry-After. */
class Failure extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && (problem.detail || problem.title)) || (status ? `HTTP ${status}` : 'network'));
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
    this.byField = new Map();
    for (const e of Array.isArray(this.problem.errors) ? this.problem.errors : []) {
      const list = this.byField.get(e.field) || [];
      list.push(String(e.message ?? ''));
      this.byField.set(e.field, list);
    }
  }
}

async function call(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, cache: 'no-store' };
  if (body !== undefined) {
    if (body instanceof Blob) {
      init.body = body;
    } else {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch('/api/v1' + path, init);
  } catch {
    throw new Failure(0, null, null);
  }
  let data = null;
  if (/json/i.test(response.headers.get('Content-Type') || '')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const retry = Number(response.headers.get('Retry-After'));
    throw new Failure(response.status, data, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return data;
}

/**
 * The server words its problems in English for every client; a citizen reading Chinese gets these instead, one per
 * field (each field fails in few ways) and per kind of problem. The English page shows the server's own words.
 */
const ZH_FIELD = {
  type: '请选择诉求类型',
  categoryId: '请选择问题分类',
  areaId: '请选择所在区域',
  address: '地址过长，请精简到200字以内',
  content: '请填写问题描述（不超过2000字）',
  name: '姓名过长，请精简',
  phone: '请填写正确的手机号码（11位，能接收短信）',
  smsCode: '验证码不正确或已失效，请核对，或重新获取',
  consent: '留下姓名或电话时，请阅读并同意个人信息使用说明',
  consentVersion: '个人信息使用说明已更新，请刷新页面后重新阅读',
  anonymous: '匿名反映时请不要填写姓名和电话',
  photos: '照片已失效或不属于本次提交，请删除后重新上传',
  body: '只能上传 JPEG 或 PNG 照片，每张不超过 5 MB，且能正常打开',
  number: '请填写工单编号',
  pickupCode: '提取码为6位数字',
  phoneLastFour: '请填写手机号后四位数字',
  resolved: '请选择问题是否解决',
  satisfaction: '请选择满意度',
  comment: '意见不超过1000字',
  'Idempotency-Key': '页面已过期，请刷新后重试',
};

const ZH_PROBLEM = {
  'not-found': '没有找到该工单，请核对工单编号和提取码（或手机号后四位）。',
  'already-rated': '该工单已经评价过了，感谢您的参与。',
  'not-ready-for-rating': '答复审核通过后才能评价。',
  'not-answered-yet': '诉求答复后，才能对办理情况提出投诉。',
  'idempotency-key-reused': '您的诉求可能已经提交成功，请勿重复提交；可凭工单编号查询。',
};

function fieldMessages(f, field) {
  const list = f ? f.byField.get(field) : null;
  if (!list || !list.length) return null;
  return lang === 'zh' && ZH_FIELD[field] ? [ZH_FIELD[field]] : list;
}

/** What to tell the citizen about a failure that is not about one field. */
function failureText(f) {
  if (!f) return '';
  if (f.status === 0) return w().network;
  if (f.status === 429) return w().tooMany(f.retryAfter || 60);
  const kind = String(f.problem.type || '').split(':').pop();
  if (lang === 'zh') return ZH_PROBLEM[kind] || (f.status >= 500 ? '系统繁忙，请稍后重试，或拨打12345。' : '请求未能完成，请检查后重试。');
  return f.problem.detail || f.problem.title || f.message;
}

// ------------------------------------------------------------------ state

const state = {
  form: null,          // GET /public/portal
  formError: null,
  draft: freshDraft(),
  submitting: false,
  failure: null,       // the last submission's failure
  done: null,          // the last submission's answer
  code: { sending: false, sentTo: null, until: 0, failure: null },
  lookup: { number: '', proof: 'code', secret: '', busy: false, failure: null, view: null },
  rating: { resolved: null, satisfaction: null, contacted: null, comment: '', busy: false, failure: null, done: null },
  complaint: { content: '', busy: false, failure: null, done: null },
  media: { items: null, item: null, failure: null },
};

function freshDraft() {
  return {
    key: null, type: 'complaint', categoryId: null, categoryQuery: '', districtId: '', streetId: '', address: '',
    content: '', anonymous: false, name: '', phone: '', smsCode: '', confidential: false, consent: false, photos: [],
  };
}

/** A key per request the citizen means to file: the same across retries and double clicks, new after success. */
function idempotencyKey() {
  if (!state.draft.key) {
    state.draft.key = crypto.randomUUID ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return state.draft.key;
}

// ------------------------------------------------------------------ routing

function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean);
  return { parts, params: new URLSearchParams(query || '') };
}

let lastPath = null;

async function onRoute() {
  const { parts, params } = route();
  const path = parts.join('/');
  const changed = path !== lastPath;
  lastPath = path;
  if (parts[0] === 'submit' && !state.form) {
    loadForm();
  }
  if (parts[0] === 'track' && parts[1] && changed) {
    const number = decodeURIComponent(parts[1]);
    const code = params.get('code');
    if (code && (!state.lookup.view || state.lookup.view.number !== number)) {
      state.lookup = { ...state.lookup, number, proof: 'code', secret: code };
      lookup();
    }
  }
  if (parts[0] === 'media') {
    loadMedia(parts[1]);
  }
  draw();
  if (changed) {
    document.getElementById('main').focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

window.addEventListener('hashchange', onRoute);

async function loadForm() {
  try {
    state.form = await call('GET', '/public/portal');
    state.formError = null;
  } catch (f) {
    state.formError = f;
  }
  draw();
}

async function loadMedia(id) {
  state.media.failure = null;
  try {
    if (id) {
      state.media.item = null;
      state.media.item = await call('GET', '/public/media-tracking/' + encodeURIComponent(id));
    } else {
      state.media.items = (await call('GET', '/public/media-tracking')).items;
    }
  } catch (f) {
    state.media.failure = f;
  }
  draw();
}

// ------------------------------------------------------------------ drawing

function draw() {
  render(html`<button type="button" class="lang-switch" lang=${lang === 'zh' ? 'en' : 'zh-CN'}
      aria-label=${w().langSwitchLabel} @click=${() => setLang(lang === 'zh' ? 'en' : 'zh')}>${w().langSwitch}</button>`,
  document.getElementById('header-actions'));
  const { parts } = route();
  let view;
  switch (parts[0] || '') {
    case '': view = homeView(); break;
    case 'submit': view = submitView(); break;
    case 'done': view = doneView(); break;
    case 'track': view = trackView(parts[1] ? decodeURIComponent(parts[1]) : null); break;
    case 'media': view = mediaView(parts[1]); break;
    default: view = html`<h1>${w().notFound}</h1><p><a href="#/">${w().home}</a></p>`;
  }
  render(view, document.getElementById('app'));
}

function homeView() {
  return html`
    <h1>${w().homeTitle}</h1>
    <p class="muted">${w().homeLead}</p>
    <nav class="home-actions" aria-label=${w().home}>
      <a class="home-action" href="#/submit"><strong>${w().actionSubmit}</strong><span>${w().actionSubmitHint}</span></a>
      <a class="home-action" href="#/track"><strong>${w().actionTrack}</strong><span>${w().actionTrackHint}</span></a>
      <a class="home-action" href="#/media"><strong>${w().actionMedia}</strong><span>${w().actionMediaHint}</span></a>
    </nav>`;
}

/** Error messages of one field, linked to it for screen readers by id. */
function fieldErrors(failure, field, id) {
  const list = fieldMessages(failure, field);
  if (!list) return nothing;
  return html`<p class="error" id=${id + '-error'}>${list.join('；')}</p>`;
}

function invalid(failure, field) {
  return failure && failure.byField.has(field) ? 'true' : 'false';
}

function describedBy(failure, field, id, hint) {
  const ids = [];
  if (hint) ids.push(id + '-hint');
  if (failure && failure.byField.has(field)) ids.push(id + '-error');
  return ids.length ? ids.join(' ') : nothing;
}

function errorSummary(failure) {
  if (!failure) return nothing;
  const fields = [...failure.byField.entries()];
  return html`<div class="alert error-box" role="alert" tabindex="-1" id="error-summary">
    ${fields.length ? html`<strong>${w().errorsTitle}</strong>
      <ul>${fields.map(([field]) => html`<li>${w().fields[field] || field}${lang === 'zh' ? '：' : ': '}${fieldMessages(failure, field).join('；')}</li>`)}</ul>`
    : failureText(failure)}
  </div>`;
}

// ------------------------------------------------------------------ submitting

function categoryMatches(query) {
  const all = state.form ? state.form.categories : [];
  const q = query.trim().toLowerCase();
  if (!q) return all;
  const words = q.split(/\s+/);
  return all.filter((c) => {
    const text = (c.path + ' ' + (c.keywords || '')).toLowerCase();
    return words.every((x) => text.includes(x));
  });
}

function submitView() {
  if (state.formError) {
    return html`<h1>${w().submitTitle}</h1><div class="alert error-box" role="alert">${failureText(state.formError)}</div>`;
  }
  if (!state.form) {
    return html`<h1>${w().submitTitle}</h1><p class="loading" role="status">…</p>`;
  }
  const f = state.form;
  const d = state.draft;
  const failure = state.failure;
  const matches = categoryMatches(d.categoryQuery);
  const groups = [];
  for (const c of matches) {
    let g = groups.find((x) => x.name === c.group);
    if (!g) groups.push(g = { name: c.group, items: [] });
    g.items.push(c);
  }
  const chosen = f.categories.find((c) => c.id === d.categoryId);
  const district = f.districts.find((x) => String(x.id) === String(d.districtId));
  const length = [...d.content].length;
  const now = Date.now();
  const waiting = state.code.until > now ? Math.ceil((state.code.until - now) / 1000) : 0;
  const needCode = f.smsVerification && !d.anonymous;
  return html`
    <h1>${w().submitTitle}</h1>
    ${errorSummary(failure)}
    <form novalidate @submit=${submit} class="card">
      <fieldset>
        <legend class="required">${w().type}</legend>
        <div class="choices">
          ${f.types.map((t) => html`<label class="choice">
            <input type="radio" name="type" value=${t.id} .checked=${d.type === t.id}
              @change=${() => { d.type = t.id; draw(); }}>${lang === 'zh' ? t.name : w().types[t.id]}</label>`)}
        </div>
        ${fieldErrors(failure, 'type', 'type')}
      </fieldset>

      <div class="field">
        <label for="category-q">${w().categorySearch}</label>
        <input type="search" id="category-q" autocomplete="off" aria-controls="category"
          aria-describedby="category-q-hint" .value=${d.categoryQuery}
          @input=${(e) => { d.categoryQuery = e.target.value; draw(); }}>
        <p class="hint" id="category-q-hint">${w().categorySearchHint}</p>
      </div>
      <div class="field">
        <label for="category" class="required">${w().category}</label>
        ${matches.length === 0 ? html`<p class="hint" role="status">${w().categoryNone}</p>` : nothing}
        <select id="category" size="7" required aria-invalid=${invalid(failure, 'categoryId')}
          aria-describedby=${describedBy(failure, 'categoryId', 'category', false)}
          @change=${(e) => { d.categoryId = Number(e.target.value); draw(); }}>
          ${groups.map((g) => html`<optgroup label=${g.name}>
            ${g.items.map((c) => html`<option value=${c.id} .selected=${c.id === d.categoryId}>${c.path}</option>`)}
          </optgroup>`)}
        </select>
        ${chosen ? html`<p class="hint" role="status">${w().categoryChosen}${chosen.path}</p>` : nothing}
        ${fieldErrors(failure, 'categoryId', 'category')}
      </div>

      <div class="row">
        <div class="field">
          <label for="district">${w().district}</label>
          <select id="district" @change=${(e) => { d.districtId = e.target.value; d.streetId = ''; draw(); }}>
            <option value="" .selected=${!d.districtId}>${w().choose}</option>
            ${f.districts.map((x) => html`<option value=${x.id} .selected=${String(x.id) === String(d.districtId)}>${x.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="street">${w().street}</label>
          <select id="street" ?disabled=${!district} aria-invalid=${invalid(failure, 'areaId')}
            @change=${(e) => { d.streetId = e.target.value; draw(); }}>
            <option value="" .selected=${!d.streetId}>${w().choose}</option>
            ${district ? district.streets.map((s) => html`<option value=${s.id} .selected=${String(s.id) === String(d.streetId)}>${s.name}</option>`) : nothing}
          </select>
        </div>
      </div>
      ${fieldErrors(failure, 'areaId', 'area')}
      <div class="field">
        <label for="address">${w().address}</label>
        <input type="text" id="address" maxlength=${f.limits.address} autocomplete="street-address"
          aria-describedby=${describedBy(failure, 'address', 'address', true)} aria-invalid=${invalid(failure, 'address')}
          .value=${d.address} @input=${(e) => { d.address = e.target.value; }}>
        <p class="hint" id="address-hint">${w().addressHint}</p>
        ${fieldErrors(failure, 'address', 'address')}
      </div>

      <div class="field">
        <label for="content" class="required">${w().content}</label>
        <textarea id="content" required aria-describedby=${describedBy(failure, 'content', 'content', true)}
          aria-invalid=${invalid(failure, 'content')} .value=${d.content}
          @input=${(e) => { d.content = e.target.value; draw(); }}></textarea>
        <p class="hint" id="content-hint">${w().contentHint}</p>
        <p class=${length > f.limits.content ? 'counter over' : 'counter'} aria-live="polite">${length} / ${f.limits.content}</p>
        ${fieldErrors(failure, 'content', 'content')}
      </div>

      <div class="field">
        <span class="label" id="photos-label">${w().photos}</span>
        <p class="hint" id="photos-hint">${w().photosHint(f.limits.photos, Math.floor(f.limits.photoBytes / 1048576))}</p>
        <ul class="photos" aria-labelledby="photos-label">
          ${d.photos.map((p, i) => html`<li>
            ${p.token ? html`<img src=${p.preview} alt=${w().photoAlt(i + 1)}>`
              : html`<div class="pending" role="status">${p.error ? p.error : w().uploading}</div>`}
            <button type="button" class="button secondary remove" @click=${() => { d.photos.splice(i, 1); draw(); }}
              aria-label=${w().removePhoto + ' ' + w().photoAlt(i + 1)}>${w().removePhoto}</button>
          </li>`)}
        </ul>
        ${d.photos.length < f.limits.photos ? html`
          <p class="file-pick"><label for="photo-input">${w().addPhotos}</label>
          <input type="file" id="photo-input" accept="image/jpeg,image/png" multiple
            aria-describedby="photos-hint" @change=${addPhotos}></p>` : nothing}
        ${fieldErrors(failure, 'photos', 'photos')}
      </div>

      <fieldset>
        <legend>${w().contact}</legend>
        <label class="check"><input type="checkbox" .checked=${d.anonymous}
          @change=${(e) => { d.anonymous = e.target.checked; draw(); }}><span>${w().anonymous}</span></label>
        ${fieldErrors(failure, 'anonymous', 'anonymous')}
        ${d.anonymous ? nothing : html`
          <div class="field">
            <label for="name">${w().name}</label>
            <input type="text" id="name" autocomplete="name" maxlength=${f.limits.name} .value=${d.name}
              aria-invalid=${invalid(failure, 'name')} aria-describedby=${describedBy(failure, 'name', 'name', false)}
              @input=${(e) => { d.name = e.target.value; }}>
            ${fieldErrors(failure, 'name', 'name')}
          </div>
          <div class="field">
            <label for="phone" class="required">${w().phone}</label>
            <div class="row">
              <input type="tel" id="phone" autocomplete="tel" inputmode="tel" maxlength="20" .value=${d.phone}
                aria-invalid=${invalid(failure, 'phone')} aria-describedby=${describedBy(failure, 'phone', 'phone', true)}
                @input=${(e) => { d.phone = e.target.value; }}>
              ${needCode ? html`<button type="button" class="button secondary" id="send-code"
                ?disabled=${state.code.sending || waiting > 0} @click=${sendCode}>
                ${waiting > 0 ? w().resendIn(waiting) : w().getCode}</button>` : nothing}
            </div>
            <p class="hint" id="phone-hint">${w().phoneHint}</p>
            ${fieldErrors(failure, 'phone', 'phone')}
            ${state.code.sentTo ? html`<p class="hint" role="status">${w().codeSent(state.code.sentTo)}</p>` : nothing}
            ${state.code.failure ? html`<p class="error" role="alert">${fieldMessages(state.code.failure, 'phone')
              ? fieldMessages(state.code.failure, 'phone').join('；') : failureText(state.code.failure)}</p>` : nothing}
          </div>
          ${needCode ? html`<div class="field">
            <label for="sms-code" class="required">${w().smsCode}</label>
            <input type="text" id="sms-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
              pattern="[0-9]{6}" .value=${d.smsCode} aria-invalid=${invalid(failure, 'smsCode')}
              aria-describedby=${describedBy(failure, 'smsCode', 'sms-code', false)}
              @input=${(e) => { d.smsCode = e.target.value.trim(); }}>
            ${fieldErrors(failure, 'smsCode', 'sms-code')}
          </div>` : nothing}
          <label class="check"><input type="checkbox" .checked=${d.confidential}
            @change=${(e) => { d.confidential = e.target.checked; }}><span>${w().confidential}</span></label>
          <p class="consent" id="consent-text">${f.consent.text}</p>
          <label class="check"><input type="checkbox" id="consent" .checked=${d.consent}
            aria-describedby="consent-text" aria-invalid=${invalid(failure, 'consent')}
            @change=${(e) => { d.consent = e.target.checked; }}><span>${w().consent}</span></label>
          ${fieldErrors(failure, 'consent', 'consent')}
        `}
      </fieldset>

      <button type="submit" class="button block" ?disabled=${state.submitting}>
        ${state.submitting ? w().submitting : w().submit}</button>
    </form>`;
}

async function sendCode() {
  const d = state.draft;
  state.code = { ...state.code, sending: true, failure: null };
  draw();
  try {
    const r = await call('POST', '/public/sms-codes', { phone: d.phone });
    state.code = { sending: false, sentTo: r.phone, until: Date.now() + r.resendAfterSeconds * 1000, failure: null };
    tick();
    document.getElementById('sms-code')?.focus();
  } catch (f) {
    state.code = { ...state.code, sending: false, failure: f,
      until: f.status === 429 && f.retryAfter ? Date.now() + f.retryAfter * 1000 : 0 };
    if (f.status === 429) tick();
  }
  draw();
}

let ticking = null;
function tick() {
  if (ticking) return;
  ticking = setInterval(() => {
    if (state.code.until <= Date.now()) {
      clearInterval(ticking);
      ticking = null;
    }
    if (route().parts[0] === 'submit') draw();
  }, 1000);
}

/** Phones take large photos: scaled down in the browser when it can (the server cleans every photo anyway). */
async function shrink(file) {
  const limit = state.form.limits.photoBytes;
  if (file.size <= limit * 0.8 || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, 2560 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob || file;
  } catch {
    return file;
  }
}

function dataUrl(blob) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => resolve(null);
    reader.readAsDataURL(blob);
  });
}

async function addPhotos(event) {
  const d = state.draft;
  const files = [...event.target.files].slice(0, state.form.limits.photos - d.photos.length);
  event.target.value = '';
  for (const file of files) {
    const entry = { token: null, preview: null, error: null };
    d.photos.push(entry);
    draw();
    try {
      const blob = await shrink(file);
      const type = blob.type === 'image/png' ? 'image/png' : 'image/jpeg';
      const r = await call('POST', '/public/photos', blob, { 'Content-Type': type });
      entry.preview = await dataUrl(blob);
      entry.token = r.token;
    } catch (f) {
      entry.error = fieldMessages(f, 'body') ? fieldMessages(f, 'body').join('；') : failureText(f);
    }
    draw();
  }
}

async function submit(event) {
  event.preventDefault();
  if (state.submitting) return;
  const d = state.draft;
  state.submitting = true;
  state.failure = null;
  draw();
  const body = {
    type: d.type,
    categoryId: d.categoryId,
    areaId: d.streetId ? Number(d.streetId) : d.districtId ? Number(d.districtId) : null,
    address: d.address || null,
    content: d.content,
    anonymous: d.anonymous,
    name: d.anonymous ? null : d.name || null,
    phone: d.anonymous ? null : d.phone || null,
    confidential: d.anonymous ? false : d.confidential,
    consent: d.anonymous ? false : d.consent,
    consentVersion: d.anonymous || !d.consent ? null : state.form.consent.version,
    smsCode: d.anonymous || !d.smsCode ? null : d.smsCode,
    photos: d.photos.filter((p) => p.token).map((p) => p.token),
  };
  if (body.categoryId === null) delete body.categoryId;
  try {
    state.done = await call('POST', '/public/orders', body, { 'Idempotency-Key': idempotencyKey() });
    state.draft = freshDraft();
    state.code = { sending: false, sentTo: null, until: 0, failure: null };
    state.submitting = false;
    location.hash = '#/done';
  } catch (f) {
    state.failure = f;
    state.submitting = false;
    draw();
    document.getElementById('error-summary')?.focus();
  }
}

function doneView() {
  const a = state.done;
  if (!a) {
    return html`<h1>${w().doneTitle}</h1><p><a href="#/track">${w().actionTrack}</a></p>`;
  }
  const link = `#/track/${encodeURIComponent(a.number)}?code=${encodeURIComponent(a.pickupCode)}`;
  return html`
    <h1>${w().doneTitle}</h1>
    <div class="card receipt" role="status">
      <p>${w().doneLead}</p>
      <dl>
        <dt>${w().number}</dt><dd class="big" id="receipt-number">${a.number}</dd>
        <dt>${w().pickupCode}</dt><dd class="big" id="receipt-code">${a.pickupCode}</dd>
      </dl>
      ${a.sms ? html`<p class="muted">${w().doneSms}</p>` : nothing}
      <p><a class="button block" id="bookmark" href=${link}>${w().bookmark}</a></p>
      <p class="hint">${w().bookmarkHint}</p>
      <p><a href="#/submit">${w().submitAnother}</a></p>
    </div>`;
}

// ------------------------------------------------------------------ looking up

function trackView(number) {
  const s = state.lookup;
  const view = s.view && number && s.view.number === number ? s.view : null;
  return html`
    <h1>${w().trackTitle}</h1>
    ${view ? orderView(view) : html`
      ${s.failure && !s.failure.byField.size ? html`<div class="alert error-box" role="alert">${failureText(s.failure)}</div>` : nothing}
      <form class="card" novalidate @submit=${(e) => { e.preventDefault(); lookup(); }}>
        <div class="field">
          <label for="number" class="required">${w().number}</label>
          <input type="text" id="number" autocomplete="off" autocapitalize="characters" maxlength="32" .value=${s.number}
            aria-invalid=${invalid(s.failure, 'number')} @input=${(e) => { s.number = e.target.value.trim(); }}>
          ${fieldErrors(s.failure, 'number', 'number')}
        </div>
        <fieldset>
          <legend>${w().trackBy}</legend>
          <div class="choices">
            <label class="choice"><input type="radio" name="proof" .checked=${s.proof === 'code'}
              @change=${() => { s.proof = 'code'; s.secret = ''; draw(); }}>${w().byCode}</label>
            <label class="choice"><input type="radio" name="proof" .checked=${s.proof === 'phone'}
              @change=${() => { s.proof = 'phone'; s.secret = ''; draw(); }}>${w().byPhone}</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="secret" class="required">${s.proof === 'code' ? w().pickupCode : w().phoneLastFour}</label>
          <input type="text" id="secret" inputmode="numeric" autocomplete="off" maxlength=${s.proof === 'code' ? 6 : 4}
            .value=${s.secret} aria-invalid=${invalid(s.failure, s.proof === 'code' ? 'pickupCode' : 'phoneLastFour')}
            @input=${(e) => { s.secret = e.target.value.trim(); }}>
          ${fieldErrors(s.failure, s.proof === 'code' ? 'pickupCode' : 'phoneLastFour', 'secret')}
        </div>
        <button type="submit" class="button block" ?disabled=${s.busy}>${s.busy ? w().looking : w().lookup}</button>
      </form>`}`;
}

function proof() {
  const s = state.lookup;
  return s.proof === 'code' ? { pickupCode: s.secret } : { phoneLastFour: s.secret };
}

async function lookup() {
  const s = state.lookup;
  s.busy = true;
  s.failure = null;
  draw();
  try {
    s.view = await call('POST', '/public/lookup', { number: s.number.toUpperCase(), ...proof() });
    state.rating = { resolved: null, satisfaction: null, contacted: null, comment: '', busy: false, failure: null, done: null };
    state.complaint = { content: '', busy: false, failure: null, done: null };
    s.busy = false;
    const target = '#/track/' + encodeURIComponent(s.view.number);
    if (!location.hash.startsWith(target)) {
      location.hash = target;
    } else {
      draw();
    }
  } catch (f) {
    s.busy = false;
    s.failure = f;
    s.view = null;
    draw();
  }
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
}

function orderView(v) {
  return html`
    <section class="card" aria-labelledby="order-title">
      <h2 id="order-title">${w().number} ${v.number}</h2>
      <p><span class=${'status-badge ' + v.status} id="order-status">${lang === 'zh' ? v.statusName : v.statusNameEn}</span></p>
      ${v.merged ? html`<p class="muted">${w().mergedNote}</p>` : nothing}
      <dl class="facts">
        <dt>${w().categoryLabel}</dt><dd>${v.type} · ${v.category}</dd>
        ${v.area ? html`<dt>${w().areaLabel}</dt><dd>${v.area}</dd>` : nothing}
        ${v.address ? html`<dt>${w().addressLabel}</dt><dd>${v.address}</dd>` : nothing}
        <dt>${w().submittedAt}</dt><dd>${when(v.createdAt)}</dd>
        ${v.expectedBy ? html`<dt>${w().expectedBy}</dt><dd>${when(v.expectedBy)}</dd>` : nothing}
        ${v.closedAt ? html`<dt>${w().closedAt}</dt><dd>${when(v.closedAt)}</dd>` : nothing}
      </dl>
      ${v.content ? html`<h3>${w().contentLabel}</h3><p class="content-text" id="order-content">${v.content}</p>` : nothing}
      ${v.photos ? html`<p class="muted">${w().photosCount(v.photos)}</p>` : nothing}
    </section>
    ${v.reply ? html`<section class="card" aria-labelledby="reply-title">
      <h2 id="reply-title">${w().reply}</h2>
      <p class="reply-text" id="reply-text">${v.reply.text}</p>
      <p class="muted">${w().replyFrom(v.reply.unit, when(v.reply.at))}</p>
    </section>` : nothing}
    <section class="card" aria-labelledby="steps-title">
      <h2 id="steps-title">${w().steps}</h2>
      <ol class="steps">
        ${v.steps.map((s) => html`<li><time datetime=${s.at}>${when(s.at)}</time>${lang === 'zh' ? s.text : s.textEn}</li>`)}
      </ol>
    </section>
    ${v.rating ? html`<section class="card"><h2>${w().yourRating}</h2>
      <p>${v.rating.resolved ? w().yesResolved : w().notResolved} · ${w()[ratingWord(v.rating.satisfaction)]}</p>
      ${v.rating.comment ? html`<p class="content-text">${v.rating.comment}</p>` : nothing}</section>` : nothing}
    ${state.rating.done ? html`<div class="alert ok" role="status" id="rating-done">${state.rating.done}</div>` : nothing}
    ${v.canRate ? ratingForm() : nothing}
    ${v.canComplain ? complaintForm() : nothing}
    <p><a href="#/track" @click=${() => { state.lookup.view = null; }}>${w().back}</a></p>`;
}

function ratingWord(s) {
  return s === 'satisfied' ? 'satisfied' : s === 'basically_satisfied' ? 'basicallySatisfied' : 'dissatisfied';
}

function radios(name, current, options, onChange) {
  return html`<div class="choices">${options.map(([value, label]) => html`<label class="choice">
    <input type="radio" name=${name} .checked=${current === value} @change=${() => onChange(value)}>${label}</label>`)}</div>`;
}

function ratingForm() {
  const r = state.rating;
  const set = (k) => (v) => { r[k] = v; draw(); };
  return html`
    <form class="card" novalidate @submit=${rate} aria-labelledby="rate-title">
      <h2 id="rate-title">${w().rateTitle}</h2>
      ${r.failure && !r.failure.byField.size ? html`<div class="alert error-box" role="alert">${failureText(r.failure)}</div>` : nothing}
      <fieldset><legend class="required">${w().resolved}</legend>
        ${radios('resolved', r.resolved, [[true, w().yesResolved], [false, w().notResolved]], set('resolved'))}
        ${fieldErrors(r.failure, 'resolved', 'resolved')}</fieldset>
      <fieldset><legend class="required">${w().satisfaction}</legend>
        ${radios('satisfaction', r.satisfaction, [['satisfied', w().satisfied], ['basically_satisfied', w().basicallySatisfied],
          ['dissatisfied', w().dissatisfied]], set('satisfaction'))}
        ${fieldErrors(r.failure, 'satisfaction', 'satisfaction')}</fieldset>
      <fieldset><legend>${w().contacted}</legend>
        ${radios('contacted', r.contacted, [[true, w().yes], [false, w().no]], set('contacted'))}</fieldset>
      <div class="field">
        <label for="rating-comment">${w().comment}</label>
        <textarea id="rating-comment" maxlength="1000" .value=${r.comment} @input=${(e) => { r.comment = e.target.value; }}></textarea>
      </div>
      <button type="submit" class="button block" ?disabled=${r.busy}>${w().sendRating}</button>
    </form>`;
}

async function rate(event) {
  event.preventDefault();
  const r = state.rating;
  const v = state.lookup.view;
  r.busy = true;
  r.failure = null;
  draw();
  const body = { ...proof(), satisfaction: r.satisfaction, comment: r.comment || null, contacted: r.contacted };
  if (r.resolved !== null) body.resolved = r.resolved;
  if (r.satisfaction === null) delete body.satisfaction;
  try {
    const after = await call('POST', `/public/orders/${encodeURIComponent(v.number)}/rating`, body);
    r.done = after.ratingOutcome === 'closed' ? w().ratedClosed : w().ratedCallback;
    state.lookup.view = after;
  } catch (f) {
    r.failure = f;
  }
  r.busy = false;
  draw();
}

function complaintForm() {
  const c = state.complaint;
  if (c.done) {
    return html`<div class="alert ok" role="status" id="complaint-done">${w().complained(c.done.number, c.done.pickupCode)}</div>`;
  }
  return html`
    <details class="card">
      <summary><strong>${w().complainTitle}</strong></summary>
      <p class="muted">${w().complainLead}</p>
      <form novalidate @submit=${complain}>
        ${c.failure && !c.failure.byField.size ? html`<div class="alert error-box" role="alert">${failureText(c.failure)}</div>` : nothing}
        <div class="field">
          <label for="complaint-content" class="required">${w().complainContent}</label>
          <textarea id="complaint-content" maxlength="2000" .value=${c.content} aria-invalid=${invalid(c.failure, 'content')}
            @input=${(e) => { c.content = e.target.value; }}></textarea>
          ${fieldErrors(c.failure, 'content', 'complaint-content')}
        </div>
        <button type="submit" class="button secondary block" ?disabled=${c.busy}>${w().sendComplaint}</button>
      </form>
    </details>`;
}

async function complain(event) {
  event.preventDefault();
  const c = state.complaint;
  const v = state.lookup.view;
  c.busy = true;
  c.failure = null;
  draw();
  try {
    c.done = await call('POST', `/public/orders/${encodeURIComponent(v.number)}/complaints`, { ...proof(), content: c.content });
  } catch (f) {
    c.failure = f;
  }
  c.busy = false;
  draw();
}

// ------------------------------------------------------------------ media tracking

function mediaView(id) {
  const m = state.media;
  if (m.failure) {
    return html`<h1>${w().mediaTitle}</h1><div class="alert error-box" role="alert">${failureText(m.failure)}</div>`;
  }
  if (id) {
    const x = m.item;
    if (!x) return html`<h1>${w().mediaTitle}</h1><p class="loading" role="status">…</p>`;
    return html`
      <h1>${x.title}</h1>
      <section class="card">
        <p><span class=${'status-badge ' + (x.status === 'closed' ? 'closed' : 'open')}>${x.statusName}</span></p>
        <dl class="facts">
          <dt>${w().outlet}</dt><dd>${x.outlet}${x.programme ? ' · ' + x.programme : ''}</dd>
          ${x.airDate ? html`<dt>${w().airDate}</dt><dd>${x.airDate}</dd>` : nothing}
          <dt>${w().issue}</dt><dd class="content-text">${x.issue}</dd>
          ${x.commitment ? html`<dt>${w().commitment}</dt><dd class="content-text">${x.commitment}</dd>` : nothing}
          ${x.commitmentDeadline ? html`<dt>${w().commitmentDeadline}</dt><dd>${x.commitmentDeadline}</dd>` : nothing}
        </dl>
      </section>
      <section class="card"><h2>${w().updates}</h2>
        <ol class="steps">${(x.updates || []).map((u) => html`<li><time datetime=${u.at}>${when(u.at)}</time>
          ${u.kind === 'recheck' ? html`<strong>${u.passed ? w().recheckPassed : w().recheckFailed}</strong> ` : nothing}${u.text}</li>`)}
        </ol>
      </section>
      <p><a href="#/media">${w().back}</a></p>`;
  }
  return html`
    <h1>${w().mediaTitle}</h1>
    <p class="muted">${w().mediaLead}</p>
    ${m.items === null ? html`<p class="loading" role="status">…</p>` : m.items.length === 0 ? html`<p>${w().mediaNone}</p>` : html`
      <ul class="media-list">${m.items.map((x) => html`<li class="card">
        <a href=${'#/media/' + x.id}><strong>${x.title}</strong></a>
        <p class="muted">${x.outlet}${x.airDate ? ' · ' + x.airDate : ''} · ${x.statusName}</p></li>`)}</ul>`}`;
}

// ------------------------------------------------------------------ start

document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
document.getElementById('app').textContent = '';
onRoute();
document.body.dataset.ready = 'true';
