#!/usr/bin/env python3
"""Live-edit times of `congbo serve`: from saving a file to the new page being served.

Starts `congbo serve` on a generated corpus (bench/run.py makes them), waits for the
first build, then saves three kinds of edit in turn and polls the served page until
it shows the change:

- a plan's body (its own page must show the new sentence);
- its front matter (a new title, shown on its page and in the lists);
- its issuer (it moves from one issuer's list to another's);
- a template (a site template overriding the theme's document.html): the page open
  is served first, then every other page (timed on another plan's page).

Each edit is undone before the next; times are from the write to the first response
that shows it (polling every 5 ms), so they include the watcher's debounce; beside
each, the CPU time serve used meanwhile (on Linux), which other work on a shared
machine sways less than the wall time.

    python3 bench/live_edit.py --corpus /tmp/congbo-bench/corpus-10000/ours
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def wait_for(url, needle, limit):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if needle in fetch(url):
            return time.monotonic() - start
        time.sleep(0.005)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="the site root (…/corpus-N/ours)")
    ap.add_argument("--congbo", default=str(REPO / "target" / "dist" / "congbo"))
    ap.add_argument("--port", type=int, default=18111)
    ap.add_argument("--limit", type=float, default=300, help="seconds to wait for any one build")
    ap.add_argument("--log", help="keep what serve prints (its rebuild times) in this file")
    args = ap.parse_args()
    root = Path(args.corpus)
    plan = sorted((root / "content" / "plans").glob("*.md"))[0]
    original = plan.read_text(encoding="utf-8")
    server = subprocess.Popen([args.congbo, "serve", "--root", str(root), "--port", str(args.port)],
                              stdout=subprocess.DEVNULL,
                              stderr=open(args.log, "w") if args.log else subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}/"
    templates = root / "templates"
    try:
        start = time.monotonic()
        if wait_for(base, "<html", args.limit) is None:
            sys.exit("the first build did not finish in time")
        print(f"first build served after {time.monotonic() - start:.1f} s")
        # The plan's page: the first document link on the listing that names its number.
        issuer_line = next(l for l in original.splitlines() if l.startswith("issuer:"))
        issuer = "UBND tỉnh Lạng Sơn" if "Cao Bằng" in issuer_line else "UBND tỉnh Cao Bằng"
        number = next(l.split(":", 1)[1].strip().strip('"') for l in original.splitlines() if l.startswith("number:"))
        docs = json.loads(fetch(base + "du-lieu/documents.json"))["documents"]
        slug_url = next(d["url"] for d in docs if d.get("number") == number)
        page = base + slug_url.split("://", 1)[1].split("/", 1)[1]
        other_url = next(d["url"] for d in docs if d["url"] != slug_url and "/van-ban/" in d["url"])
        other = base + other_url.split("://", 1)[1].split("/", 1)[1]

        edits = [
            ("body", lambda: plan.write_text(original.replace("\n---\n", "\n---\n\nCâu mới để đo thời gian.\n", 1),
                                             encoding="utf-8"), "Câu mới để đo thời gian."),
            ("front matter", lambda: plan.write_text(original.replace("title: ", "title: Sửa tên ", 1),
                                                     encoding="utf-8"), "Sửa tên"),
            # Another issuer: the plan moves from one issuer's list to another's.
            ("issuer", lambda: plan.write_text(original.replace(issuer_line, f'issuer: "{issuer}"', 1),
                                               encoding="utf-8"), issuer),
        ]
        theme_doc = REPO / "themes" / "default" / "templates" / "document.html"
        if theme_doc.exists():
            text = theme_doc.read_text(encoding="utf-8")
            edits.append(("template", lambda: (templates.mkdir(exist_ok=True), (templates / "document.html").write_text(
                text.replace("{% block content %}", "{% block content %}<p>Mẫu đã sửa.</p>", 1), encoding="utf-8")),
                "Mẫu đã sửa."))
        for name, edit, needle in edits:
            time.sleep(1)
            cpu = cpu_seconds(server.pid)
            edit()
            took = wait_for(page, needle, args.limit)
            after = cpu_seconds(server.pid)
            # CPU time serve used meanwhile: less swayed than wall time by other work on the machine.
            used = f", {after - cpu:.2f} s CPU" if cpu is not None and after is not None else ""
            print(f"{name:>12}: {'not seen' if took is None else f'{took * 1000:.0f} ms'} from save to page{used}")
            if name == "template":
                # The page open is served first; every other page follows with the
                # whole rebuild: another plan's page, never asked for before.
                rest = wait_for(other, needle, args.limit)
                after = cpu_seconds(server.pid)
                used = f", {after - cpu:.2f} s CPU" if cpu is not None and after is not None else ""
                print(f"{'whole site':>12}: {'not seen' if rest is None else f'{(took + rest) * 1000:.0f} ms'}"
                      f" from save to every page{used}")
            plan.write_text(original, encoding="utf-8")
            shutil.rmtree(templates, ignore_errors=True)
            # Wait for the undo to be built before the next edit.
            start = time.monotonic()
            while needle in fetch(page) and time.monotonic() - start < args.limit:
                time.sleep(0.05)
    finally:
        plan.write_text(original, encoding="utf-8")
        shutil.rmtree(templates, ignore_errors=True)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
