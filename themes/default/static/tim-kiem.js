// congbo search: folds the query as the index was folded ("gia dinh" finds
// "Gia đình"), loads only the index files its words need, and shows results with
// the matches marked. Text is inserted with textContent only.
(function () {
  "use strict";
  var root = document.getElementById("tim-kiem");
  if (!root) return;
  var base = root.getAttribute("data-base") || "/";
  // Where the index is, from the page: the site's addresses are the generator's to say.
  var WORDS = root.getAttribute("data-words") || "tim-kiem/chi-muc/";
  var DOCS = root.getAttribute("data-documents") || "tim-kiem/tai-lieu/";
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector("ol");
  var more = root.querySelector(".more-results");
  var PAGE = 20, PER_CHUNK = parseInt(root.getAttribute("data-per-chunk"), 10) || 50;
  var cache = {};

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(Boolean); }
  function shardOf(w) { return w.slice(0, 2); }
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    }
    return cache[path];
  }
  function ids(deltas) { var out = [], id = 0; for (var i = 0; i < deltas.length; i++) { id += deltas[i]; out.push(id); } return out; }

  // Documents holding `word`, each with a weight: 3 when the word names it (number,
  // title), 1 when it is in its text. The last word of the query may be a prefix.
  function lookup(word, prefix) {
    return getJSON(WORDS + shardOf(word) + ".json").then(function (shard) {
      var found = {};
      Object.keys(shard).forEach(function (w) {
        if (w !== word && !(prefix && w.indexOf(word) === 0)) return;
        ids(shard[w][0]).forEach(function (d) { found[d] = 3; });
        ids(shard[w][1]).forEach(function (d) { found[d] = Math.max(found[d] || 0, 1); });
      });
      return found;
    });
  }

  function mark(text, terms) {
    // Fold character by character so positions map back to the original text.
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
    }
    var spans = [];
    terms.forEach(function (t) {
      var re = new RegExp("(^|[^a-z0-9])(" + t.replace(/[^a-z0-9]/g, "") + ")", "g"), m;
      while ((m = re.exec(folded))) {
        var s = m.index + m[1].length;
        spans.push([map[s], map[s + m[2].length - 1] + 1]);
        if (spans.length > 50) break;
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment(), at = 0;
    spans.forEach(function (sp) {
      if (sp[0] < at) return;
      frag.appendChild(document.createTextNode(text.slice(at, sp[0])));
      var el = document.createElement("mark");
      el.textContent = text.slice(sp[0], sp[1]);
      frag.appendChild(el);
      at = sp[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function snippet(text, terms) {
    var folded = fold(text), pos = -1;
    terms.forEach(function (t) { var p = folded.indexOf(t); if (p >= 0 && (pos < 0 || p < pos)) pos = p; });
    if (pos < 0) return text.slice(0, 200) + (text.length > 200 ? "…" : "");
    var start = Math.max(0, pos - 80);
    return (start > 0 ? "…" : "") + text.slice(start, start + 220) + (start + 220 < text.length ? "…" : "");
  }

  function show(results, terms, from) {
    var page = results.slice(from, from + PAGE);
    var chunks = {};
    page.forEach(function (r) { chunks[Math.floor(r.id / PER_CHUNK)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      return getJSON(DOCS + c + ".json").then(function (docs) { return [c, docs]; });
    })).then(function (loaded) {
      var byChunk = {};
      loaded.forEach(function (p) { byChunk[p[0]] = p[1]; });
      page.forEach(function (r) {
        var d = (byChunk[Math.floor(r.id / PER_CHUNK)] || [])[r.id % PER_CHUNK];
        if (!d) return;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.u; a.className = "doc-name"; a.appendChild(mark(d.n, terms));
        li.appendChild(a);
        var t = document.createElement("span"); t.className = "doc-title"; t.appendChild(mark(d.t, terms)); li.appendChild(t);
        var meta = document.createElement("span"); meta.className = "doc-meta";
        meta.textContent = d.i + (d.d ? " · " + d.d : " · không ghi ngày") + (d.r ? " · hết hiệu lực" : "");
        li.appendChild(meta);
        var p = document.createElement("p"); p.className = "snippet"; p.appendChild(mark(snippet(d.x, terms), terms)); li.appendChild(p);
        list.appendChild(li);
      });
      more.hidden = from + PAGE >= results.length;
      more.onclick = function () { show(results, terms, from + PAGE); };
    });
  }

  function search(q) {
    list.textContent = "";
    more.hidden = true;
    var terms = words(q);
    if (!terms.length) { status.textContent = ""; return; }
    // A document number in any spelling ("49/KL-TW", "số 49-kl-tw") is one exact term.
    var numberTerms = terms[0] === "so" && /^\d/.test(terms[1] || "") ? terms.slice(1) : terms;
    var compact = numberTerms.join("");
    var isNumber = /^\s*(s[oố]\s*:?\s*)?\d+\s*[\/\-–]/i.test(q) && /^\d+[a-z]/.test(compact);
    var lookups = isNumber ? [lookup(compact, false)] : terms.map(function (w, i) { return lookup(w, i === terms.length - 1); });
    status.textContent = "Đang tìm…";
    Promise.all(lookups).then(function (sets) {
      var count = {}, score = {};
      sets.forEach(function (s) {
        Object.keys(s).forEach(function (d) { count[d] = (count[d] || 0) + 1; score[d] = (score[d] || 0) + s[d]; });
      });
      var results = Object.keys(count).map(function (d) { return { id: +d, n: count[d], s: score[d] }; });
      // Most query words first, then those whose number or title holds them.
      results.sort(function (a, b) { return b.n - a.n || b.s - a.s || a.id - b.id; });
      var all = results.filter(function (r) { return r.n === sets.length; });
      if (!results.length) {
        status.textContent = "Không tìm thấy văn bản nào cho “" + q + "”.";
        return;
      }
      if (all.length) {
        results = all;
        status.textContent = "Tìm thấy " + all.length + " văn bản cho “" + q + "”.";
      } else {
        status.textContent = "Không có văn bản nào chứa đủ mọi từ của “" + q + "”; dưới đây là các văn bản chứa nhiều từ nhất.";
      }
      return show(results, isNumber ? [compact].concat(terms) : terms, 0);
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
