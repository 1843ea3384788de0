//! The integration tests of congbo: one test binary, as mdBook's `tests/testsuite`.
//! Each group builds, checks, serves or imports real sites with the real binary in
//! temporary folders and reads the output back with the helpers of [`support`]:
//!
//! | group | tests | what |
//! | --- | --- | --- |
//! | [`site`] | 23 | the default site against the five seeds, names that tell documents apart, JSON-LD and sitemap dates, search index files a new document changes, links, sub-path base URL, diagnostics of `broken`, the output folder, feed and sitemap, `congbo new` |
//! | [`links`] | 18 | implementation trees and chains, amendment and replacement, ambiguous, duplicate, circular and variant references, mentions in the text, Party terms |
//! | [`progress`] | 16 | statuses, charts, indicator pages, summaries, targets.csv and JSON of `progress-basic`; invalid reports |
//! | [`import`] | 22 | `congbo import` of the seeds and of documents as portals publish them, Word files, a property test |
//! | [`import_real`] | 1 | `congbo import` of the real documents in `fixtures/import-real/`: nothing lost, fields scored against what an editor wrote (≥ 95% right), a per-field table printed |
//! | [`publishing`] | 14 | `init`, `new` and `import` outside a site, `base_url` shapes and warnings, `--output` where congbo runs, drafts, `[extra]`, typos that would become public errors, YAML anchors and merge keys, open data validated by frictionless, fingerprinted assets, `check` of links |
//! | [`safety`] | 43 | broken, hostile and huge inputs, untrusted HTML, killed builds, refused `--output`, determinism |
//! | [`serve`] | 5 | `congbo serve`: edits, broken saves, error pages, hostile requests |
//! | [`browser`] | 6 | search (ranking, typos, typing) and document pages in Chromium; where the text starts at 360 px, chart text, axe-core and page width on every page type; print to PDF |
//! | [`places`] | 12 | administrative units then and now (merged provinces, a district, a commune, an unknown issuer, codes), /dia-phuong/, search, open data codes, hiệu lực, the maps |
//! | [`messages`] | 3 | diagnostics of the broken fixtures in Vietnamese (expected in `expected/vi/`), English on request, the translated help |
//! | [`support`] | 3 | the helpers' own tests (diagnostics parser, HTML reader, normalised output) |
//!
//! `cargo test --test testsuite <filter>` runs a group (`links::`) or a test.
//! Expected diagnostics of the broken fixtures are in `expected/`;
//! `CONGBO_BLESS=1 cargo test` rewrites them from what congbo prints now.

mod browser;
mod import;
mod import_real;

mod links;
mod messages;
mod places;
mod progress;
mod publishing;
mod safety;
mod serve;
mod site;
mod support;
