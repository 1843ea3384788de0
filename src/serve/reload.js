// congbo serve only (never in a built site): reloads this page when a rebuild changed
// it, swaps stylesheets in place, and shows a failed build's errors over the page.
(function () {
  "use strict";
  var server = null;
  var errorPage = document.documentElement.hasAttribute("data-congbo-error");
  var heading = "Bản dựng lỗi — trang đang hiển thị là bản dựng tốt gần nhất";

  // "/van-ban/x", "/van-ban/x/index.html" and "/van-ban/x/" are one page.
  function norm(p) {
    p = p.replace(/index\.html$/, "");
    return /\/$|\.[a-z0-9]+$/i.test(p) ? p : p + "/";
  }

  function css(el, rules) {
    for (var k in rules) el.style[k] = rules[k]; // the DOM, not a style attribute: CSP allows it
    return el;
  }

  function overlay(text) {
    var box = document.getElementById("congbo-errors");
    if (text == null) {
      if (box && !errorPage) box.remove();
      return;
    }
    if (!box) {
      box = css(document.createElement("div"), {
        position: "fixed", top: "0", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
        overflow: "auto", boxSizing: "border-box", padding: "16px", margin: "0",
        background: "#fff", color: "#1a1a1a", borderTop: "6px solid #a00",
        font: "14px/1.45 ui-monospace, Menlo, Consolas, monospace"
      });
      box.id = "congbo-errors";
      box.setAttribute("role", "alert");
      var h = css(document.createElement("h2"), { font: "bold 16px/1.3 system-ui, sans-serif", color: "#a00", margin: "0 0 12px" });
      h.textContent = heading;
      var hide = css(document.createElement("button"), { float: "right", marginLeft: "8px", font: "inherit" });
      hide.type = "button";
      hide.textContent = "Ẩn";
      hide.onclick = function () { box.style.display = "none"; };
      var body = document.createElement("div");
      body.id = "congbo-error-text";
      box.append(hide, h, body);
      document.body.appendChild(box);
    }
    box.style.display = "";
    // Messages wrap to the screen; a source line and its caret keep their columns (and
    // scroll sideways on a phone), or the caret would point at the wrong place.
    var body = document.getElementById("congbo-error-text");
    if (!body) {
      // The server's own error page (a first build that failed) has a plain <pre>.
      body = document.createElement("div");
      body.id = "congbo-error-text";
      var plain = box.querySelector("pre");
      if (plain) plain.replaceWith(body); else box.appendChild(body);
    }
    body.textContent = "";
    var lines = text.split("\n"), block = null, code = false;
    for (var i = 0; i < lines.length; i++) {
      var isCode = /^\s*\d*\s+\|/.test(lines[i]);
      if (!block || isCode !== code) {
        code = isCode;
        block = css(document.createElement("pre"), code
          ? { whiteSpace: "pre", overflowX: "auto", margin: "0", font: "inherit", background: "#f4f4f4" }
          : { whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: "0", font: "inherit" });
        body.appendChild(block);
        block.textContent = lines[i]; // text, never markup
      } else {
        block.textContent += "\n" + lines[i];
      }
    }
  }

  function built(d) {
    if (!d.ok) return overlay(d.errors);
    if (errorPage) return location.reload();
    overlay(null);
    var here = norm(location.pathname);
    var changed = d.changed || [];
    // A page served first (the page open, after an edit to a template or to front
    // matter), left as it was by the whole rebuild that follows, is not reloaded again.
    var same = (d.unchanged || []).some(function (p) { return norm(p) === here; });
    var reload = (d.all && !same) || changed.some(function (p) { return norm(p) === here || /\.js$/.test(p); });
    if (reload) return location.reload();
    // A stylesheet that changed is fetched again in place, keeping the scroll position.
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      if (changed.indexOf(url.pathname) >= 0) {
        url.searchParams.set("congbo", Date.now());
        links[i].href = url.href;
      }
    }
  }

  function hello(d) {
    // A new server (restarted) built anew: this page may be older than its site.
    if (server && server !== d.server) return location.reload();
    server = d.server;
    if (errorPage && d.ok && d.built) return location.reload();
    overlay(d.ok ? null : d.errors);
  }

  function connect() {
    var events = new EventSource("/__congbo/events");
    events.addEventListener("hello", function (e) { hello(JSON.parse(e.data)); });
    events.addEventListener("build", function (e) { built(JSON.parse(e.data)); });
    events.onerror = function () {
      // The browser retries by itself unless it gave up; then try again every second.
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  // Automated browsers (headless Chromium, WebDriver) wait for the network to go quiet
  // before they read a page, which an open events stream never lets happen: they are
  // shown the errors once, without live reload.
  if (navigator.webdriver || /Headless/.test(navigator.userAgent)) {
    fetch("/__congbo/status").then(function (r) { return r.json(); }).then(hello, function () {});
  } else {
    connect();
  }
})();
