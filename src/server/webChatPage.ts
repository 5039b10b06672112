import { escapeJsonForHtml } from '../case/sanitize';
import type { Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES } from '../catalog/schema';
import { LANGUAGE_NAMES } from '../conversation/summaryLanguage';

/** JSON that is safe inside a <script> element. */
function inlineJson(value: unknown): string {
  return escapeJsonForHtml(JSON.stringify(value));
}

/**
 * The help-portal page: Web Chat (served by this bot from its npm bundle, no CDN) talking to the bot's own local
 * Direct Line. The locale comes from the browser and can be switched; the conversation is kept in localStorage, so a
 * reload resumes it.
 */
/** local: the bot's own Direct Line subset; azure: Azure Bot Service's Direct Line with a token from /api/directline/token. */
export type DirectLineMode = 'local' | 'azure';

export function webChatPage(catalog: Catalog, mode: DirectLineMode): string {
  const wording = Object.fromEntries(
    CATALOG_LOCALES.map((l) => {
      const m = catalog.messages[l];
      return [
        l,
        {
          title: m['page.title'],
          subtitle: m['page.subtitle'],
          language: m['page.language'],
          restart: m['page.newConversation'],
          switchTo: catalog.commands.languages[l][0],
          caseReady: m['page.caseReady'],
          downloadMarkdown: m['page.downloadMarkdown'],
          downloadJson: m['page.downloadJson'],
          copyCase: m['page.copyCase'],
          copied: m['page.copied'],
        },
      ];
    }),
  );
  const options = CATALOG_LOCALES.map((l) => `<option value="${l}">${LANGUAGE_NAMES[l]}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NDR Triage Bot</title>
<style>
  :root { --brand: #0f6cbd; --ink: #1b1b1b; --paper: #f5f7fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; color: var(--ink); background: var(--paper); height: 100vh; display: flex; flex-direction: column; }
  header { background: var(--brand); color: #fff; padding: 14px 24px; display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
  header h1 { font-size: 20px; margin: 0; font-weight: 600; }
  header p { margin: 0; font-size: 14px; opacity: .9; flex: 1 1 320px; }
  header label { font-size: 14px; }
  header select, header button { font: inherit; font-size: 14px; padding: 4px 8px; border-radius: 4px; border: 1px solid #ffffff88; background: #fff; color: var(--ink); }
  main { flex: 1; display: flex; justify-content: center; padding: 16px; min-height: 0; }
  main { flex-direction: column; align-items: center; gap: 8px; }
  #webchat { width: 100%; max-width: 880px; flex: 1; min-height: 0; background: #fff; border-radius: 8px; box-shadow: 0 2px 12px #0002; overflow: hidden; }
  #case-files { width: 100%; max-width: 880px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 14px; }
  #case-files[hidden] { display: none; }
  #case-files button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid var(--brand); background: #fff; color: var(--brand); cursor: pointer; }
</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <p id="subtitle"></p>
  <label><span id="language-label"></span> <select id="language">${options}</select></label>
  <button id="restart" type="button"></button>
</header>
<main><div id="case-files" hidden><span id="case-label"></span><button id="case-md" type="button"></button><button id="case-json" type="button"></button><button id="case-copy" type="button"></button></div><div id="webchat" role="main"></div></main>
<script src="/webchat.js"></script>
<script>
(function () {
  var WORDING = ${inlineJson(wording)};
  var MODE = ${inlineJson(mode)};
  var LOCALES = ${inlineJson(CATALOG_LOCALES)};
  var STORE = 'ndr-triage-conversation';
  function pick(tag) {
    tag = (tag || '').toLowerCase();
    if (tag.indexOf('zh') === 0) return 'zh-CN';
    var primary = tag.split('-')[0];
    return LOCALES.indexOf(primary) >= 0 ? primary : 'en';
  }
  var saved = JSON.parse(localStorage.getItem(STORE) || 'null');
  var locale = (saved && saved.locale) || pick(navigator.language);
  function label() {
    var w = WORDING[locale];
    document.documentElement.lang = locale;
    document.getElementById('title').textContent = w.title;
    document.getElementById('subtitle').textContent = w.subtitle;
    document.getElementById('language-label').textContent = w.language;
    document.getElementById('restart').textContent = w.restart;
    document.getElementById('language').value = locale;
    showCase();
  }
  // The case arrives as two files attached to the summary (case-<reference>.md and .json): offered here to
  // download or copy, so that it can be pasted into a service request, instead of being shown twice in the chat.
  var CASE_FILE = /^case-NDR-[0-9]{8}-[0-9A-Z]{4}[.](md|json)$/;
  var latestCase = null;
  function caseFilesOf(activity) {
    var files = {};
    (activity.attachments || []).forEach(function (a) {
      var m = CASE_FILE.exec(a.name || '');
      if (m) files[m[1]] = { name: a.name, content: m[1] === 'json' ? JSON.stringify(a.content, null, 2) : String(a.content) };
    });
    return files.md && files.json ? files : null;
  }
  function download(file, type) {
    var url = URL.createObjectURL(new Blob([file.content], { type: type }));
    var a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function showCase() {
    var bar = document.getElementById('case-files');
    if (!latestCase) { bar.hidden = true; return; }
    var w = WORDING[locale];
    document.getElementById('case-label').textContent = w.caseReady.replace('{reference}', latestCase.md.name.replace(/^case-|[.]md$/g, ''));
    document.getElementById('case-md').textContent = w.downloadMarkdown;
    document.getElementById('case-json').textContent = w.downloadJson;
    document.getElementById('case-copy').textContent = w.copyCase;
    bar.hidden = false;
  }
  document.getElementById('case-md').addEventListener('click', function () { download(latestCase.md, 'text/markdown'); });
  document.getElementById('case-json').addEventListener('click', function () { download(latestCase.json, 'application/json'); });
  document.getElementById('case-copy').addEventListener('click', function () {
    var button = this;
    navigator.clipboard.writeText(latestCase.md.content).then(function () { button.textContent = WORDING[locale].copied; });
  });
  var store = window.WebChat.createStore({}, function () {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
          var activity = action.payload.activity;
          var files = caseFilesOf(activity);
          if (files) {
            latestCase = files;
            showCase();
            // The files are not drawn in the chat: the card (or the Markdown message) already shows the case.
            var kept = activity.attachments.filter(function (a) { return !CASE_FILE.test(a.name || ''); });
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { attachments: kept }) }) });
          }
        }
        return next(action);
      };
    };
  });
  function post(url, token, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }
  function session() {
    if (MODE === 'azure') {
      return post('/api/directline/token').then(function (t) {
        return { conversationId: t.conversationId, token: t.token, locale: locale };
      });
    }
    if (saved && saved.token) {
      return post('/v3/directline/tokens/refresh', saved.token).then(function (t) {
        saved.token = t.token;
        return saved;
      }, function () { return fresh(); });
    }
    return fresh();
  }
  function fresh() {
    return post('/v3/directline/tokens/generate', null, { locale: locale }).then(function (t) {
      return { conversationId: t.conversationId, token: t.token, locale: locale };
    });
  }
  var directLine;
  function render(s) {
    s.locale = locale;
    localStorage.setItem(STORE, JSON.stringify(s));
    directLine = directLine || (MODE === 'azure'
      ? window.WebChat.createDirectLine({ token: s.token })
      : window.WebChat.createDirectLine({ token: s.token, conversationId: s.conversationId, domain: location.origin + '/v3/directline', webSocket: false, pollingInterval: 500 }));
    window.WebChat.renderWebChat({ directLine: directLine, store: store, locale: locale, styleOptions: { bubbleBorderRadius: 8, primaryFont: '"Segoe UI", system-ui, sans-serif', sendBoxTextWrap: true } }, document.getElementById('webchat'));
  }
  label();
  var current = session();
  current.then(render, function (err) { document.getElementById('webchat').textContent = String(err); });
  document.getElementById('language').addEventListener('change', function (e) {
    locale = e.target.value;
    label();
    current.then(function (s) {
      render(s);
      directLine.postActivity({ type: 'message', text: WORDING[locale].switchTo, locale: locale, from: { id: 'user' } }).subscribe();
    });
  });
  document.getElementById('restart').addEventListener('click', function () {
    localStorage.removeItem(STORE);
    location.reload();
  });
})();
</script>
</body>
</html>
`;
}
