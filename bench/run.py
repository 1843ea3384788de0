#!/usr/bin/env python3
"""Cold builds of generated corpora with congbo and, when installed, Hugo, in turn.

For each size it generates a corpus with the shared generator (gen_corpus.py, the same
plans in every size), then builds it RUNS times with each tool, alternating (congbo,
Hugo, congbo, Hugo, ...) so that both see the same machine load, each into a folder
of its own (all removed at the end), and prints wall time, CPU time (user + system)
and peak resident memory of each build, the medians, and the median of the per-pair
ratios.

    python3 bench/run.py --sizes 1000,10000 --runs 3
    python3 bench/run.py --sizes 10000 --rebuild   # also: a second build, nothing changed

Only the Python standard library; peak memory is the kernel's own accounting of the
finished process (wait4's ru_maxrss), as /usr/bin/time -v reports it.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The site configuration written into each generated corpus: the built-in theme,
# everything on (charts, chains, search index, feed, data, minify).
CONGBO_TOML = 'title = "Bench"\nbase_url = "https://example.org/"\nas_of = "2025-06-01"\n'


def run(cmd, cwd=None):
    """Runs `cmd`, its output thrown away; returns (wall s, cpu s, peak MB, exit code)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err_chunks = []
    # Read stderr while waiting, so that a chatty build never blocks on a full pipe.
    for chunk in iter(lambda: proc.stderr.read(65536), b""):
        err_chunks.append(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(b"".join(err_chunks)[-2000:].decode("utf-8", "replace"))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def corpus(shared, work, plans, flavours):
    """The corpus of `plans` plans under `work`, generated once and reused."""
    out = work / f"corpus-{plans}"
    meta = out / "corpus.json"
    if meta.exists():
        have = json.loads(meta.read_text()).get("flavours", {})
        if all(f in have for f in flavours):
            return out
    subprocess.run(
        [sys.executable, str(shared / "gen_corpus.py"), "--plans", str(plans), "--out", str(out),
         "--flavours", ",".join(flavours)],
        check=True, stdout=subprocess.DEVNULL)
    (out / "ours" / "congbo.toml").write_text(CONGBO_TOML)
    return out


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="plans per corpus, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="builds of each tool per size")
    ap.add_argument("--shared", default=str(REPO.parent / "shared" / "bench"),
                    help="folder of gen_corpus.py (default ../shared/bench)")
    ap.add_argument("--work", default="/tmp/congbo-bench", help="where corpora and outputs go")
    ap.add_argument("--congbo", default=str(REPO / "target" / "dist" / "congbo"),
                    help="the congbo binary (cargo build --profile dist: as installed)")
    ap.add_argument("--hugo", default=shutil.which("hugo"), help="the hugo binary (default: on PATH)")
    ap.add_argument("--no-hugo", action="store_true", help="build with congbo only")
    ap.add_argument("--rebuild", action="store_true",
                    help="after each cold congbo build, build again with nothing changed")
    args = ap.parse_args()

    shared, work = Path(args.shared).resolve(), Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    hugo = None if args.no_hugo else args.hugo
    if not Path(args.congbo).exists():
        sys.exit(f"no congbo binary at {args.congbo}: run `cargo build --profile dist` first")
    flavours = ["ours"] + (["hugo"] if hugo else [])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"congbo {args.congbo}; hugo {hugo or 'not installed'}")
    rows = []
    made = []
    for plans in [int(s) for s in args.sizes.split(",")]:
        c = corpus(shared, work, plans, flavours)
        results = {"congbo": [], "hugo": [], "rebuild": []}
        # Every build goes into a folder of its own, and nothing is removed until the
        # end: on a file system without a journal (these machines' ext4), the
        # kernel steps over every inode freed in the last minutes when it makes a file,
        # so that a build right after a deletion of 50,000 files spent up to 20 s more
        # in the kernel, whichever tool it was. (At 100,000 plans three runs are 15 GB.)
        base = work / f"out-{plans}"
        made.append(base)
        shutil.rmtree(base, ignore_errors=True)
        for i in range(args.runs):
            out = base / f"run-{i + 1}"
            r = run([args.congbo, "build", "--root", str(c / "ours"), "--output", str(out / "congbo")])
            results["congbo"].append(r)
            print(f"{plans:>7} congbo  run {i + 1}: {r[0]:7.2f} s wall {r[1]:7.2f} s cpu {r[2]:7.0f} MB", flush=True)
            if hugo:
                r = run([hugo, "--quiet", "--source", str(c / "hugo"), "--layoutDir", "layouts-urlize",
                         "--destination", str(out / "hugo")])
                results["hugo"].append(r)
                print(f"{plans:>7} hugo    run {i + 1}: {r[0]:7.2f} s wall {r[1]:7.2f} s cpu {r[2]:7.0f} MB",
                      flush=True)
            if args.rebuild:
                r = run([args.congbo, "build", "--root", str(c / "ours"), "--output", str(out / "congbo")])
                results["rebuild"].append(r)
                print(f"{plans:>7} rebuild run {i + 1}: {r[0]:7.2f} s wall {r[1]:7.2f} s cpu {r[2]:7.0f} MB",
                      flush=True)
        rows.append((plans, results))
    for base in made:
        shutil.rmtree(base, ignore_errors=True)

    print()
    print("| plans | congbo wall / cpu / peak | Hugo wall / cpu / peak | congbo/Hugo wall (median of pairs) "
          "| rebuild unchanged / cold |")
    print("|---|---|---|---|---|")
    for plans, res in rows:
        def cell(rs):
            if not rs:
                return "—"
            return (f"{median([r[0] for r in rs]):.2f} s / {median([r[1] for r in rs]):.2f} s / "
                    f"{median([r[2] for r in rs]):.0f} MB")
        ratio = (f"{median([a[0] / b[0] for a, b in zip(res['congbo'], res['hugo'])]):.2f}"
                 if res["hugo"] else "—")
        rebuild = (f"{median([a[0] / b[0] for a, b in zip(res['rebuild'], res['congbo'])]):.2f}"
                   if res["rebuild"] else "—")
        print(f"| {plans:,} | {cell(res['congbo'])} | {cell(res['hugo'])} | {ratio} | {rebuild} |")
    failed = [r for _, res in rows for rs in res.values() for r in rs if r[3] != 0]
    if failed:
        sys.exit(f"{len(failed)} build(s) failed")


if __name__ == "__main__":
    main()
