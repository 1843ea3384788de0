//! The integration tests of congbo: one test binary, as mdBook's `tests/testsuite`.
//! Each group builds, checks, serves or imports real sites with the real binary in
//! temporary folders and reads the output back with the helpers of [`support`]:
//!
//! | group | tests | what |
//! | --- | --- | --- |
//! | [`site`] | 19 | the default site against the five seeds, links, sub-path base URL, diagnostics of `broken`, the output folder, feed and sitemap, `congbo new` |
//! | [`links`] | 17 | implementation trees and chains, amendment and replacement, ambiguous, duplicate, circular and variant references, mentions in the text, Party terms |
//! | [`progress`] | 16 | statuses, charts, indicator pages, summaries, targets.csv and JSON of `progress-basic`; invalid reports |
//! | [`import`] | 15 | `congbo import` of the seeds and of documents as portals publish them, Word files, a property test |
//! | [`safety`] | 40 | broken, hostile and huge inputs, untrusted HTML, killed builds, refused `--output`, determinism |
//! | [`serve`] | 4 | `congbo serve`: edits, broken saves, error pages |
//! | [`browser`] | 2 | search and document pages in Chromium |
//! | [`places`] | 12 | administrative units then and now (merged provinces, a district, a commune, an unknown issuer, codes), /dia-phuong/, search, open data codes, hiệu lực, the maps |
//! | [`messages`] | 3 | diagnostics of the broken fixtures in Vietnamese (expected in `expected/vi/`), English on request, the translated help |
//! | [`support`] | 3 | the helpers' own tests (diagnostics parser, HTML reader, normalised output) |
//!
//! `cargo test --test testsuite <filter>` runs a group (`links::`) or a test.
//! Expected diagnostics of the broken fixtures are in `expected/`;
//! `CONGBO_BLESS=1 cargo test` rewrites them from what congbo prints now.

mod browser;
mod import;
mod links;
mod messages;
mod places;
mod progress;
mod safety;
mod serve;
mod site;
mod support;
