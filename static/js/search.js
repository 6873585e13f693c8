/* Client-side search for /search/: plain ES5, XMLHttpRequest, no eval, no inline styles. */
(function () {
  'use strict';

  var INDEX_URL = '/search/index.json';
  var BASE = '/search/';
  var MAX_RESULTS = 20;
  var CANDIDATES = 20; /* re-ranked exactly once their documents are loaded */
  var TITLE_WEIGHT = 12; /* mirrors search_index.TITLE_WEIGHT */
  var EXCERPT = 80;
  var DEBOUNCE_MS = 200;
  var RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

  var input = document.getElementById('search-input');
  var form = document.getElementById('search-form');
  var box = document.getElementById('search-results');
  if (!input || !box) { return; }

  var cache = {};
  var index = null;
  var seq = 0;
  var timer = null;
  var composing = false;

  function now() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  function load(url, done) {
    var entry = cache[url];
    if (entry && entry.data) { done(null, entry.data); return; }
    if (entry) { entry.waiting.push(done); return; }
    entry = cache[url] = { data: null, waiting: [done] };
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) { return; }
      var data = null;
      var err = null;
      if (xhr.status === 200) {
        try { data = JSON.parse(xhr.responseText); } catch (e) { err = e; }
      } else {
        err = new Error('HTTP ' + xhr.status);
      }
      var waiting = entry.waiting;
      if (err) { delete cache[url]; } else { entry.data = data; entry.waiting = []; }
      for (var i = 0; i < waiting.length; i++) { waiting[i](err, data); }
    };
    xhr.send();
  }

  function loadAll(urls, done) {
    var left = urls.length;
    var failed = false;
    if (!left) { done(null); return; }
    for (var i = 0; i < urls.length; i++) {
      load(urls[i], function (err) {
        if (failed) { return; }
        if (err) { failed = true; done(err); return; }
        left -= 1;
        if (!left) { done(null); }
      });
    }
  }

  /* Full-width ASCII to half-width and ASCII lowercase: keeps string length, like the builder. */
  function fold(text, ts) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xff01 && code <= 0xff5e) { c = String.fromCharCode(code - 0xfee0); }
      if (ts && ts.hasOwnProperty(c)) { c = ts[c]; }
      out += c;
    }
    return out.replace(/[A-Z]+/g, function (s) { return s.toLowerCase(); });
  }

  /* Single CJK chars live in their own shards: only one-char queries need them. */
  function shardUrl(token) {
    var list = token.length === 1 && CJK.test(token) ? index.chars : index.shards;
    return BASE + list[shardOf(token, list.length)];
  }

  function shardOf(token, k) {
    var h = 0;
    for (var i = 0; i < token.length; i++) { h = (h * 31 + token.charCodeAt(i)) >>> 0; }
    h = (h ^ (h >>> 15)) >>> 0;
    return h % k;
  }

  /* Split letters into known title syllables, fewest pieces first: xieshang -> xie, shang. */
  function segment(letters, known) {
    var best = [[]];
    for (var end = 1; end <= letters.length; end++) {
      best[end] = null;
      for (var len = 1; len <= 6 && len <= end; len++) {
        var prev = best[end - len];
        var piece = letters.substring(end - len, end);
        if (prev && known.hasOwnProperty(piece) && (!best[end] || prev.length + 1 < best[end].length)) {
          best[end] = prev.concat([piece]);
        }
      }
    }
    return best[letters.length];
  }

  function parseQuery(raw) {
    var q = fold(raw.replace(/^\s+|\s+$/g, ''), index.ts);
    var tokens = [];
    var seen = {};
    function add(t) { if (!seen.hasOwnProperty(t)) { seen[t] = true; tokens.push(t); } }
    var runs = q.match(RUN) || [];
    for (var i = 0; i < runs.length; i++) {
      var run = runs[i];
      if (!CJK.test(run) || run.length === 1) { add(run); continue; }
      for (var j = 0; j + 1 < run.length; j++) { add(run.substring(j, j + 2)); }
    }
    var pinyin = /^[a-z\s\-']+$/.test(q);
    if (pinyin) {
      var parts = segment(q.replace(/[^a-z]/g, ''), index.syllableSet) || [];
      for (var p = 0; p + 1 < parts.length; p++) { add(parts[p] + parts[p + 1]); }
    }
    return { text: q, tokens: tokens, terms: runs, pinyin: pinyin };
  }

  function containsAll(haystack, terms) {
    if (!terms.length) { return false; }
    for (var i = 0; i < terms.length; i++) {
      if (haystack.indexOf(terms[i]) < 0) { return false; }
    }
    return true;
  }

  function postingsOf(token) {
    var shard = cache[shardUrl(token)];
    var list = shard && shard.data && shard.data.hasOwnProperty(token) && shard.data[token];
    return list || null;
  }

  function score(query) {
    var hits = {};
    var known = 0;
    for (var i = 0; i < query.tokens.length; i++) {
      var list = postingsOf(query.tokens[i]);
      if (!list) { continue; }
      known += 1;
      var idf = Math.log(1 + index.n / (list.length / 2));
      var doc = 0;
      for (var j = 0; j < list.length; j += 2) {
        doc += list[j];
        var h = hits[doc] || (hits[doc] = { doc: doc, score: 0, count: 0, inTitle: 0 });
        h.score += idf * list[j + 1];
        h.count += 1;
        if (list[j + 1] >= TITLE_WEIGHT) { h.inTitle += 1; }
      }
    }
    var results = [];
    for (var key in hits) {
      if (hits.hasOwnProperty(key)) {
        var r = hits[key];
        r.cover = r.count / known;
        r.tier = r.inTitle === known ? 3 : (r.count === known ? 2 : 1);
        results.push(r);
      }
    }
    return results;
  }

  /* Whole query first, then share of query tokens, then weight; on a tie, the shorter title. */
  function byRank(a, b) {
    var shorter = a.page && b.page ? a.page.title.length - b.page.title.length : 0;
    return (b.tier - a.tier) || (b.cover - a.cover) || (b.score - a.score) || shorter ||
      (a.doc - b.doc);
  }

  function chunkOf(list, doc) {
    var found = list[0];
    for (var i = 1; i < list.length && list[i][1] <= doc; i++) { found = list[i]; }
    return found;
  }

  function docOf(doc) {
    var meta = chunkOf(index.metas, doc);
    var text = chunkOf(index.texts, doc);
    var m = cache[BASE + meta[0]].data[doc - meta[1]];
    return { url: m[0], title: m[1], section: m[2], summary: m[3],
      text: cache[BASE + text[0]].data[doc - text[1]] };
  }

  function chunkUrls(results) {
    var urls = [];
    for (var i = 0; i < results.length; i++) {
      var pair = [chunkOf(index.metas, results[i].doc), chunkOf(index.texts, results[i].doc)];
      for (var j = 0; j < 2; j++) {
        var url = BASE + pair[j][0];
        if (urls.indexOf(url) < 0) { urls.push(url); }
      }
    }
    return urls;
  }

  /* Exact tiers once the documents are at hand: whole query in the title, then anywhere. */
  function refine(results, query) {
    for (var i = 0; i < results.length; i++) {
      var r = results[i];
      r.page = docOf(r.doc);
      if (containsAll(fold(r.page.title), query.terms) || (query.pinyin && r.tier === 3)) {
        r.tier = 3;
      } else if (containsAll(fold(r.page.summary + '\n' + r.page.text), query.terms)) {
        r.tier = 2;
      } else {
        r.tier = query.pinyin && r.cover === 1 ? 2 : 1;
      }
    }
    results.sort(byRank);
    return results;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.appendChild(document.createTextNode(text)); }
    return node;
  }

  function needlesOf(query) {
    var needles = query.terms.slice();
    for (var i = 0; i < query.tokens.length; i++) {
      if (query.tokens[i].length > 1 || query.text.length === 1) { needles.push(query.tokens[i]); }
    }
    return needles;
  }

  function firstMatch(folded, needles) {
    for (var i = 0; i < needles.length; i++) {
      var at = folded.indexOf(needles[i]);
      if (at >= 0) { return at; }
    }
    return -1;
  }

  /* Append `text` to `parent`, wrapping every stretch covered by a needle in <mark>. */
  function highlight(parent, text, needles) {
    var folded = fold(text);
    var marked = [];
    for (var i = 0; i < needles.length; i++) {
      var at = folded.indexOf(needles[i]);
      while (needles[i] && at >= 0) {
        for (var j = at; j < at + needles[i].length; j++) { marked[j] = true; }
        at = folded.indexOf(needles[i], at + 1);
      }
    }
    var start = 0;
    for (var k = 1; k <= text.length; k++) {
      if (k === text.length || !marked[k] !== !marked[start]) {
        var piece = text.substring(start, k);
        parent.appendChild(marked[start] ? el('mark', '', piece) : document.createTextNode(piece));
        start = k;
      }
    }
  }

  function excerptOf(page, needles) {
    var sources = [page.text, page.summary];
    for (var i = 0; i < sources.length; i++) {
      var at = firstMatch(fold(sources[i]), needles);
      if (at >= 0) {
        var start = Math.max(0, at - 24);
        var end = Math.min(sources[i].length, start + EXCERPT);
        return (start > 0 ? '…' : '') + sources[i].substring(start, end) +
          (end < sources[i].length ? '…' : '');
      }
    }
    return page.summary;
  }

  function renderResult(list, page, needles) {
    var item = el('li', 'search-result');
    var link = el('a', 'search-result-link');
    link.href = page.url;
    highlight(link, page.title, needles);
    item.appendChild(link);
    var section = index.sections[page.section];
    if (section) { item.appendChild(el('span', 'search-result-section', section[0])); }
    var excerpt = el('p', 'search-result-excerpt');
    highlight(excerpt, excerptOf(page, needles), needles);
    item.appendChild(excerpt);
    list.appendChild(item);
  }

  function renderEmpty(query) {
    box.appendChild(el('p', 'search-status', '没有找到与“' + query.text + '”相关的内容。'));
    var hint = el('p', 'search-hint', '可以换个说法，或试试：');
    var words = index.suggest.concat(['协商', '征信', '95188']);
    for (var i = 0; i < words.length; i++) {
      var a = el('a', 'search-suggestion', words[i]);
      a.href = BASE + '?q=' + encodeURIComponent(words[i]);
      hint.appendChild(a);
      hint.appendChild(document.createTextNode(' '));
    }
    box.appendChild(hint);
    var sections = el('ul', 'search-sections');
    for (var j = 0; j < index.sections.length; j++) {
      var li = el('li');
      var link = el('a', '', index.sections[j][0]);
      link.href = index.sections[j][1];
      li.appendChild(link);
      sections.appendChild(li);
    }
    box.appendChild(sections);
  }

  function render(results, total, query, spent) {
    var started = now();
    box.innerHTML = '';
    if (!results.length) {
      renderEmpty(query);
    } else {
      box.appendChild(el('p', 'search-status', '找到 ' + total + ' 个相关页面' +
        (total > results.length ? '，显示前 ' + results.length + ' 个' : '') + '。'));
      var list = el('ol', 'search-result-list');
      var needles = needlesOf(query);
      for (var i = 0; i < results.length; i++) { renderResult(list, results[i].page, needles); }
      box.appendChild(list);
    }
    box.setAttribute('data-search-ms', String(Math.round((spent + now() - started) * 10) / 10));
    box.setAttribute('data-search-state', 'done');
  }

  function fail(mine) {
    if (mine !== seq) { return; }
    box.innerHTML = '';
    box.appendChild(el('p', 'search-status', '搜索暂时无法使用，请检查网络后重试，或直接浏览栏目。'));
    box.setAttribute('data-search-state', 'error');
  }

  function run(raw) {
    var mine = ++seq;
    var started = now();
    var query = parseQuery(raw);
    box.setAttribute('data-search-state', 'loading');
    var shardUrls = [];
    for (var i = 0; i < query.tokens.length; i++) {
      var url = shardUrl(query.tokens[i]);
      if (shardUrls.indexOf(url) < 0) { shardUrls.push(url); }
    }
    loadAll(shardUrls, function (err) {
      if (err) { fail(mine); return; }
      if (mine !== seq) { return; }
      started = now();
      var all = score(query).sort(byRank);
      var top = all.slice(0, CANDIDATES);
      var spent = now() - started;
      loadAll(chunkUrls(top), function (err2) {
        if (err2) { fail(mine); return; }
        if (mine !== seq) { return; }
        var t = now();
        var shown = refine(top, query).slice(0, MAX_RESULTS);
        render(shown, all.length, query, spent + now() - t);
      });
    });
  }

  function search(raw, push) {
    if (push && window.history && history.replaceState) {
      var q = raw ? '?q=' + encodeURIComponent(raw) : '';
      history.replaceState(null, '', BASE + q);
    }
    if (!raw.replace(/\s+/g, '')) {
      seq += 1;
      box.innerHTML = '';
      box.removeAttribute('data-search-state');
      return;
    }
    if (index) { run(raw); return; }
    box.setAttribute('data-search-state', 'loading');
    load(INDEX_URL, function (err, data) {
      if (err) { fail(seq); return; }
      index = data;
      index.syllableSet = {};
      for (var i = 0; i < index.syllables.length; i++) { index.syllableSet[index.syllables[i]] = true; }
      run(input.value);
    });
  }

  function initialQuery() {
    var match = /[?&]q=([^&]*)/.exec(window.location.search);
    if (!match) { return ''; }
    try { return decodeURIComponent(match[1].replace(/\+/g, ' ')); } catch (e) { return ''; }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value, true); }, DEBOUNCE_MS);
  }

  /* While an IME is composing (pinyin → 汉字), wait for the chosen characters. */
  input.addEventListener('compositionstart', function () { composing = true; });
  input.addEventListener('compositionend', function () { composing = false; schedule(); });
  input.addEventListener('input', function () { if (!composing) { schedule(); } });
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search(input.value, true);
    });
  }
  document.documentElement.className += ' search-ready';
  input.value = initialQuery();
  if (input.value) { search(input.value, false); }
}());
