#!/usr/bin/env python3
"""The bytes a search query fetches, gzipped, on a generated corpus.

Generates the 10,000-plan corpus with the shared generator (or reuses one), builds it
with the dist binary (or reuses an output folder), then, for a fixed list of
queries, runs tim-kiem.js's own query pipeline (`lookup` and `records`, in Node) over
the built index files, as the search page does for the first page of results, and
prints every file it fetched with its gzipped size, and the total per query. The
largest index files and the manifest are printed too.

    python3 bench/search_bytes.py                       # 10,000 plans, target/dist/congbo
    python3 bench/search_bytes.py --output /tmp/out     # an index already built
    python3 bench/search_bytes.py --plans 2000 --quiet  # totals only

Needs `node` (the page's script is run as it is) and the Python standard library.
Sizes are of `gzip -6` (Python's zlib level 6), as a web server would send them.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONGBO_TOML = 'title = "Bench"\nbase_url = "https://example.org/"\nas_of = "2025-06-01"\n'

# A number, two- and four-word phrases, a common phrase, five words, one very common
# word, a typo, a typo in a word's first letters.
QUERIES = [
    "49-kl/tw",
    "khuyen hoc",
    "gia dinh hoc tap",
    "ke hoach thuc hien",
    "phat trien van hoa doc sach",
    "huyen",
    "khuyen hox",
    "jhuyen hoc",
]

# Runs the page's pipeline in Node: the manifest, the word files of the query's keys,
# and the records of its first page. Prints one JSON line per query.
DRIVER = r"""
const fs = require("fs"), path = require("path");
const [script, out, queries] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])];
const api = require(script);
const root = path.join(out, "tim-kiem");
function loader(fetched) {
  // As the page's getJSON: a file named twice (tail ranges sharing one) is read once.
  return (p) => {
    if (!fetched.includes(p)) fetched.push(p);
    const file = path.join(out, p);
    return Promise.resolve(fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
  };
}
const paths = { words: "tim-kiem/chi-muc/", documents: "tim-kiem/tai-lieu/", vocabulary: "tim-kiem/tu-vung/" };
(async () => {
  for (const q of queries) {
    const fetched = [];
    const load = loader(fetched);
    const m = await load("tim-kiem/chi-muc.json");
    const r = await api.lookup(q, m, load, paths);
    const page = api.PAGE || 20;
    const docs = await api.records(m, r.results, 0, page, load, paths);
    const shown = r.results.slice(0, page).filter((x) => docs[x.id]).length;
    console.log(JSON.stringify({ q, fetched, all: r.all, results: r.results.length, shown,
                                 suggestion: r.suggestion }));
  }
})();
"""


def gz(path):
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def corpus(shared, work, plans):
    out = work / f"corpus-{plans}"
    if not (out / "ours" / "content").exists():
        subprocess.run([sys.executable, str(shared / "gen_corpus.py"), "--plans", str(plans), "--out", str(out),
                        "--flavours", "ours"], check=True, stdout=subprocess.DEVNULL)
    (out / "ours" / "congbo.toml").write_text(CONGBO_TOML)
    return out / "ours"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=10000)
    ap.add_argument("--work", default="/tmp/congbo-bench", help="where the corpus and the output go")
    ap.add_argument("--shared", default=str(REPO.parent / "shared" / "bench"))
    ap.add_argument("--congbo", default=str(REPO / "target" / "dist" / "congbo"))
    ap.add_argument("--output", help="a built site to measure (no corpus, no build)")
    ap.add_argument("--rebuild", action="store_true", help="build even if the output folder exists")
    ap.add_argument("--script", default=str(REPO / "themes" / "default" / "static" / "tim-kiem.js"))
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args()

    if args.output:
        out = Path(args.output)
    else:
        work = Path(args.work)
        site = corpus(Path(args.shared), work, args.plans)
        out = work / f"search-{args.plans}"
        if args.rebuild or not (out / "tim-kiem" / "chi-muc.json").exists():
            if not Path(args.congbo).exists():
                sys.exit(f"no congbo binary at {args.congbo}: run `cargo build --profile dist` first")
            subprocess.run([args.congbo, "build", "--root", str(site), "--output", str(out)], check=True,
                           stdout=subprocess.DEVNULL)
    index = out / "tim-kiem"
    files = [f for f in index.rglob("*.json")]
    sizes = {f: gz(f) for f in files}
    words = [f for f in files if f.parent.name == "chi-muc"]
    docs = [f for f in files if f.parent.name == "tai-lieu"]
    manifest = index / "chi-muc.json"
    raw = sum(f.stat().st_size for f in files)
    print(f"index: {len(files)} files, {raw / 1e6:.1f} MB raw; {len(words)} word files (largest "
          f"{max(sizes[f] for f in words) / 1000:.1f} KB gz), {len(docs)} record files (largest "
          f"{max(sizes[f] for f in docs) / 1000:.1f} KB gz), manifest {sizes[manifest] / 1000:.1f} KB gz")
    for f in sorted(files, key=lambda f: -sizes[f])[:3]:
        print(f"  largest: {f.relative_to(out)} {sizes[f] / 1000:.1f} KB gz")

    driver = Path(os.environ.get("TMPDIR", "/tmp")) / "congbo-search-bytes.js"
    driver.write_text(DRIVER)
    run = subprocess.run(["node", str(driver), os.path.abspath(args.script), str(out), json.dumps(QUERIES)],
                         check=True, capture_output=True, text=True)
    print()
    print("| query | files | manifest | word files | record files | total, gzip | results |")
    print("|---|---|---|---|---|---|---|")
    for line in run.stdout.splitlines():
        r = json.loads(line)
        fetched = list(dict.fromkeys(r["fetched"]))
        kinds = {"m": 0, "w": 0, "d": 0}
        for p in fetched:
            f = out / p
            size = gz(f) if f.exists() else 0
            kind = "m" if f == manifest else "d" if "/tai-lieu/" in p else "w"
            kinds[kind] += size
            if not args.quiet:
                print(f"    {r['q']!r}: {p} {size / 1000:.1f} KB{'' if f.exists() else ' (missing)'}",
                      file=sys.stderr)
        total = sum(kinds.values())
        print(f"| {r['q']} | {len(fetched)} | {kinds['m'] / 1000:.1f} KB | {kinds['w'] / 1000:.1f} KB | "
              f"{kinds['d'] / 1000:.1f} KB | {total / 1000:.1f} KB | {r['all']} with every word, "
              f"{r['shown']} shown{', suggests ' + repr(r['suggestion']) if r['suggestion'] else ''} |")


if __name__ == "__main__":
    main()
