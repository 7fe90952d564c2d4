/*
 * StreamGate viewer portal: code entry → (waiting room) → player → end screens, against the viewer API.
 * No inline handlers anywhere (CSP script-src 'self'); everything is wired here.
 */
(function () {
  'use strict';

  var HEARTBEAT_MS = 30000;
  var STATUS_POLL_MS = 5000;
  var STATUS_POLL_FAR_MS = 30000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  var DEVICE_KEY = 'streamgate.deviceId';
  var CODE_KEY = 'streamgate.code';

  function $(id) { return document.getElementById(id); }

  var screens = ['screen-entry', 'screen-waiting', 'screen-player', 'screen-message'];
  function show(id) {
    screens.forEach(function (s) { $(s).hidden = s !== id; });
    document.body.setAttribute('data-screen', id.replace('screen-', ''));
  }

  // ---- device id --------------------------------------------------------------------------------------------
  function randomId() {
    if (window.crypto && crypto.randomUUID) {
      try { return crypto.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function deviceId() {
    var id = null;
    try { id = localStorage.getItem(DEVICE_KEY); } catch (e) { /* storage disabled */ }
    if (!id) {
      id = 'web-' + randomId();
      try { localStorage.setItem(DEVICE_KEY, id); } catch (e) { /* keep it for this page only */ }
    }
    return id;
  }
  function remember(code) { try { sessionStorage.setItem(CODE_KEY, code); } catch (e) { /* ignore */ } }
  function forget() { try { sessionStorage.removeItem(CODE_KEY); } catch (e) { /* ignore */ } }
  function remembered() { try { return sessionStorage.getItem(CODE_KEY); } catch (e) { return null; } }

  // ---- formatting -------------------------------------------------------------------------------------------
  function formatDate(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return iso; }
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
  function formatWait(seconds) {
    seconds = Math.max(1, Math.round(seconds));
    if (seconds < 90) { return seconds + (seconds === 1 ? ' second' : ' seconds'); }
    var minutes = Math.ceil(seconds / 60);
    return minutes + ' minutes';
  }
  function formatCountdown(ms) {
    if (ms <= 0) { return 'any moment now'; }
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return (d > 0 ? d + 'd ' : '') + two(h) + ':' + two(m) + ':' + two(s);
  }
  // Tolerant format (DESIGN §3.1): case-insensitive, spaces and dashes ignored, I/L → 1, O → 0.
  function normalise(input) {
    var c = (input || '').toUpperCase().replace(/[\s-]+/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
    return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(c) ? c : null;
  }
  function display(code) { return code.slice(0, 4) + '-' + code.slice(4, 8) + '-' + code.slice(8); }

  // ---- HTTP -------------------------------------------------------------------------------------------------
  function api(method, url, token, body) {
    var headers = { 'Accept': 'application/json' };
    if (token) { headers['Authorization'] = 'Bearer ' + token; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(url, {
      method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.text().then(function (text) {
        var json = {};
        try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
        return { status: res.status, ok: res.ok, body: json, headers: res.headers };
      });
    });
  }

  // ---- state ------------------------------------------------------------------------------------------------
  var grant = null;          // the validate answer, token replaced on refresh
  var timers = {};
  var hls = null;
  var finished = false;      // an end screen is up: stop everything
  var retry = 0;
  var wasLive = false;

  function clearTimer(name) {
    if (timers[name]) { clearTimeout(timers[name]); delete timers[name]; }
  }
  function later(name, ms, fn) {
    clearTimer(name);
    timers[name] = setTimeout(function () { delete timers[name]; fn(); }, ms);
  }
  function stopAll() {
    Object.keys(timers).forEach(clearTimer);
    if (hls) { hls.destroy(); hls = null; }
    var video = $('video');
    video.pause();
    video.removeAttribute('src');
    video.load();
    setBadge(null);
  }

  // ---- end screens ------------------------------------------------------------------------------------------
  function message(kind, title, text, primary) {
    finished = kind !== 'replay';
    stopAll();
    document.body.setAttribute('data-end', kind);
    $('message-title').textContent = title;
    $('message-text').textContent = text;
    var p = $('message-primary');
    if (primary) {
      p.textContent = primary.label;
      p.hidden = false;
      p.onclick = primary.action;
    } else {
      p.hidden = true;
      p.onclick = null;
    }
    $('message-secondary').hidden = false;
    show('screen-message');
  }
  function revoked(text) {
    release();
    forget();
    message('revoked', 'Access revoked', text || 'This access code has been revoked by the organiser. ' +
      'If you think this is a mistake, please contact them.');
  }
  function inUseElsewhere() {
    forget();
    message('in-use', 'Watching on another device',
      'This code is now being used on another device. Only one device can watch with a code at a time.', {
        label: 'Watch here instead', action: function () { retryValidate(); }
      });
  }
  function accessEnded() {
    release();
    forget();
    message('access-ended', 'Your access has ended',
      'The viewing period of this code ended' + (grant ? ' on ' + formatDate(grant.expiresAt) : '') + '. Thank you for watching!');
  }
  function unavailable() {
    release();
    forget();
    message('unavailable', 'Event unavailable', 'This event is no longer available.');
  }
  function streamEnded() {
    finished = false;
    message('replay', 'The stream has ended', 'Thanks for watching! A replay is available with your code' +
      (grant ? ' until ' + formatDate(grant.expiresAt) : '') + '.', {
        label: 'Watch the replay', action: function () { document.body.removeAttribute('data-end'); startPlayer(true); }
      });
  }

  // Decides from an API error what the viewer sees; returns true when an end screen took over.
  function handleSessionError(res) {
    var code = res.body && res.body.error;
    if (res.status === 403 && code === 'event_unavailable') { unavailable(); return true; }
    if (res.status === 403 && (code === 'revoked')) { revoked(res.body.message && /organiser/.test(res.body.message) && /session/.test(res.body.message)
        ? 'The organiser ended this viewing session.' : null); return true; }
    if (res.status === 403 && code === 'session_ended') { inUseElsewhere(); return true; }
    if (res.status === 404) { inUseElsewhere(); return true; }
    if (res.status === 410) { accessEnded(); return true; }
    if (res.status === 401 && grant && new Date(grant.expiresAt).getTime() <= Date.now()) { accessEnded(); return true; }
    return false;
  }

  // ---- code entry -------------------------------------------------------------------------------------------
  function entryError(text) {
    var el = $('entry-error');
    el.textContent = text;
    el.hidden = !text;
  }
  function busy(on) {
    $('code-submit').disabled = on;
    $('code-submit').textContent = on ? 'Checking…' : 'Watch';
  }

  function submitCode(raw) {
    var code = normalise(raw);
    if (!code) {
      entryError('That doesn\'t look like an access code. It has 12 letters and digits, like ABCD-EFGH-JKMN.');
      show('screen-entry');
      $('code').focus();
      return;
    }
    $('code').value = display(code);
    entryError('');
    busy(true);
    api('POST', '/api/tokens/validate', null, { code: code, deviceId: deviceId() }).then(function (res) {
      busy(false);
      if (res.ok) {
        remember(code);
        finished = false;
        start(res.body);
        return;
      }
      forget();
      show('screen-entry');
      entryError(validationMessage(res));
    }).catch(function () {
      busy(false);
      show('screen-entry');
      entryError('We could not reach the server. Check your connection and try again.');
    });
  }
  function retryValidate() {
    var code = remembered() || normalise($('code').value);
    if (code) { submitCode(code); } else { show('screen-entry'); }
  }

  function validationMessage(res) {
    var b = res.body || {};
    switch (b.error) {
      case 'invalid_code':
        return 'We couldn\'t find that code. Please check it and try again.';
      case 'revoked':
        return 'This code has been revoked by the organiser.';
      case 'expired':
        return b.expiredAt ? 'This code expired on ' + formatDate(b.expiredAt) + '.' : 'This code has expired.';
      case 'in_use':
        return 'This code is being used on another device right now. Close the stream there, or try again in a minute.';
      case 'rate_limited': {
        var wait = parseInt(res.headers.get('Retry-After') || '60', 10);
        return 'Too many attempts. Please wait ' + formatWait(wait) + ' and try again.';
      }
      case 'event_unavailable':
        return 'This event is no longer available.';
      case 'malformed':
        return 'Please enter the 12-character code from your ticket.';
      default:
        return 'Something went wrong (' + res.status + '). Please try again.';
    }
  }

  // ---- after a successful validation ------------------------------------------------------------------------
  function start(g) {
    grant = g;
    document.title = g.event.title + ' · ' + $('app-name').textContent;
    scheduleRefresh();
    later('heartbeat', HEARTBEAT_MS, heartbeat);
    var status = g.event.status;
    if (status === 'scheduled') {
      waitingRoom();
    } else {
      startPlayer(status === 'ended');
    }
  }

  function scheduleRefresh() {
    var life = (grant.tokenExpiresIn || 600) * 1000;
    // refresh at 80 % of the token's life, at least 5 s before it expires
    var at = Math.max(1000, Math.min(life * 0.8, life - 5000));
    later('refresh', at, refreshToken);
  }
  function refreshToken(attempt) {
    attempt = attempt || 0;
    api('POST', '/api/playback/refresh', grant.playbackToken).then(function (res) {
      if (finished) { return; }
      if (res.ok) {
        grant.playbackToken = res.body.playbackToken;
        grant.tokenExpiresIn = res.body.tokenExpiresIn;
        scheduleRefresh();
        return;
      }
      if (!handleSessionError(res)) {
        later('refresh', BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)], function () { refreshToken(attempt + 1); });
      }
    }).catch(function () {
      if (!finished) {
        later('refresh', BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)], function () { refreshToken(attempt + 1); });
      }
    });
  }

  function heartbeat() {
    if (!grant || finished) { return; }
    checkSession().then(function () {
      if (!finished) { later('heartbeat', HEARTBEAT_MS, heartbeat); }
    });
  }
  // One heartbeat now; resolves after an end screen took over or not.
  function checkSession() {
    return api('POST', '/api/playback/heartbeat', grant.playbackToken).then(function (res) {
      if (finished || res.ok) { return; }
      if (res.status === 401 && !(new Date(grant.expiresAt).getTime() <= Date.now())) {
        clearTimer('refresh');
        refreshToken();
        return;
      }
      handleSessionError(res);
    }).catch(function () { /* offline: the player's own recovery shows it */ });
  }

  function release() {
    if (!grant || !grant.playbackToken) { return; }
    var url = '/api/playback/release?token=' + encodeURIComponent(grant.playbackToken);
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else {
      fetch(url, { method: 'POST', keepalive: true });
    }
  }

  // ---- waiting room -----------------------------------------------------------------------------------------
  function waitingRoom() {
    var e = grant.event;
    $('wait-title').textContent = e.title;
    $('wait-description').textContent = e.description || '';
    var poster = $('wait-poster');
    if (e.posterUrl) { poster.src = e.posterUrl; poster.hidden = false; } else { poster.hidden = true; }
    show('screen-waiting');
    tick();
    pollStatus();
  }
  function tick() {
    var ms = new Date(grant.event.startsAt).getTime() - Date.now();
    $('countdown').textContent = formatCountdown(ms);
    later('tick', 1000, tick);
  }
  function pollStatus() {
    var ms = new Date(grant.event.startsAt).getTime() - Date.now();
    var next = ms > 10 * 60 * 1000 ? STATUS_POLL_FAR_MS : STATUS_POLL_MS;
    api('GET', '/api/events/' + encodeURIComponent(grant.event.id) + '/status', grant.playbackToken).then(function (res) {
      if (finished) { return; }
      if (res.ok) {
        grant.event.status = res.body.status;
        if (res.body.startsAt) { grant.event.startsAt = res.body.startsAt; }
        if (res.body.status === 'live' || res.body.status === 'reconnecting' || res.body.status === 'ended') {
          clearTimer('tick');
          startPlayer(res.body.status === 'ended');
          return;
        }
      } else if (handleSessionError(res)) {
        return;
      }
      later('status', next, pollStatus);
    }).catch(function () { later('status', next, pollStatus); });
  }

  // ---- player -----------------------------------------------------------------------------------------------
  function setBadge(kind) {
    var b = $('badge');
    if (!kind) { b.hidden = true; return; }
    b.hidden = false;
    b.textContent = kind === 'live' ? 'LIVE' : 'REPLAY';
    b.className = 'badge ' + kind;
  }
  function overlay(text) {
    $('player-overlay').hidden = !text;
    $('player-overlay-text').textContent = text || '';
  }
  function playbackUrl(withQueryToken) {
    var url = grant.playbackBaseUrl.replace(/\/+$/, '') + grant.streamPath;
    return withQueryToken ? url + '?token=' + encodeURIComponent(grant.playbackToken) : url;
  }

  function play(video) {
    var p = video.play();
    if (p && p.catch) {
      p.catch(function () {
        // autoplay with sound refused: start muted, the viewer unmutes with the controls
        video.muted = true;
        video.play().catch(function () { /* waits for a tap on play */ });
      });
    }
  }

  function startPlayer(replay) {
    clearTimer('status');
    clearTimer('tick');
    clearTimer('retry');
    var video = $('video');
    $('player-title').textContent = grant.event.title;
    $('player-description').textContent = grant.event.description || '';
    if (grant.event.posterUrl) { video.poster = grant.event.posterUrl; }
    wasLive = !replay;
    setBadge(replay ? 'replay' : 'live');
    show('screen-player');
    overlay(replay ? '' : 'Connecting to the stream…');
    if (hls) { hls.destroy(); hls = null; }

    if (window.Hls && Hls.isSupported()) {
      hls = new Hls({
        liveSyncDurationCount: 3,
        manifestLoadingMaxRetry: 0,
        levelLoadingMaxRetry: 2,
        fragLoadingMaxRetry: 2,
        xhrSetup: function (xhr, url) {
          xhr.open('GET', url, true);
          xhr.setRequestHeader('Authorization', 'Bearer ' + grant.playbackToken);
        }
      });
      hls.on(Hls.Events.MANIFEST_PARSED, function (evt, data) {
        retry = 0;
        overlay('');
        qualityMenu(data.levels || []);
        play(video);
      });
      hls.on(Hls.Events.LEVEL_LOADED, function (evt, data) {
        retry = 0;
        var live = !!(data.details && data.details.live);
        if (live) { wasLive = true; }
        setBadge(live ? 'live' : 'replay');
      });
      hls.on(Hls.Events.FRAG_LOADED, function () { retry = 0; overlay(''); });
      hls.on(Hls.Events.ERROR, function (evt, data) { onHlsError(data); });
      hls.attachMedia(video);
      hls.loadSource(playbackUrl(false));
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      // Safari / iOS: native HLS with the query token; hls-delivery appends it to every URI in the playlists
      video.src = playbackUrl(true);
      video.onloadedmetadata = function () { overlay(''); retry = 0; };
      video.onerror = function () { nativeError(); };
      play(video);
    } else {
      message('unsupported', 'Browser not supported', 'This browser cannot play the stream. Please try a current ' +
        'version of Chrome, Firefox, Edge or Safari.');
      return;
    }
    video.onended = function () {
      if (wasLive && !finished) { streamEnded(); }
    };
  }

  function qualityMenu(levels) {
    var wrap = $('quality-wrap');
    var select = $('quality');
    select.textContent = '';
    if (levels.length < 2) { wrap.hidden = true; return; }
    var auto = document.createElement('option');
    auto.value = '-1';
    auto.textContent = 'Auto';
    select.appendChild(auto);
    levels.forEach(function (l, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = l.height ? l.height + 'p' : Math.round((l.bitrate || 0) / 1000) + ' kbit/s';
      select.appendChild(o);
    });
    select.onchange = function () { if (hls) { hls.currentLevel = parseInt(select.value, 10); } };
    wrap.hidden = false;
  }

  function onHlsError(data) {
    if (finished) { return; }
    var status = data.response && data.response.code;
    if (status === 401 || status === 403) {
      // the token was refused: learn why from the platform (revoked, kicked, taken over, expired) at once
      checkSession().then(function () {
        if (finished) { return; }
        if (status === 401) { clearTimer('refresh'); refreshToken(); }
        recover(data);
      });
      return;
    }
    if (status === 404 && data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR) {
      // live but no playlist yet (the transcoder is starting), or no recording for an ended event
      if (grant.event.status === 'ended' && !wasLive) {
        message('no-replay', 'No replay yet', 'This event has ended and its replay is not available yet. ' +
          'Please come back later.', { label: 'Try again', action: function () { startPlayer(true); } });
        return;
      }
      overlay('The stream is starting…');
      later('retry', 2000, function () { startPlayer(false); });
      return;
    }
    if (!data.fatal) { return; }
    recover(data);
  }

  function recover(data) {
    if (finished || !hls) { return; }
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      hls.recoverMediaError();
      return;
    }
    if (!data.fatal) { return; }
    var delay = BACKOFF_MS[Math.min(retry, BACKOFF_MS.length - 1)];
    retry++;
    overlay('Connection lost — retrying in ' + Math.round(delay / 1000) + ' s…');
    later('retry', delay, function () {
      if (!hls || finished) { return; }
      if (data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR || data.details === Hls.ErrorDetails.MANIFEST_PARSING_ERROR) {
        startPlayer(!wasLive);
      } else {
        hls.startLoad();
      }
    });
  }

  function nativeError() {
    if (finished) { return; }
    checkSession().then(function () {
      if (finished) { return; }
      var video = $('video');
      var delay = BACKOFF_MS[Math.min(retry, BACKOFF_MS.length - 1)];
      retry++;
      var position = video.currentTime;
      overlay('Connection lost — retrying in ' + Math.round(delay / 1000) + ' s…');
      later('retry', delay, function () {
        video.src = playbackUrl(true);   // a fresh token in the URL after a refresh
        if (!wasLive && position) { video.currentTime = position; }
        play(video);
      });
    });
  }

  // ---- wiring -----------------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', function () {
    $('code-form').addEventListener('submit', function (e) {
      e.preventDefault();
      submitCode($('code').value);
    });
    $('message-secondary').addEventListener('click', function () {
      forget();
      grant = null;
      finished = false;
      document.body.removeAttribute('data-end');
      stopAll();
      $('code').value = '';
      entryError('');
      show('screen-entry');
      history.replaceState(null, '', '/');
      $('code').focus();
    });
    window.addEventListener('pagehide', function () { if (!finished) { release(); } });
    window.addEventListener('pageshow', function (e) {
      if (e.persisted && grant && !finished) { retryValidate(); }   // back from the bfcache: our session was released
    });

    var entry = $('screen-entry');
    var prefilled = $('code').value;
    if (entry.getAttribute('data-autosubmit') === 'true' && prefilled) {
      history.replaceState(null, '', '/');   // keep the code out of the address bar and history
      submitCode(prefilled);
    } else if (remembered()) {
      submitCode(remembered());
    } else {
      show('screen-entry');
      $('code').focus();
    }
  });
})();
