// congbo search: folds the query as the index was folded ("gia dinh" finds
// "Gia đình"), loads only the index files its words need, ranks phrases, exact
// diacritics and names first, and shows results with whole words marked. Text is
// inserted with textContent only. The ranking (rank, below) is plain functions of the
// index files, so that it can be tested outside a browser.
(function (global) {
  "use strict";

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  // The query's words: [folded, written] pairs, as the index splits them.
  function words(s) {
    var out = [];
    s.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}]+/u).forEach(function (tok) {
      if (!tok) return;
      var parts = fold(tok).split(/[^a-z0-9]+/).filter(Boolean);
      if (parts.length === 1) out.push([parts[0], tok]);
      else parts.forEach(function (p) { out.push([p, p]); });
    });
    return out;
  }
  function ids(deltas) { var out = [], id = 0; for (var i = 0; i < deltas.length; i++) { id += deltas[i]; out.push(id); } return out; }
  function deltas(list) { var out = [], at = 0; for (var i = 0; i < list.length; i++) { out.push(list[i] - at); at = list[i]; } return out; }
  // Results shown at once: ten fill four screens of a phone, and their records are
  // most of the bytes a query reads.
  var PAGE = 10;
  // How far the lists of a query's pairs are read for a first page with the phrase:
  // ids below 2^15, about 2,000 documents (ids are about 16 apart) at any corpus size.
  var PHRASE_IDS = 32768;
  // A query that starts like a document number ("49/KL-TW", "số 49-kl-tw").
  var NUMBER = /^\s*(s[oố]\s*:?\s*)?\d+\s*[\/\-–]/i;
  // The shard holding `key`: the longest prefix the manifest names (m.s, its shards;
  // m.w, the hash of each group of shards of the same two first characters).
  function shardOf(manifest, key) {
    // m.s is front-coded: each name as how many characters it shares with the one
    // before (a digit), then the rest.
    if (!manifest.names) {
      var prev = "";
      manifest.names = {};
      manifest.s.split(" ").forEach(function (e) { prev = prev.slice(0, +e.charAt(0)) + e.slice(1); manifest.names[prev] = 1; });
    }
    for (var n = key.length; n > 0; n--) { if (manifest.names[key.slice(0, n)]) return key.slice(0, n); }
    return null;
  }
  function shardFile(m, s) { return s + "." + m.w[s.slice(0, 2)] + ".json"; }
  // Keys one edit (insertion, deletion, substitution, swap) away.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // Documents holding a key (a long list holds its count: its shard has only the head).
  function size(entry) { var n = 0; Object.keys(entry).forEach(function (w) { var e = entry[w]; n += e.length > 2 ? e[2] : e[0].length + e[1].length; }); return n; }

  // Ranks documents for `query`, given `shards` (shard name → its JSON) holding every
  // key the query needs (see keysFor). Returns { results: [{id, n, s}], all, number,
  // terms, suggestion }: results with every word first, then by score.
  function keysFor(query) {
    var ws = words(query), keys = ws.map(function (w) { return w[0]; });
    for (var i = 0; i + 1 < ws.length; i++) keys.push(ws[i][0] + "_" + ws[i + 1][0]);
    // The number written without separators, only for what looks like a number.
    if (NUMBER.test(query)) {
      keys.push(ws.map(function (w) { return w[0]; }).join(""));
      if (ws.length && ws[0][0] === "so") keys.push(ws.slice(1).map(function (w) { return w[0]; }).join(""));
    }
    return keys;
  }
  // With heads of long lists only, a document's count of words and score are at least
  // what they would be with every list: the page shows those known to hold every word.
  function rank(query, manifest, shards) {
    var ws = words(query);
    var out = { results: [], all: 0, number: false, terms: ws, suggestion: null, covered: {}, need: [] };
    if (!ws.length) return out;
    function entry(key) { var s = shardOf(manifest, key); return s && shards[s] ? shards[s][key] : undefined; }
    // A document number in any spelling ("49/KL-TW", "số 49-kl-tw"): the document,
    // then the documents that carry it out, cite or name it.
    var numberWords = ws[0][0] === "so" && /^\d/.test((ws[1] || [""])[0]) ? ws.slice(1) : ws;
    var compact = numberWords.map(function (w) { return w[0]; }).join("");
    if (/\d/.test(compact) && /[a-z]/.test(compact) && NUMBER.test(query) && entry(compact)) {
      var e = entry(compact)[""], seen = {};
      ids(e[0]).forEach(function (d) { out.results.push({ id: d, n: 1, s: 100 }); seen[d] = 1; });
      ids(e[1]).forEach(function (d) { if (!seen[d]) out.results.push({ id: d, n: 1, s: 10 }); });
      out.all = out.strong = out.phrase = out.results.length; out.number = true;
      return out;
    }
    // strong: per document, the words it holds as typed (the same spelling, when typed
    // with diacritics; not only as the start of a longer word). marks[i]: the documents
    // counted as holding word i. need: files the ranking wants and does not have yet
    // (word shards by name, vocabulary files as "~" and their ending): lookup loads them
    // and ranks again.
    var count = {}, score = {}, strong = {}, marks = [], last = ws.length - 1, corrected = ws.slice(), fixed = false;

    function want(name) { if (out.need.indexOf(name) < 0) out.need.push(name); }
    // The word one typo away from `t` (the query's word i) that stands next to its
    // neighbours in some document ("khuyen hox": "hoc", for "khuyen_hoc"), else that
    // most documents hold, or null (perhaps with files wanted first): in the shards of
    // its two first letters that may hold it, else, for a typo in those letters, in the
    // vocabulary of its ending.
    function typo(t, i) {
      function paired(k) {
        return (i > 0 && !!entry(ws[i - 1][0] + "_" + k)) || (i < last && !!entry(k + "_" + ws[i + 1][0]));
      }
      var cand = null, most = -1, missing = false;
      if (!manifest.names) shardOf(manifest, t);
      Object.keys(manifest.names).forEach(function (p) {
        if (p.slice(0, 2) !== t.slice(0, 2)) return;
        var L = p.length;
        if (L > 2 && t.slice(0, L) !== p && !oneEdit(t.slice(0, L), p) && !oneEdit(t.slice(0, L - 1), p) && !oneEdit(t.slice(0, L + 1), p)) return;
        if (!shards[p]) { want(p); missing = true; return; }
        Object.keys(shards[p]).forEach(function (k) {
          if (k.indexOf("_") >= 0 || !oneEdit(t, k)) return;
          var worth = size(shards[p][k]) + (paired(k) ? 1e9 : 0);
          if (worth > most) { cand = k; most = worth; }
        });
      });
      if (cand || missing) return cand;
      var v = manifest.v || {}, end = null;
      for (var n = Math.min(3, t.length - 1); n >= 1 && !end; n--) if (v[t.slice(-n)]) end = t.slice(-n);
      if (!end) return null;
      var file = shards["~" + end];
      if (!file) { want("~" + end); return null; }
      // Whether a word stands next to its neighbours is in the shards of their pairs.
      var found = [];
      Object.keys(file).forEach(function (c) {
        file[c].split(" ").forEach(function (k) { if (oneEdit(t, k)) found.push([k, +c]); });
      });
      found.sort(function (a, b) { return b[1] - a[1]; });
      found = found.slice(0, 4);
      found.forEach(function (f) {
        [i > 0 ? ws[i - 1][0] + "_" + f[0] : null, i < last ? f[0] + "_" + ws[i + 1][0] : null].forEach(function (key) {
          var p = key && shardOf(manifest, key);
          if (p && !shards[p]) { want(p); missing = true; }
        });
      });
      if (missing) return null;
      var best = null, often = -1;
      found.forEach(function (f) {
        var worth = f[1] + (paired(f[0]) ? 100 : 0);
        if (worth > often) { best = f[0]; often = worth; }
      });
      var s = best && shardOf(manifest, best);
      if (!s) return null;
      if (!shards[s]) { want(s); return null; }
      return best;
    }
    ws.forEach(function (w, i) {
      var folded = w[0], written = w[1], accented = folded !== written, best = {}, as = {};
      var shard = shards[shardOf(manifest, folded)] || {};
      function take(key, weight, from) {
        var forms = (from || shard)[key]; if (!forms) return;
        Object.keys(forms).forEach(function (form) {
          // Typed with diacritics: the same word first, other spellings far behind.
          var f = weight * (accented ? (form === written ? 2 : 0.25) : 1), typed = weight >= 0.8 && (!accented || form === written);
          ids(forms[form][0]).forEach(function (d) { best[d] = Math.max(best[d] || 0, 3 * f); if (typed) as[d] = 1; });
          ids(forms[form][1]).forEach(function (d) { best[d] = Math.max(best[d] || 0, f); if (typed) as[d] = 1; });
        });
      }
      take(folded, 1);
      // The last word may be unfinished: longer words match too, behind whole words.
      if (i === last && folded.length >= 2) {
        Object.keys(shard).forEach(function (k) { if (k !== folded && k.indexOf(folded) === 0 && k.indexOf("_") < 0) take(k, 0.3); });
      }
      if (!Object.keys(best).length) {
        // One typo: the most used word one edit away.
        var cand = typo(folded, i);
        if (cand) { corrected[i] = [cand, cand]; fixed = true; take(cand, 0.8, shards[shardOf(manifest, cand)]); }
      }
      marks[i] = {};
      Object.keys(best).forEach(function (d) { marks[i][d] = 1; count[d] = (count[d] || 0) + 1; score[d] = (score[d] || 0) + best[d]; });
      Object.keys(as).forEach(function (d) { strong[d] = (strong[d] || 0) + 1; });
    });
    // Neighbouring words that stand together in the text ("học tập", "gia đình"): a
    // document holding more of the query's pairs ranks above one with the syllables
    // scattered, whatever its other scores. `pairs` counts the query's pairs the index
    // knows (a pair no document holds cannot be asked of any). A pair's documents hold
    // both its words: those the words' lists, read in part, did not show yet count too
    // (as holding the words as typed only when typed without diacritics).
    var held = {}, pairs = 0;

    for (var i = 0; i + 1 < corrected.length; i++) {
      var key = corrected[i][0] + "_" + corrected[i + 1][0], s = shardOf(manifest, key);
      if (s && !shards[s]) { want(s); continue; }
      var pair = entry(key);
      if (!pair || !pair[""]) continue;
      pairs++;
      out.covered[corrected[i][0]] = out.covered[corrected[i + 1][0]] = true;
      [0, 1].forEach(function (tier) {
        ids(pair[""][tier]).forEach(function (d) {
          [i, i + 1].forEach(function (j) {
            if (marks[j][d]) return;
            marks[j][d] = 1;
            count[d] = (count[d] || 0) + 1;
            score[d] = (score[d] || 0) + (tier ? 1 : 3);
            if (corrected[j][0] === corrected[j][1]) strong[d] = (strong[d] || 0) + 1;
          });
          score[d] += tier ? 4 : 6;
          held[d] = (held[d] || 0) + 1;
        });
      });
    }
    var results = Object.keys(count).map(function (d) { return { id: +d, n: count[d], p: held[d] || 0, s: score[d] }; });
    results.sort(function (a, b) { return b.n - a.n || b.p - a.p || b.s - a.s || a.id - b.id; });
    out.all = results.filter(function (r) { return r.n === ws.length; }).length;
    out.strong = results.filter(function (r) { return strong[r.id] === ws.length; }).length;
    // Documents with every word as typed and every pair: the first page is theirs when
    // there are enough.
    out.phrase = results.filter(function (r) { return strong[r.id] === ws.length && r.p === pairs; }).length;
    out.results = out.all ? results.slice(0, out.all) : results;
    if (fixed) out.suggestion = corrected.map(function (w) { return w[1]; }).join(" ");
    out.terms = corrected;
    return out;
  }

  // What a query needs, fetched with `load` (path under the site → Promise of its JSON,
  // {} when missing): the word files of its keys, then its ranking. Shared by the page
  // and bench/search_bytes.py, which counts the bytes a query fetches.
  // A word of many documents holds in its shard only the documents below an id (the
  // head), then its count and its tail files by id range, each range twice the one
  // before (ranges of a few ids share a file, named in each): below the smallest head's bound every document's words are known, so the
  // lists with the smallest bound are widened, a range at a time, until the first page
  // is full of documents holding every word; with `everything` (more results asked
  // for), every range at once. `partial` says some were not read.
  function lookup(q, m, load, paths, everything) {
    var names = {};
    keysFor(q).forEach(function (k) { var s = shardOf(m, k); if (s) names[s] = true; });
    return Promise.all(Object.keys(names).map(function (s) {
      return load(paths.words + shardFile(m, s)).then(function (j) { return [s, j]; });
    })).then(function (loaded) {
      var shards = {};
      loaded.forEach(function (p) { shards[p[0]] = p[1]; });
      // The ids below which form `e` is known in full.
      function known(e) { return e.length > 2 ? Math.pow(2, m.i - e[3] + (e.k || 0)) : Infinity; }
      function tail(e, h) { return load(paths.words + e.key + "~." + h + ".json"); }
      function widen(e) {
        var k = e.k || 0;
        return Promise.all(e[4][k].map(function (h) { return tail(e, h); })).then(function (parts) {
          if ((e.k || 0) !== k) return;
          var n = ids(e[0]), o = ids(e[1]), lo = known(e), hi = 2 * lo;
          // A file may hold the next ranges too (a few ids each): only this range's.
          function here(id) { return id >= lo && id < hi; }
          parts.forEach(function (p) {
            if (p && p[0]) { n = n.concat(ids(p[0]).filter(here)); o = o.concat(ids(p[1]).filter(here)); }
          });
          e[0] = deltas(n); e[1] = deltas(o); e.k = k + 1;
          if (e.k >= e[4].length) e.length = 2;
        });
      }
      // Every range left: fetched at once, merged in order.
      function widenAll(e) {
        var hashes = [];
        e[4].slice(e.k || 0).forEach(function (p) { hashes = hashes.concat(p); });
        return Promise.all(hashes.map(function (h) { return tail(e, h); })).then(function again() {
          return e.length > 2 ? widen(e).then(again) : null;
        });
      }
      // Files the ranking asked for (a typo's word shards and vocabulary), then again.
      function fetchNeeded(need) {
        return Promise.all(need.map(function (name) {
          var path = name.charAt(0) === "~"
            ? (paths.vocabulary || "tim-kiem/tu-vung/") + name.slice(1) + "." + m.v[name.slice(1)] + ".json"
            : paths.words + shardFile(m, name);
          return load(path).then(function (j) { shards[name] = j || {}; });
        })).then(step);
      }
      function step() {
        var r = rank(q, m, shards), t = r.terms, keys = [], long = [], limit = Infinity;
        if (r.need && r.need.length) return fetchNeeded(r.need);
        // The lists that decide the first page: each word's as typed (only its own
        // spelling when typed with diacritics), its pairs, the number.
        for (var i = 0; i < t.length; i++) {
          keys.push([t[i][0], t[i][0] !== t[i][1] ? t[i][1] : null]);
          if (i + 1 < t.length) keys.push([t[i][0] + "_" + t[i + 1][0], null]);
        }
        keysFor(q).forEach(function (k) { keys.push([k, null]); });
        keys.forEach(function (kf) {
          var k = kf[0], s = shardOf(m, k), e = s && shards[s] ? shards[s][k] : null;
          if (e) Object.keys(e).forEach(function (f) {
            if ((kf[1] === null || f === kf[1]) && e[f].length > 2) {
              if (long.indexOf(e[f]) < 0) { e[f].key = k; long.push(e[f]); }
              if (kf[1] !== null) e[f].spelled = true;
            }
          });
        });
        long.forEach(function (e) { limit = Math.min(limit, known(e)); });
        r.partial = long.length > 0;
        if (!r.partial) return r;
        if (everything) return Promise.all(long.map(widenAll)).then(step);
        if (r.strong < PAGE) return Promise.all(long.filter(function (e) { return known(e) === limit; }).map(widen)).then(step);
        // Enough documents with every word; now enough with every pair too. A pair's
        // list names documents holding both its words, so only the pairs' lists (and
        // those of words typed with diacritics, whose spelling a pair does not say, and
        // of words in no pair) are widened. Done when there are enough, when those lists
        // are read (there are no more), or when the ids below PHRASE_IDS are read without
        // enough: a phrase rarer than that is read in full only for "more results", so
        // that a query stays a few files at any corpus size.
        var phrased = long.filter(function (e) { return e.key.indexOf("_") > 0 || e.spelled || !r.covered[e.key]; });
        var bound = Infinity;
        phrased.forEach(function (e) { bound = Math.min(bound, known(e)); });
        var pairsLeft = phrased.some(function (e) { return e.key.indexOf("_") > 0; });
        if (r.phrase >= PAGE || !pairsLeft || bound >= PHRASE_IDS) return r;
        return Promise.all(phrased.filter(function (e) { return known(e) === bound; }).map(widen)).then(step);
      }
      return step();
    });
  }
  // The records of results[from .. from + count): id → record. m.r: the hashes of
  // the pages of record hashes (m.p record files a page, m.h hex digits each, dashes
  // where no document falls); the pages first, then the record files they name.
  function records(m, results, from, count, load, paths) {
    var chunks = {}, pages = {};
    function chunkOf(id) { return Math.floor(id / Math.pow(2, (m.i || 32) - m.b)); }
    results.slice(from, from + count).forEach(function (r) { var c = chunkOf(r.id); chunks[c] = true; pages[Math.floor(c / m.p)] = true; });
    return Promise.all(Object.keys(pages).map(function (p) {
      return m.r[p] ? load(paths.documents + "trang-" + p + "." + m.r[p] + ".json").then(function (s) { return [p, s]; }) : [p, ""];
    })).then(function (loaded) {
      var hashes = {};
      loaded.forEach(function (l) { hashes[l[0]] = typeof l[1] === "string" ? l[1] : ""; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        var h = hashes[Math.floor(c / m.p)].substr(m.h * (c % m.p), m.h);
        return h.length === m.h && h.charAt(0) !== "-" ? load(paths.documents + c + "." + h + ".json") : {};
      }));
    }).then(function (loaded) {
      var out = {};
      loaded.forEach(function (docs) { Object.keys(docs).forEach(function (id) { out[id] = docs[id]; }); });
      return out;
    });
  }

  var api = { fold: fold, words: words, keysFor: keysFor, shardOf: shardOf, rank: rank, oneEdit: oneEdit, lookup: lookup, records: records, PAGE: PAGE };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") return;

  var root = document.getElementById("tim-kiem");
  if (!root) return;
  var base = root.getAttribute("data-base") || "/";
  // Where the index is, from the page: the site's addresses are the generator's to say.
  var MANIFEST = root.getAttribute("data-manifest") || "tim-kiem/chi-muc.json";
  var WORDS = root.getAttribute("data-words") || "tim-kiem/chi-muc/";
  var DOCS = root.getAttribute("data-documents") || "tim-kiem/tai-lieu/";
  var VOCABULARY = root.getAttribute("data-vocabulary") || "tim-kiem/tu-vung/";
  // The sentences this script says, in the site's language (the theme's strings).
  var said = {};
  try { said = JSON.parse(root.getAttribute("data-strings") || "{}"); } catch (e) { said = {}; }
  function say(key, q, n) {
    return (said[key] || key).replace("{q}", q === undefined ? "" : q).replace("{n}", n === undefined ? "" : n);
  }
  // "Tìm thấy 12 văn bản …", "at least" while the lists are read in part, "typo corrected".
  function found(q, r) {
    return say((r.partial ? "found_at_least" : "found") + (r.suggestion ? "_corrected" : ""), q, r.all);
  }
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector("[role=status]");
  var suggestion = root.querySelector(".suggestion");
  var list = root.querySelector("ol");
  var more = root.querySelector(".more-results");
  var cache = {}, manifest = null, current = 0;
  var PATHS = { words: WORDS, documents: DOCS, vocabulary: VOCABULARY };

  // A file the manifest names and the server no longer has: the manifest is of an
  // earlier build (held in the browser's cache, or read before a deploy).
  var STALE = new Error("stale search index");
  function getJSON(path, how) {
    if (!cache[path]) {
      cache[path] = fetch(base + path, how ? { cache: how } : {}).then(function (r) {
        if (r.status === 404 && path !== MANIFEST) { delete cache[path]; throw STALE; }
        return r.ok ? r.json() : {};
      }, function () { delete cache[path]; return {}; });
    }
    return cache[path];
  }
  // The manifest is revalidated on every visit ("no-cache"); after a file it names was
  // gone, fetched again past every cache ("reload"). Files named by their content's
  // hash can be kept: a new manifest names the same file only for the same content.
  function loadManifest(reload) {
    if (reload) { delete cache[MANIFEST]; manifest = null; }
    if (!manifest) manifest = getJSON(MANIFEST, reload ? "reload" : "no-cache");
    return manifest;
  }
  // After a stale file: the manifest once more, fresh, and the query again; a second
  // miss is said.
  var asked = "", retried = "";
  function stale(run) {
    return function (e) {
      if (e !== STALE || run !== current) return;
      if (retried === asked) { status.textContent = say("failed"); return; }
      retried = asked;
      loadManifest(true);
      search(asked);
    };
  }

  // Marks whole words of `text` that are query words (the written form, when the word
  // was typed with diacritics).
  function mark(text, terms) {
    var frag = document.createDocumentFragment(), at = 0, re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text))) {
      var w = m[0].toLowerCase(), f = fold(w);
      var hit = terms.some(function (t) { return t[0] === f && (t[0] === t[1] || t[1] === w); });
      if (!hit) continue;
      frag.appendChild(document.createTextNode(text.slice(at, m.index)));
      var el = document.createElement("mark");
      el.textContent = m[0];
      frag.appendChild(el);
      at = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function snippet(text, terms) {
    var folded = fold(text), pos = -1;
    terms.forEach(function (t) {
      var re = new RegExp("(^|[^a-z0-9])" + t[0] + "($|[^a-z0-9])"), m = re.exec(folded);
      if (m && (pos < 0 || m.index < pos)) pos = m.index;
    });
    if (pos < 0) pos = 0;
    // About 80 characters before the first match and 220 in all, cut between words.
    var start = Math.max(0, pos - 80), end = start + 220, space;
    if (start > 0 && (space = text.indexOf(" ", start)) >= 0 && space < pos) start = space + 1;
    if (end < text.length && (space = text.lastIndexOf(" ", end)) > pos) end = space;
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // Shows the next PAGE of `results` not `shown` yet; with `q` when the results are
  // partial (long lists cut to their heads): the next page then reads the rest and
  // ranks again first, still leaving out what was shown.
  function show(m, results, terms, run, q, shown) {
    var rest = results.filter(function (r) { return !shown[r.id]; });
    var page = rest.slice(0, PAGE);
    page.forEach(function (r) { shown[r.id] = 1; });
    return records(m, page, 0, PAGE, getJSON, PATHS).then(function (docs) {
      if (run !== current) return;
      page.forEach(function (r) {
        var d = docs[r.id];
        if (!d) return;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.u; a.className = "doc-name"; a.appendChild(mark(d.n, terms));
        li.appendChild(a);
        var t = document.createElement("span"); t.className = "doc-title"; t.appendChild(mark(d.t, terms)); li.appendChild(t);
        var meta = document.createElement("span"); meta.className = "doc-meta";
        meta.textContent = d.i + (d.d ? " · " + d.d : " · " + say("no_date")) + (d.r ? " · " + say("not_in_force") : "");
        li.appendChild(meta);
        var p = document.createElement("p"); p.className = "snippet"; p.appendChild(mark(snippet(d.x, terms), terms)); li.appendChild(p);
        list.appendChild(li);
      });
      more.hidden = rest.length <= PAGE && !q;
      more.onclick = function () {
        if (!q) return show(m, results, terms, run, null, shown).catch(stale(run));
        lookup(q, m, getJSON, PATHS, true).then(function (r) {
          if (run !== current) return;
          if (r.all) status.textContent = found(q, r);
          return show(m, r.results, terms, run, null, shown);
        }).catch(stale(run));
      };
    });
  }

  function search(q) {
    var run = ++current;
    asked = q;
    if (!words(q).length) { list.textContent = ""; more.hidden = true; suggestion.hidden = true; status.textContent = ""; return; }
    status.textContent = say("searching");
    return loadManifest().then(function (m) {
      if (!m.w) { status.textContent = say("failed"); return; }
      // A manifest of the format before this script's (held in a cache): read it again.
      if (typeof m.s !== "string" || !Array.isArray(m.r)) throw STALE;
      return lookup(q, m, getJSON, PATHS).then(function (r) {
        if (run !== current) return;
        list.textContent = "";
        more.hidden = true;
        suggestion.hidden = !r.suggestion;
        suggestion.textContent = "";
        if (r.suggestion) {
          // "Có phải bạn muốn tìm “{q}”?", the suggestion a link in its place.
          var parts = (said.did_you_mean || "{q}").split("{q}");
          suggestion.appendChild(document.createTextNode(parts[0]));
          var a = document.createElement("a");
          a.href = "?q=" + encodeURIComponent(r.suggestion);
          a.textContent = r.suggestion;
          a.onclick = function (e) { e.preventDefault(); input.value = r.suggestion; go(); };
          suggestion.appendChild(a);
          suggestion.appendChild(document.createTextNode(parts.slice(1).join("")));
        }
        if (!r.results.length) {
          status.textContent = say("none", q);
          return;
        }
        if (r.all) {
          status.textContent = found(q, r);
        } else {
          status.textContent = say("partial", q);
        }
        var terms = r.number ? [[fold(q).replace(/[^a-z0-9]/g, ""), ""]].concat(r.terms) : r.terms;
        return show(m, r.results, terms, run, r.partial ? q : null, {});
      });
    }).catch(stale(run));
  }

  function go() {
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); go(); });
  // Results as you type, once typing pauses.
  var timer = 0;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 250); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})(this);
