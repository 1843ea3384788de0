// Opens a page served by `congbo serve` in a headless Chromium, as an editor keeps it
// open, and prints one line per load of the page: `load <n> <true|false>`, whether it
// shows MARKER. Chromium is driven over the DevTools protocol (the `ws` package, which
// .ci/run installs beside axe-core); it shows itself as a desktop browser (its user
// agent, no `navigator.webdriver`), for reload.js gives automated browsers no live reload.
//
//     node reload.mjs CHROMIUM URL MARKER WS_MODULE
//
// Runs until its standard input closes (the test ends it).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [chromium, url, marker, wsModule] = process.argv.slice(2);
const { default: WebSocket } = await import(wsModule);
const profile = mkdtempSync(join(tmpdir(), "congbo-reload-"));
const browser = spawn(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", `--user-data-dir=${profile}`,
  "--disable-blink-features=AutomationControlled",
  "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });
const end = () => { browser.kill(); rmSync(profile, { recursive: true, force: true }); process.exit(0); };
process.stdin.on("end", end);
process.stdin.resume();

// Chromium says where its DevTools listen on its standard error.
const endpoint = await new Promise((resolve) => {
  let said = "";
  browser.stderr.on("data", (chunk) => {
    said += chunk;
    const m = said.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
});
const port = new URL(endpoint).port;
const target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: "PUT" })).json();
const ws = new WebSocket(target.webSocketDebuggerUrl);
let id = 0;
const send = (method, params = {}) => ws.send(JSON.stringify({ id: ++id, method, params }));
let loads = 0;
ws.on("open", () => {
  send("Page.enable");
  send("Runtime.enable");
  send("Page.navigate", { url });
});
ws.on("message", (data) => {
  const msg = JSON.parse(data);
  if (msg.method === "Page.loadEventFired") {
    const expression = `document.body.innerText.includes(${JSON.stringify(marker)})`;
    send("Runtime.evaluate", { expression, returnByValue: true });
  }
  const value = msg.result && msg.result.result && msg.result.result.value;
  if (typeof value === "boolean") {
    loads += 1;
    console.log(`load ${loads} ${value}`);
  }
});
