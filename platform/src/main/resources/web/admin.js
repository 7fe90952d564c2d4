/*
 * StreamGate admin console. Pages and fragments are server-rendered and fetched by htmx; every change is an htmx
 * request to the JSON admin API, encoded by the "json-api" extension below, with the X-CSRF-Token from the page's
 * meta tag. What happens after a successful change is declared on the element: data-success="action;action",
 * actions: redirect:<url with {id}>, refresh:<selector>, notice:<text>, set:<selector>=<json field>, reload, generated.
 * No inline scripts or handlers (CSP script-src 'self').
 */
(function () {
  'use strict';

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function localInputValue(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' +
      pad(date.getHours()) + ':' + pad(date.getMinutes());
  }
  function formatWait(seconds) {
    seconds = Math.max(1, seconds);
    return seconds < 90 ? seconds + ' seconds' : Math.ceil(seconds / 60) + ' minutes';
  }

  // ---- the JSON encoding of htmx requests to /api/admin --------------------------------------------------
  function defineExtension() {
    htmx.defineExtension('json-api', {
      onEvent: function (name, evt) {
        if (name === 'htmx:configRequest') {
          evt.detail.headers['Content-Type'] = 'application/json';
          evt.detail.headers['Accept'] = 'application/json';
        }
      },
      encodeParameters: function (xhr, parameters, elt) {
        xhr.overrideMimeType('text/json');
        var arrays = (elt.getAttribute('data-array') || '').split(',').filter(Boolean);
        var form = elt.closest('form') || elt;
        var out = {};
        arrays.forEach(function (a) { out[a] = []; });
        parameters.forEach(function (value, key) {
          if (arrays.indexOf(key) >= 0) { out[key].push(value); return; }
          var input = form.querySelector('[name="' + key + '"]');
          var type = input ? input.type : 'text';
          if (value === '') { out[key] = null; return; }
          if (type === 'number') { out[key] = Number(value); return; }
          if (type === 'datetime-local') {
            var d = new Date(value);
            out[key] = isNaN(d.getTime()) ? value : d.toISOString();
            return;
          }
          out[key] = value;
        });
        return JSON.stringify(out);
      }
    });
  }

  // ---- feedback --------------------------------------------------------------------------------------------
  function scopeOf(elt) { return elt.closest('form') || elt.closest('section') || elt.closest('.panel') || document.body; }
  function showIn(elt, cls, text) {
    var scope = scopeOf(elt);
    var target = scope.querySelector('.' + cls) || toast();
    ['form-error', 'form-notice'].forEach(function (c) {
      var other = scope.querySelector('.' + c);
      if (other && c !== cls) { other.hidden = true; }
    });
    target.textContent = text;
    target.hidden = !text;
    if (target.id === 'toast') {
      target.className = cls === 'form-error' ? 'alert' : 'notice';
      clearTimeout(target._timer);
      target._timer = setTimeout(function () { target.hidden = true; }, 6000);
    }
  }
  function toast() {
    var t = document.getElementById('toast');
    if (!t) {
      t = document.createElement('p');
      t.id = 'toast';
      t.setAttribute('role', 'status');
      t.className = 'notice';
      document.body.appendChild(t);
    }
    return t;
  }

  function parse(xhr) {
    try { return JSON.parse(xhr.responseText || '{}'); } catch (e) { return {}; }
  }

  function onSuccess(elt, body) {
    var spec = elt.getAttribute('data-success') || '';
    spec.split(';').forEach(function (action) {
      action = action.trim();
      if (!action) { return; }
      var colon = action.indexOf(':');
      var verb = colon < 0 ? action : action.slice(0, colon);
      var arg = colon < 0 ? '' : action.slice(colon + 1);
      if (verb === 'redirect') {
        window.location.assign(arg.replace('{id}', encodeURIComponent(body.id || '')));
      } else if (verb === 'refresh') {
        var target = document.querySelector(arg);
        if (target) { htmx.trigger(target, 'refresh'); }
      } else if (verb === 'notice') {
        showIn(elt, 'form-notice', arg);
      } else if (verb === 'set') {
        var eq = arg.indexOf('=');
        var field = document.querySelector(arg.slice(0, eq));
        if (field && body[arg.slice(eq + 1)] !== undefined) { field.value = body[arg.slice(eq + 1)]; }
      } else if (verb === 'reload') {
        htmx.ajax('GET', window.location.pathname + window.location.search, { target: 'main', select: 'main', swap: 'outerHTML' });
      } else if (verb === 'generated') {
        var n = (body.tokens || []).length;
        showIn(elt, 'form-notice', 'Generated ' + n + (n === 1 ? ' code' : ' codes') +
          '. Download them with "Download CSV".');
      }
    });
  }

  function onFailure(elt, xhr) {
    var body = parse(xhr);
    var onLogin = document.body.classList.contains('login');
    if (xhr.status === 401 && !onLogin) {
      window.location.assign('/admin/login');
      return;
    }
    var text;
    if (xhr.status === 429 && body.error === 'locked_out') {
      var wait = parseInt(xhr.getResponseHeader('Retry-After') || '900', 10);
      text = 'Too many failed attempts. Login is locked for ' + formatWait(wait) + '.';
    } else if (xhr.status === 401 && body.error === 'invalid_password') {
      text = 'Wrong password.';
    } else if (xhr.status === 0) {
      text = 'The server could not be reached. Check the connection and try again.';
    } else {
      text = body.message ? body.message + (/[.!?]$/.test(body.message) ? '' : '.') : 'Request failed (' + xhr.status + ').';
    }
    showIn(elt, 'form-error', text);
  }

  // ---- wiring ----------------------------------------------------------------------------------------------
  function localTimes(root) {
    (root || document).querySelectorAll('time[datetime]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        t.textContent = t.hasAttribute('data-clock')
          ? d.toLocaleTimeString()
          : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
        t.title = t.getAttribute('datetime');
      }
    });
    (root || document).querySelectorAll('input[type=datetime-local][data-iso]').forEach(function (input) {
      var iso = input.getAttribute('data-iso');
      if (iso && !input.value) {
        var d = new Date(iso);
        if (!isNaN(d.getTime())) { input.value = localInputValue(d); }
      }
    });
  }

  function newEventDefaults() {
    var starts = document.querySelector('#event-form input[name=startsAt]');
    var ends = document.querySelector('#event-form input[name=endsAt]');
    if (starts && ends && !starts.value && !starts.getAttribute('data-iso')) {
      var d = new Date(Date.now() + 3600 * 1000);
      d.setMinutes(0, 0, 0);
      starts.value = localInputValue(d);
      ends.value = localInputValue(new Date(d.getTime() + 2 * 3600 * 1000));
    }
  }

  function copy(selector, button) {
    var input = document.querySelector(selector);
    if (!input) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else {
      var type = input.type;
      input.type = 'text';
      input.select();
      document.execCommand('copy');
      input.type = type;
      done();
    }
  }

  function bulkUnrevoke(selector) {
    var ids = Array.prototype.map.call(document.querySelectorAll(selector), function (c) { return c.value; });
    Promise.all(ids.map(function (id) {
      return fetch('/api/admin/tokens/' + encodeURIComponent(id) + '/unrevoke', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrf(), 'Content-Type': 'application/json' }, body: '{}'
      });
    })).then(function () {
      var codes = document.getElementById('codes');
      if (codes) { htmx.trigger(codes, 'refresh'); }
    });
  }

  function gotoCodesPage(page) {
    var form = document.getElementById('code-filters');
    if (!form || page < 1) { return; }
    form.querySelector('input[name=page]').value = String(page);
    var qs = new URLSearchParams(new FormData(form)).toString();
    htmx.ajax('GET', form.getAttribute('hx-get') + '?' + qs, { target: '#codes-results', select: '#codes-results', swap: 'outerHTML' });
  }

  var preview = null;
  function startPreview(button) {
    var status = document.getElementById('preview-status');
    var video = document.getElementById('preview');
    status.textContent = 'Loading…';
    fetch(button.getAttribute('data-preview'), { credentials: 'same-origin' }).then(function (r) { return r.json(); })
      .then(function (grant) {
        if (!grant.playbackToken) { status.textContent = grant.message || 'No preview available.'; return; }
        document.getElementById('preview-wrap').hidden = false;
        if (preview) { preview.destroy(); preview = null; }
        if (window.Hls && Hls.isSupported()) {
          preview = new Hls({
            xhrSetup: function (xhr, url) {
              xhr.open('GET', url, true);
              xhr.setRequestHeader('Authorization', 'Bearer ' + grant.playbackToken);
            }
          });
          preview.on(Hls.Events.MANIFEST_PARSED, function () { status.textContent = ''; video.play().catch(function () {}); });
          preview.on(Hls.Events.ERROR, function (e, data) {
            if (data.fatal) {
              var code = data.response && data.response.code;
              status.textContent = code === 404 ? 'Nothing has been streamed yet.' : 'Preview stopped (' + (code || data.details) + ').';
              preview.destroy();
              preview = null;
            }
          });
          preview.loadSource(grant.playbackUrl);
          preview.attachMedia(video);
        } else {
          video.src = grant.playbackUrl + '?token=' + encodeURIComponent(grant.playbackToken);
          video.play().catch(function () {});
        }
        button.textContent = 'Restart preview';
      }).catch(function () { status.textContent = 'Could not start the preview.'; });
  }

  // multipart, so not through the json-api extension; XHR rather than fetch for the upload progress
  function upload(form) {
    var file = form.querySelector('input[type=file]');
    if (!file.files.length) { showIn(form, 'form-error', 'Choose a video file first.'); return; }
    var bar = form.querySelector('progress');
    var button = form.querySelector('button[type=submit]');
    var data = new FormData();
    data.append('file', file.files[0]);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('data-upload'));
    xhr.setRequestHeader('X-CSRF-Token', csrf());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); }
    };
    xhr.onloadend = function () {
      bar.hidden = true;
      button.disabled = false;
      if (xhr.status === 202) {
        showIn(form, 'form-notice', 'Uploaded. The replay is being prepared; progress shows under Stream.');
        form.reset();
        var health = document.getElementById('health');
        if (health) { htmx.trigger(health, 'refresh'); }
      } else {
        onFailure(form, xhr);
      }
    };
    bar.value = 0;
    bar.hidden = false;
    button.disabled = true;
    showIn(form, 'form-notice', '');
    xhr.send(data);
  }

  if (window.htmx) { defineExtension(); }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.htmx) { return; }
    localTimes(document);
    newEventDefaults();

    document.body.addEventListener('htmx:configRequest', function (evt) {
      var token = csrf();
      if (token) { evt.detail.headers['X-CSRF-Token'] = token; }
    });
    document.body.addEventListener('htmx:beforeRequest', function (evt) {
      var form = evt.detail.elt.closest && evt.detail.elt.closest('form');
      var bar = form && form.querySelector('progress');
      if (bar && evt.detail.elt === form) { bar.hidden = false; }
    });
    document.body.addEventListener('htmx:afterRequest', function (evt) {
      var elt = evt.detail.elt;
      var form = elt.closest && elt.closest('form');
      var bar = form && form.querySelector('progress');
      if (bar) { bar.hidden = true; }
      if (!elt.hasAttribute || elt.getAttribute('hx-ext') !== 'json-api') { return; }
      if (evt.detail.successful) {
        onSuccess(elt, parse(evt.detail.xhr));
      } else {
        onFailure(elt, evt.detail.xhr);
      }
    });
    document.body.addEventListener('htmx:afterSwap', function (evt) { localTimes(evt.detail.target); });
    document.body.addEventListener('htmx:sendError', function (evt) { onFailure(evt.detail.elt, { status: 0, responseText: '' }); });

    // a changed filter starts again at page 1 (capture: before htmx reads the form)
    document.addEventListener('input', function (evt) {
      if (evt.target.closest && evt.target.closest('#code-filters') && evt.target.name !== 'ids') {
        var page = document.getElementById('code-page');
        if (page) { page.value = '1'; }
      }
    }, true);
    document.addEventListener('change', function (evt) {
      if (evt.target.id === 'code-status') {
        var page = document.getElementById('code-page');
        if (page) { page.value = '1'; }
      }
    }, true);

    document.addEventListener('submit', function (evt) {
      var form = evt.target;
      if (form.hasAttribute && form.hasAttribute('data-upload')) {
        evt.preventDefault();
        upload(form);
      }
    });

    document.addEventListener('click', function (evt) {
      var t = evt.target.closest ? evt.target.closest('[data-copy],[data-reveal],[data-select-all],[data-page],[data-bulk-unrevoke],[data-print],[data-preview]') : null;
      if (!t) { return; }
      if (t.hasAttribute('data-copy')) { copy(t.getAttribute('data-copy'), t); }
      else if (t.hasAttribute('data-reveal')) {
        var input = document.querySelector(t.getAttribute('data-reveal'));
        input.type = input.type === 'password' ? 'text' : 'password';
        t.textContent = input.type === 'password' ? 'Show' : 'Hide';
      } else if (t.hasAttribute('data-select-all')) {
        document.querySelectorAll(t.getAttribute('data-select-all')).forEach(function (c) { c.checked = t.checked; });
      } else if (t.hasAttribute('data-page')) { gotoCodesPage(parseInt(t.getAttribute('data-page'), 10)); }
      else if (t.hasAttribute('data-bulk-unrevoke')) { bulkUnrevoke(t.getAttribute('data-bulk-unrevoke')); }
      else if (t.hasAttribute('data-print')) { window.print(); }
      else if (t.hasAttribute('data-preview')) { startPreview(t); }
    });
  });
})();
