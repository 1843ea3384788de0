//! Integration tests of the cross-linking stage (`link::resolve` and what the pages
//! show of it): chains and trees of implementation, amendment and replacement,
//! ambiguous, variant, missing and circular references, documents named in body text,
//! Party terms.
//!
//! Each test builds or checks one small fixture site in tests/fixtures/links-*/ with
//! the real binary, and asserts on the HTML it writes and on the diagnostics it prints
//! (`path:line:col: error|warning: message`, the source line quoted below). Lines and
//! columns are computed from the fixture's own text, not written in the test.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;

const AS_OF: &str = "2026-11-01";

// ---------------------------------------------------------------------------------
// Diagnostics

/// One diagnostic as printed by congbo.
#[derive(Debug, Clone)]
struct Diag {
    file: String,
    line: usize,
    col: usize,
    severity: String,
    message: String,
    /// The source line quoted under the message (" 7 | implements: …"), as "7 | …".
    quoted: Option<String>,
    /// How many characters the caret line underlines.
    carets: usize,
    help: Option<String>,
}

/// Every `path:line:col: severity: message` block of a run's stderr.
fn diagnostics(stderr: &str) -> Vec<Diag> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some((head, severity, message)) = [": error: ", ": warning: "].iter().find_map(|sep| {
            l.split_once(sep).map(|(h, m)| (h, sep.trim_matches([':', ' ']).to_string(), m.to_string()))
        }) else {
            continue;
        };
        // "path:line:col", "path:line" or "path" (a problem of the whole file: 0, 0).
        let mut file = head;
        let mut numbers = Vec::new();
        while let Some((rest, n)) = file.rsplit_once(':').and_then(|(r, n)| Some((r, n.parse::<usize>().ok()?))) {
            if numbers.len() == 2 {
                break;
            }
            numbers.insert(0, n);
            file = rest;
        }
        let (line, col) = match numbers[..] {
            [l, c] => (l, c),
            [l] => (l, 0),
            _ => (0, 0),
        };
        let mut d = Diag { file: file.to_string(), line, col, severity, message, quoted: None, carets: 0, help: None };
        for next in lines[i + 1..].iter().take_while(|n| !n.trim().is_empty()) {
            let t = next.trim_start();
            if let Some(h) = t.strip_prefix("= help: ") {
                d.help = Some(h.to_string());
            } else if let Some(rest) = t.strip_prefix("| ") {
                if rest.trim_start().starts_with('^') {
                    d.carets = rest.trim().chars().filter(|&c| c == '^').count();
                }
            } else if t.contains(" | ") && d.quoted.is_none() {
                d.quoted = Some(t.to_string());
            }
        }
        out.push(d);
    }
    out
}

/// Line (1-based) of the first line of `file` containing `line_with`, and the column
/// (1-based, in characters) where `col_at` starts on that line.
fn place(site: &TestSite, file: &str, line_with: &str, col_at: &str) -> (usize, usize, String) {
    let source = site.read_source(file);
    let (idx, text) = source
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_with))
        .unwrap_or_else(|| panic!("fixture {file} has no line with {line_with:?}"));
    let byte = text.find(col_at).unwrap_or_else(|| panic!("{file}:{}: no {col_at:?} in {text:?}", idx + 1));
    (idx + 1, text[..byte].chars().count() + 1, text.to_string())
}

/// What a diagnostic must say, and where.
struct Expect<'a> {
    file: &'a str,
    severity: &'a str,
    /// The offending line: the first line of the file containing this text.
    line_with: &'a str,
    /// Where the caret starts on that line.
    col_at: &'a str,
    /// Texts the message must contain.
    says: &'a [&'a str],
}

/// Finds the diagnostic `e` describes in `stderr` and checks its place, message, quoted
/// line and caret; returns it for further checks.
fn expect_diag(site: &TestSite, stderr: &str, e: &Expect) -> Diag {
    let (line, col, text) = place(site, e.file, e.line_with, e.col_at);
    let all = diagnostics(stderr);
    let here: Vec<&Diag> = all.iter().filter(|d| d.file == e.file && d.severity == e.severity).collect();
    let Some(d) = here.iter().find(|d| d.line == line && d.col == col) else {
        panic!(
            "expected {}:{line}:{col}: {}: … {:?}; the {} diagnostics of {} are:\n{}\n--- stderr:\n{stderr}",
            e.file,
            e.severity,
            e.says,
            e.severity,
            e.file,
            here.iter()
                .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.col, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    for s in e.says {
        assert!(d.message.contains(s), "{}:{line}:{col}: the message does not say {s:?}: {}", e.file, d.message);
    }
    let expected_quote = format!("{line} | {}", text.trim_end());
    assert_eq!(
        d.quoted.as_deref(),
        Some(expected_quote.as_str()),
        "{}:{line}:{col}: the source line is not quoted",
        e.file
    );
    assert_eq!(
        d.carets,
        e.col_at.chars().count(),
        "{}:{line}:{col}: the caret does not underline {:?}",
        e.file,
        e.col_at
    );
    (*d).clone()
}

fn errors(stderr: &str) -> Vec<Diag> {
    diagnostics(stderr).into_iter().filter(|d| d.severity == "error").collect()
}

fn describe(diags: &[Diag]) -> String {
    diags
        .iter()
        .map(|d| format!("{}:{}:{}: {}: {}", d.file, d.line, d.col, d.severity, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------
// HTML

/// Byte offset just past the `>` of the start tag at `offset` (quotes respected).
fn tag_end(html: &str, offset: usize) -> usize {
    let b = html.as_bytes();
    let mut quote = None;
    let mut i = offset + 1;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'"' | b'\'') if b[i - 1] == b'=' => quote = Some(b[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn has_class(tag: &StartTag, class: &str) -> bool {
    tag.attr("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// The element that starts with the first `<name …>` tag having class `class`, up to
/// its end tag (the element must not contain another `name` element). None when absent.
fn element<'a>(html: &'a str, name: &str, class: &str) -> Option<&'a str> {
    let tag = start_tags(html).into_iter().find(|t| t.name == name && has_class(t, class))?;
    let close = format!("</{name}>");
    let end = html[tag.offset..].find(&close).map_or(html.len(), |e| tag.offset + e + close.len());
    Some(&html[tag.offset..end])
}

/// Every element `<name …>` with class `class`, as above.
fn elements<'a>(html: &'a str, name: &str, class: &str) -> Vec<&'a str> {
    let close = format!("</{name}>");
    start_tags(html)
        .into_iter()
        .filter(|t| t.name == name && has_class(t, class))
        .map(|t| {
            let end = html[t.offset..].find(&close).map_or(html.len(), |e| t.offset + e + close.len());
            &html[t.offset..end]
        })
        .collect()
}

/// A link of a page: its target, class and visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    href: String,
    class: String,
    text: String,
    /// Byte offset of the `<a` in the HTML it was read from.
    offset: usize,
    /// Byte offset just past its `</a>`.
    end: usize,
}

fn anchors(html: &str) -> Vec<Anchor> {
    start_tags(html)
        .into_iter()
        .filter(|t| t.name == "a")
        .map(|t| {
            let inner = tag_end(html, t.offset);
            let close = html[inner..].find("</a>").map_or(html.len(), |e| inner + e);
            Anchor {
                href: t.attr("href").unwrap_or("").to_string(),
                class: t.attr("class").unwrap_or("").to_string(),
                text: page_text(&html[inner..close]),
                offset: t.offset,
                end: (close + 4).min(html.len()),
            }
        })
        .collect()
}

/// The `doc-name` links of a page: how a document is listed (doc_line in components.html).
fn doc_lines(html: &str) -> Vec<Anchor> {
    anchors(html).into_iter().filter(|a| a.class.split_whitespace().any(|c| c == "doc-name")).collect()
}

/// Whether the listed document whose `doc-name` link is `a` carries the badge
/// "Hết hiệu lực" right after its name.
fn badge_follows(html: &str, a: &Anchor) -> bool {
    let rest_trimmed = html[a.end..].trim_start();
    let Some(span) = start_tags(rest_trimmed).into_iter().next() else { return false };
    if span.offset != 0 || span.name != "span" || !has_class(&span, "badge-off") {
        return false;
    }
    let inner = tag_end(rest_trimmed, 0);
    let close = rest_trimmed[inner..].find("</span>").map_or(rest_trimmed.len(), |e| inner + e);
    page_text(&rest_trimmed[inner..close]) == "Hết hiệu lực"
}

/// The items of the list under `<h3>{heading}</h3>` in "Văn bản liên quan": for each,
/// the document it links to (its `doc-name` link) and its visible text.
fn relation_items(html: &str, heading: &str) -> Option<Vec<(Option<String>, String)>> {
    let section = element(html, "section", "relations")?;
    let h3 = format!("<h3>{heading}</h3>");
    let at = section.find(&h3)? + h3.len();
    let ul_start = section[at..].find("<ul")? + at;
    let ul_end = section[ul_start..].find("</ul>").map_or(section.len(), |e| ul_start + e);
    Some(list_items(&section[ul_start..ul_end]))
}

/// The `<li>` items of a list (closing tags may be omitted by the minifier).
fn list_items(list: &str) -> Vec<(Option<String>, String)> {
    list.split("<li")
        .skip(1)
        .map(|part| {
            let li = format!("<li{part}");
            let doc = doc_lines(&li).into_iter().next().map(|a| a.href);
            (doc, page_text(&li))
        })
        .collect()
}

/// The tree of "Văn bản thực hiện" on a document's page, as (parent, child) edges of
/// page URLs; the page's own document is the parent of the top level (`page`).
fn implementer_tree(html: &str, page: &str) -> BTreeSet<(String, String)> {
    let section = element(html, "section", "implementers").unwrap_or_else(|| panic!("{page}: no implementers section"));
    // Events in document order: <ul> opens a level, </ul> closes it, a doc-name link is
    // a node at the current level. `</li>` is optional in HTML, `</ul>` is not.
    let mut events: Vec<(usize, Option<String>)> = Vec::new(); // None = </ul>, Some("") = <ul>
    for t in start_tags(section) {
        if t.name == "ul" {
            events.push((t.offset, Some(String::new())));
        } else if t.name == "a" && has_class(&t, "doc-name") {
            events.push((t.offset, Some(t.attr("href").unwrap_or("").to_string())));
        }
    }
    for (i, _) in section.match_indices("</ul") {
        events.push((i, None));
    }
    events.sort_by_key(|e| e.0);
    let mut last_at_level: Vec<String> = vec![page.to_string()];
    let mut depth = 0usize;
    let mut edges = BTreeSet::new();
    for (_, e) in events {
        match e {
            Some(s) if s.is_empty() => depth += 1,
            None => depth = depth.saturating_sub(1),
            Some(href) => {
                assert!(depth >= 1, "{page}: a document outside any list in the tree");
                last_at_level.truncate(depth);
                let parent = last_at_level[depth - 1].clone();
                edges.insert((parent, href.clone()));
                last_at_level.push(href);
            }
        }
    }
    edges
}

/// The text of the counts line of "Văn bản thực hiện" ("8 văn bản thực hiện, 2 trực tiếp").
fn implementer_counts(html: &str) -> Option<String> {
    let section = element(html, "section", "implementers")?;
    element(section, "p", "count").map(page_text)
}

/// The chains of "Thực hiện theo chuỗi văn bản": one list of link targets per `<ol>`.
fn chains(html: &str) -> Vec<Vec<String>> {
    let Some(nav) = element(html, "nav", "chains") else { return Vec::new() };
    elements(nav, "ol", "chain").into_iter().map(|ol| anchors(ol).into_iter().map(|a| a.href).collect()).collect()
}

/// The `<p class=notice>` of a page that contains `words`.
fn notice<'a>(html: &'a str, words: &str) -> Option<&'a str> {
    elements(html, "p", "notice").into_iter().find(|p| page_text(p).contains(words))
}

// =================================================================================
// 1. A chain six levels deep, with branches

/// Pages of the links-tree fixture (see its congbo.toml for the picture).
mod tree {
    pub const A: &str = "/van-ban/11-ct-tw-2007/"; // Chỉ thị 11-CT/TW
    pub const B: &str = "/van-ban/49-kl-tw-2019/"; // Kết luận 49-KL/TW → A
    pub const Q: &str = "/van-ban/387-qd-ttg-2022/"; // Quyết định 387/QĐ-TTg → A
    pub const C: &str = "/van-ban/387-kh-tu-2019/"; // Kế hoạch 387-KH/TU → B
    pub const H: &str = "/van-ban/41-cthd-hkh-2022/"; // Chương trình 41/CTHĐ-HKH → B
    pub const D: &str = "/van-ban/4621-kh-ubnd-2022/"; // Kế hoạch 4621/KH-UBND → C and Q
    pub const E: &str = "/van-ban/112-kh-ubnd-2023/"; // Kế hoạch 112/KH-UBND → D
    pub const G: &str = "/van-ban/208-kh-hnd-2023/"; // Kế hoạch 208-KH/HND → D
    pub const F: &str = "/van-ban/15-kh-hkh-2023/"; // Kế hoạch 15/KH-HKH → E

    /// (carried out, carrying out): every `implements` of the fixture, reversed.
    pub const EDGES: &[(&str, &str)] = &[(A, B), (A, Q), (B, C), (B, H), (C, D), (Q, D), (D, E), (D, G), (E, F)];
}

/// The edges of the fixture below `top`, as the tree on `top`'s page should show them.
fn edges_below(top: &str) -> BTreeSet<(String, String)> {
    let mut below = BTreeSet::from([top.to_string()]);
    let mut edges = BTreeSet::new();
    loop {
        let before = edges.len();
        for &(p, c) in tree::EDGES {
            if below.contains(p) {
                edges.insert((p.to_string(), c.to_string()));
                below.insert(c.to_string());
            }
        }
        if edges.len() == before {
            return edges;
        }
    }
}

/// The top directive's page lists every document below it, each under the one it
/// carries out, with the counts; so does every page in the middle of the chain.
#[test]
fn tree_of_implementers_lists_every_document_with_counts() {
    use tree::*;
    let site = TestSite::fixture("links-tree");
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(diagnostics(&run.stderr).is_empty(), "the tree fixture has diagnostics:\n{}", run.stderr);

    // (page, all below, directly below)
    let counts = [(A, 8, 2), (B, 6, 2), (Q, 4, 1), (C, 4, 1), (D, 3, 2), (E, 1, 1)];
    for (page, total, direct) in counts {
        let html = run.read(page);
        assert_eq!(
            implementer_counts(&html).as_deref(),
            Some(format!("{total} văn bản thực hiện, {direct} trực tiếp").as_str()),
            "{page}: wrong counts of implementers"
        );
        let shown = implementer_tree(&html, page);
        let expected = edges_below(page);
        assert_eq!(shown, expected, "{page}: the tree of implementers is not the fixture's (parent, child) edges");
    }
    for page in [F, G, H] {
        let html = run.read(page);
        assert_eq!(implementer_counts(&html), None, "{page}: nothing carries it out, yet it shows implementer counts");
    }

    // Every document below A is in A's tree, A itself is not.
    let shown: BTreeSet<String> = implementer_tree(&run.read(A), A).into_iter().map(|(_, c)| c).collect();
    let all: BTreeSet<String> = [B, Q, C, H, D, E, G, F].iter().map(|s| s.to_string()).collect();
    assert_eq!(shown, all, "the page of Chỉ thị 11-CT/TW does not list exactly the 8 documents below it");
}

/// The lowest document's page shows each branch of the chain above it as its own
/// ordered list of links, top first; so do the pages in the middle.
#[test]
fn chains_above_show_each_branch_top_first() {
    use tree::*;
    let site = TestSite::fixture("links-tree");
    let run = site.build_ok(&["--as-of", AS_OF]);

    let expected: [(&str, &[&[&str]]); 5] = [
        (F, &[&[A, B, C, D, E], &[A, Q, D, E]]),
        (G, &[&[A, B, C, D], &[A, Q, D]]),
        (D, &[&[A, B, C], &[A, Q]]),
        (H, &[&[A, B]]),
        (B, &[&[A]]),
    ];
    for (page, want) in expected {
        let html = run.read(page);
        let mut got = chains(&html);
        got.sort();
        let mut want: Vec<Vec<String>> = want.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        want.sort();
        assert_eq!(got, want, "{page}: the chains above it (one <ol class=chain> per branch, top first)");
        let nav = element(&html, "nav", "chains").unwrap();
        assert!(page_text(nav).starts_with("Thực hiện theo chuỗi văn bản"), "{page}: the chains have no label");
        for ol in elements(nav, "ol", "chain") {
            assert!(
                page_text(ol).ends_with("Văn bản này"),
                "{page}: a chain does not end with the page itself: {}",
                page_text(ol)
            );
        }
    }
    assert!(chains(&run.read(A)).is_empty(), "the top directive carries nothing out, yet shows a chain");
}

// =================================================================================
// 2. Amendment and replacement

mod amend {
    /// Chương trình hành động 25-CTrHĐ/HKH (2021), amended by B.
    pub const A: &str = "/van-ban/25-ctrhd-hkh-2021/";
    /// Chương trình hành động 41/CTHĐ-HKH (2022): `amends: "25-CTrHĐ/HKH"`.
    pub const B: &str = "/van-ban/41-cthd-hkh-2022/";
    /// Kế hoạch 9/KH-UBND (2023): `replaces: "5/KH-UBND"`.
    pub const C: &str = "/van-ban/9-kh-ubnd-2023/";
    /// Kế hoạch 5/KH-UBND (2018), replaced by C.
    pub const D: &str = "/van-ban/5-kh-ubnd-2018/";
    /// Kế hoạch 31/KH-UBND of a district: `implements: ["5/KH-UBND"]`.
    pub const E: &str = "/van-ban/31-kh-ubnd-2018/";
    /// Kế hoạch 7/KH-HKH: names "Kế hoạch số 5/KH-UBND" in its text.
    pub const F: &str = "/van-ban/7-kh-hkh-2018/";
}

#[test]
fn amended_document_names_its_amendment_and_the_amendment_lists_it() {
    use amend::*;
    let site = TestSite::fixture("links-amend");
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(diagnostics(&run.stderr).is_empty(), "the amend fixture has diagnostics:\n{}", run.stderr);

    let a = run.read(A);
    let n = notice(&a, "được sửa đổi, bổ sung bởi")
        .unwrap_or_else(|| panic!("{A}: no notice \"được sửa đổi, bổ sung bởi\""));
    assert_eq!(page_text(n), "Văn bản này được sửa đổi, bổ sung bởi Chương trình hành động 41/CTHĐ-HKH.");
    assert_eq!(anchors(n).into_iter().map(|x| x.href).collect::<Vec<_>>(), [B], "{A}: the notice does not link to B");
    // Amended is not replaced: still in force.
    assert!(!page_text(&a).contains("Hết hiệu lực"), "{A}: an amended document is marked as no longer in force");
    assert!(notice(&a, "thay thế").is_none(), "{A}: an amended document says it was replaced");

    let b = run.read(B);
    let items = relation_items(&b, "Sửa đổi, bổ sung").unwrap_or_else(|| panic!("{B}: no \"Sửa đổi, bổ sung\" list"));
    assert_eq!(items.len(), 1, "{B}: {items:?}");
    assert_eq!(items[0].0.as_deref(), Some(A), "{B}: the amended programme is not linked under \"Sửa đổi, bổ sung\"");
    assert!(items[0].1.starts_with("Chương trình hành động 25-CTrHĐ/HKH"), "{B}: {:?}", items[0].1);
    assert!(notice(&b, "được sửa đổi").is_none(), "{B}: the amending document says it is amended");
}

#[test]
fn replaced_document_names_its_replacement() {
    use amend::*;
    let site = TestSite::fixture("links-amend");
    let run = site.build_ok(&["--as-of", AS_OF]);

    let d = run.read(D);
    let n = notice(&d, "đã bị thay thế bởi").unwrap_or_else(|| panic!("{D}: no notice \"đã bị thay thế bởi\""));
    assert_eq!(page_text(n), "Văn bản này đã bị thay thế bởi Kế hoạch 9/KH-UBND.");
    assert_eq!(anchors(n).into_iter().map(|x| x.href).collect::<Vec<_>>(), [C], "{D}: the notice does not link to C");
    let kind = element(&d, "p", "doc-kind").expect("a doc-kind line");
    assert_eq!(page_text(kind), "Kế hoạch Hết hiệu lực", "{D}: the replaced document's own page has no badge");

    let c = run.read(C);
    let items = relation_items(&c, "Thay thế").unwrap_or_else(|| panic!("{C}: no \"Thay thế\" list"));
    assert_eq!(items.len(), 1, "{C}: {items:?}");
    assert_eq!(items[0].0.as_deref(), Some(D), "{C}: the replaced plan is not linked under \"Thay thế\"");
    assert!(
        !page_text(&element(&c, "p", "doc-kind").unwrap()).contains("Hết hiệu lực"),
        "{C}: the replacing plan is marked as no longer in force"
    );
}

/// Wherever the replaced plan is listed — home page, the list of all documents, the
/// listings of its issuer, region and level, the plan that carries it out, the plan
/// that names it in its text, the plan that replaces it — its name is followed by the
/// badge "Hết hiệu lực"; no other document's is.
#[test]
fn replaced_document_carries_the_badge_wherever_listed() {
    use amend::*;
    let site = TestSite::fixture("links-amend");
    let run = site.build_ok(&["--as-of", AS_OF]);

    let must_list = ["/", "/van-ban/", "/co-quan/ubnd-thanh-pho-ha-noi/", "/dia-phuong/ha-noi/", "/cap/tinh/", E, F, C];
    for page in must_list {
        let html = run.read(page);
        assert!(
            doc_lines(&html).iter().any(|a| a.href == D),
            "{page} does not list Kế hoạch 5/KH-UBND (doc-name link to {D})"
        );
    }
    // E lists it under "Thực hiện", F under "Văn bản được dẫn chiếu".
    assert_eq!(relation_items(&run.read(E), "Thực hiện").unwrap()[0].0.as_deref(), Some(D));
    let f = run.read(F);
    let cited = element(&f, "section", "cited").unwrap_or_else(|| panic!("{F}: no \"Văn bản được dẫn chiếu\""));
    assert_eq!(list_items(cited).into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(D.to_string())]);

    let mut problems = Vec::new();
    let mut listed_on = 0;
    for file in html_files(&run.output) {
        let html = fs::read_to_string(run.output.join(&file)).unwrap();
        for a in doc_lines(&html) {
            let badge = badge_follows(&html, &a);
            if a.href == D {
                listed_on += 1;
                if !badge {
                    problems.push(format!("{file}: {} is listed without the badge \"Hết hiệu lực\"", a.text));
                }
            } else if badge {
                problems.push(format!(
                    "{file}: {} ({}) is marked \"Hết hiệu lực\" but nothing replaces it",
                    a.text, a.href
                ));
            }
        }
    }
    assert!(listed_on >= must_list.len(), "the replaced plan is listed only {listed_on} times");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// =================================================================================
// 3. Two documents with one number

const KH05_2007: &str = "/van-ban/05-kh-ubnd-2007/";
const KH05_2010: &str = "/van-ban/05-kh-ubnd-2010/";

/// A bare number two documents share is an error at the reference, naming both.
#[test]
fn ambiguous_number_is_an_error_naming_both_documents() {
    let site = TestSite::fixture("links-ambiguous");
    let run = site.check();
    run.assert_exit(1);
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/mo-ho.md",
            severity: "error",
            line_with: "implements:",
            col_at: "05/KH-UBND",
            says: &["05/KH-UBND", "2 documents", "directives/05-kh-ubnd-2007.md", "directives/05-kh-ubnd-2010.md"],
        },
    );
    assert!(d.help.as_deref().is_some_and(|h| h.contains("year")), "no hint to add the year: {d:?}");
    // The qualified references are not errors.
    for ok in ["content/plans/theo-nam.md", "content/plans/theo-ngay.md"] {
        let wrong: Vec<Diag> = diagnostics(&run.stderr).into_iter().filter(|d| d.file == ok).collect();
        assert!(wrong.is_empty(), "{ok} names the year, yet:\n{}", describe(&wrong));
    }
}

/// The year or the date written with the number chooses the document.
#[test]
fn year_or_date_chooses_between_documents_sharing_a_number() {
    let site = TestSite::fixture("links-ambiguous");
    site.remove("content/plans/mo-ho.md");
    site.remove("content/plans/mo-ho-dong-thu-hai.md");
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);

    // "05/KH-UBND (2010)"
    let theo_nam = "/van-ban/21-kh-ubnd-2010/";
    let items = relation_items(&run.read(theo_nam), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(KH05_2010.to_string())], "{theo_nam}");
    assert_eq!(
        implementer_tree(&run.read(KH05_2010), KH05_2010),
        BTreeSet::from([(KH05_2010.into(), theo_nam.into())])
    );

    // "05/KH-UBND ngày 16/01/2007", in the front matter and in the text.
    let theo_ngay = "/van-ban/3-kh-ubnd-2007/";
    let html = run.read(theo_ngay);
    let items = relation_items(&html, "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(KH05_2007.to_string())], "{theo_ngay}");
    let refs: Vec<(String, String)> =
        anchors(&html).into_iter().filter(|a| a.class == "ref").map(|a| (a.text, a.href)).collect();
    assert_eq!(refs, [("05/KH-UBND".to_string(), KH05_2007.to_string())], "{theo_ngay}: the dated mention in the text");
    assert_eq!(
        implementer_tree(&run.read(KH05_2007), KH05_2007),
        BTreeSet::from([(KH05_2007.into(), theo_ngay.into())])
    );
}

/// In a block list, an ambiguous entry after an entry that starts with the same number
/// is reported at its own line, not at the earlier one.
#[test]
fn ambiguous_entry_of_a_block_list_is_reported_at_its_own_line() {
    let site = TestSite::fixture("links-ambiguous");
    let run = site.check();
    run.assert_exit(1);
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/mo-ho-dong-thu-hai.md",
            severity: "error",
            line_with: "- \"05/KH-UBND\"",
            col_at: "05/KH-UBND",
            says: &["05/KH-UBND", "2 documents"],
        },
    );
}

/// Two documents with one number in one year: an error on each, naming the other.
#[test]
fn same_number_and_year_is_an_error_on_both_files() {
    let site = TestSite::fixture("links-duplicate");
    let run = site.check();
    run.assert_exit(1);
    let one = "content/directives/ke-hoach-thang-1.md";
    let eight = "content/directives/ke-hoach-thang-8.md";
    for (file, number, other) in
        [(one, "05/KH-UBND", "ke-hoach-thang-8.md"), (eight, "5/KH-UBND", "ke-hoach-thang-1.md")]
    {
        let d = expect_diag(
            &site,
            &run.stderr,
            &Expect { file, severity: "error", line_with: "number:", col_at: number, says: &["same number", "year"] },
        );
        assert!(d.help.as_deref().is_some_and(|h| h.contains(other)), "{file}: the error does not name {other}: {d:?}");
    }
    let all = errors(&run.stderr);
    assert_eq!(all.len(), 2, "expected one error per file:\n{}", describe(&all));
    run.assert_exit(1);
    let build = site.build(&["--as-of", AS_OF]);
    build.assert_exit(1);
    assert!(!site.output().exists(), "a build with duplicate numbers wrote output");
}

// =================================================================================
// 4. Cycles

/// The documents of links-cycle: short name → (file, the number it implements).
const CYCLE_DOCS: &[(&str, &str, &str)] = &[
    ("Kế hoạch 10/KH-UBND", "content/plans/ke-hoach-10.md", "11/KH-UBND"),
    ("Kế hoạch 11/KH-UBND", "content/plans/ke-hoach-11.md", "10/KH-UBND"),
    ("Kế hoạch 20/KH-HKH", "content/plans/ke-hoach-20.md", "21/KH-HKH"),
    ("Kế hoạch 21/KH-HKH", "content/plans/ke-hoach-21.md", "22/KH-HKH"),
    ("Kế hoạch 22/KH-HKH", "content/plans/ke-hoach-22.md", "20/KH-HKH"),
    ("Kế hoạch 23/KH-HKH", "content/plans/ke-hoach-23.md", "22/KH-HKH"),
];

/// Whether `got` (closed: first = last) is the cycle `want` (open), starting anywhere.
fn is_rotation(got: &[String], want: &[&str]) -> bool {
    if got.len() != want.len() + 1 || got.first() != got.last() {
        return false;
    }
    let open = &got[..want.len()];
    (0..want.len()).any(|r| (0..want.len()).all(|i| open[i] == want[(i + r) % want.len()]))
}

/// Each cycle of `implements` is one error printing the cycle with "→", at the entry
/// that closes it; the plan that only hangs off a cycle is not an error; `build`
/// exits 1 and writes nothing.
#[test]
fn cycles_of_implements_are_errors_and_nothing_is_written() {
    let site = TestSite::fixture("links-cycle");
    let run = site.check();
    run.assert_exit(1);
    let cycles: Vec<Diag> = errors(&run.stderr).into_iter().filter(|d| d.message.contains(" → ")).collect();
    assert_eq!(cycles.len(), 2, "expected one error per cycle (two cycles):\n{}", run.stderr);
    let want: [&[&str]; 2] = [
        &["Kế hoạch 10/KH-UBND", "Kế hoạch 11/KH-UBND"],
        &["Kế hoạch 20/KH-HKH", "Kế hoạch 21/KH-HKH", "Kế hoạch 22/KH-HKH"],
    ];
    for w in want {
        let found = cycles.iter().find(|d| {
            let list = d.message.rsplit(": ").next().unwrap_or("");
            let names: Vec<String> = list.split(" → ").map(str::to_string).collect();
            is_rotation(&names, w)
        });
        let Some(d) = found else {
            panic!("no error prints the cycle {} (each implementing the next):\n{}", w.join(" → "), describe(&cycles))
        };
        // It is reported at the `implements` entry of the last document before the
        // cycle closes, pointing at the number of the first.
        let names: Vec<&str> = d.message.rsplit(": ").next().unwrap().split(" → ").collect();
        let closer = names[names.len() - 2];
        let &(_, file, implements) = CYCLE_DOCS.iter().find(|(n, _, _)| *n == closer).unwrap();
        expect_diag(
            &site,
            &run.stderr,
            &Expect { file, severity: "error", line_with: "implements:", col_at: implements, says: &["cycle", closer] },
        );
    }
    assert!(
        !cycles.iter().any(|d| d.file.ends_with("ke-hoach-23.md")),
        "the plan below the cycle is reported as part of it:\n{}",
        describe(&cycles)
    );

    let build = site.build(&["--as-of", AS_OF]);
    build.assert_exit(1);
    assert!(build.stderr.contains("nothing was written"), "{}", build.stderr);
    assert!(!site.output().exists(), "the failed build created {}", site.output().display());
    let beside: Vec<String> = fs::read_dir(site.scratch())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site")
        .collect();
    assert!(beside.is_empty(), "the failed build left files beside the site: {beside:?}");
}

// =================================================================================
// 5. Self references, missing numbers, paths

#[test]
fn self_reference_and_missing_path_are_errors_missing_number_a_warning() {
    let site = TestSite::fixture("links-refs");
    let run = site.check();
    run.assert_exit(1);
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/tu-dan-chieu.md",
            severity: "error",
            line_with: "implements:",
            col_at: "8/KH-HKH",
            says: &["itself"],
        },
    );
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/sai-duong-dan.md",
            severity: "error",
            line_with: "implements:",
            col_at: "directives/nghi-quyet-dai-hoi-lan-thu-vi.md",
            says: &["directives/nghi-quyet-dai-hoi-lan-thu-vi.md"],
        },
    );
    assert!(d.message.contains("no document"), "{d:?}");
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/theo-duong-dan.md",
            severity: "warning",
            line_with: "implements:",
            col_at: "99/QĐ-TTg",
            says: &["99/QĐ-TTg"],
        },
    );
    // The path that exists and the numbers that resolve are not reported.
    let all = diagnostics(&run.stderr);
    assert_eq!(all.len(), 3, "expected exactly the three problems:\n{}", describe(&all));
}

/// Without the two errors the site builds; the unknown number is still a warning at
/// its line, and the page shows it as text marked "chưa có trên trang"; the path
/// reference links to the unnumbered resolution.
#[test]
fn unknown_number_is_shown_as_text_and_path_reference_resolves() {
    let site = TestSite::fixture("links-refs");
    site.remove("content/plans/tu-dan-chieu.md");
    site.remove("content/plans/sai-duong-dan.md");
    let run = site.build_ok(&["--as-of", AS_OF]);
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/theo-duong-dan.md",
            severity: "warning",
            line_with: "implements:",
            col_at: "99/QĐ-TTg",
            says: &["99/QĐ-TTg"],
        },
    );
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);

    let page = "/van-ban/12-ctr-hkh-2021/";
    let resolution = "/van-ban/nghi-quyet-dai-hoi/";
    let items = relation_items(&run.read(page), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.len(), 2, "{page}: {items:?}");
    assert_eq!(items[0].0.as_deref(), Some(resolution), "{page}: the path reference does not link the resolution");
    assert!(items[0].1.starts_with("Nghị quyết của Hội Khuyến học tỉnh Thái Bình"), "{page}: {:?}", items[0].1);
    assert_eq!(items[1], (None, "99/QĐ-TTg chưa có trên trang".to_string()), "{page}: the unknown number");
    assert_eq!(
        implementer_tree(&run.read(resolution), resolution),
        BTreeSet::from([(resolution.to_string(), page.to_string())]),
        "the resolution does not list the programme that carries it out"
    );
}

// =================================================================================
// 6. Variant spellings

#[test]
fn variant_spellings_resolve_and_the_hybrid_form_warns() {
    let site = TestSite::fixture("links-variants");
    let run = site.check();
    run.assert_success();
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/viet-lai.md",
            severity: "warning",
            line_with: "implements:",
            col_at: "49/KL-TW",
            says: &["49/KL-TW", "49-KL/TW"],
        },
    );
    assert!(d.help.as_deref().is_some_and(|h| h.contains("\"49-KL/TW\"")), "no hint with the official form: {d:?}");
    assert!(errors(&run.stderr).is_empty(), "{}", run.stderr);

    let run = site.build_ok(&["--as-of", AS_OF]);
    let kl = "/van-ban/49-kl-tw-2019/";
    for (page, written) in [("/van-ban/387-kh-tu-2019/", "49/KL-TW"), ("/van-ban/52-kh-hu-2019/", "số 49-kl/tw")] {
        let items = relation_items(&run.read(page), "Thực hiện").expect("a \"Thực hiện\" list");
        assert_eq!(
            items.into_iter().map(|i| i.0).collect::<Vec<_>>(),
            [Some(kl.to_string())],
            "{page}: {written:?} does not resolve to Kết luận 49-KL/TW"
        );
    }
    assert_eq!(implementer_counts(&run.read(kl)).as_deref(), Some("2 văn bản thực hiện, 2 trực tiếp"));
}

// =================================================================================
// 7. Documents named in body text

#[test]
fn mentions_in_text_become_links_except_in_code_links_and_headings() {
    let site = TestSite::fixture("links-mentions");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let page = "/van-ban/208-kh-hnd-2023/";
    let html = run.read(page);
    let body = element(&html, "section", "body").expect("the body section");

    let refs: Vec<(String, String)> =
        anchors(body).into_iter().filter(|a| a.class == "ref").map(|a| (a.text, a.href)).collect();
    let expected: Vec<(String, String)> = [
        ("11-CT/TW", "/van-ban/11-ct-tw-2007/"),
        ("387/QĐ-TTg", "/van-ban/387-qd-ttg-2022/"),
        ("49/KL-TW", "/van-ban/49-kl-tw-2019/"),
        ("4621-KH/UBND", "/van-ban/4621-kh-ubnd-2019/"),
        ("Chương trình 677", "/van-ban/677-qd-ttg-2022/"),
    ]
    .iter()
    .map(|(t, h)| (t.to_string(), h.to_string()))
    .collect();
    assert_eq!(refs, expected, "{page}: the <a class=ref> links of the body, in order");

    // The same numbers in a heading, inline code, a code block and Markdown links are
    // left as they are.
    let h2 = start_tags(body).into_iter().find(|t| t.name == "h2").expect("the body's heading");
    let h2_html = &body[h2.offset..body[h2.offset..].find("</h2>").unwrap() + h2.offset];
    assert_eq!(page_text(h2_html), "I. Kế hoạch số 4621-KH/UBND và Quyết định 89/QĐ-TTg");
    assert!(!h2_html.contains("<a"), "{page}: a link inside the heading: {h2_html}");
    for code in body.split("<code").skip(1) {
        let inner = &code[..code.find("</code>").unwrap()];
        assert!(!inner.contains("<a"), "{page}: a link inside code: <code{inner}");
    }
    let code_text: Vec<String> =
        body.split("<code").skip(1).map(|c| page_text(&format!("<code{}", &c[..c.find("</code>").unwrap()]))).collect();
    assert_eq!(
        code_text,
        ["11-CT/TW", "89/QĐ-TTg", "Quyết định 387/QĐ-TTg; Quyết định 89/QĐ-TTg; Chương trình 677"],
        "{page}: the code is not kept as written"
    );
    let plain: Vec<(String, String)> =
        anchors(body).into_iter().filter(|a| a.class.is_empty()).map(|a| (a.text, a.href)).collect();
    assert_eq!(
        plain,
        [
            ("Kết luận 49/KL-TW".to_string(), "https://tulieuvankien.dangcongsan.vn/".to_string()),
            ("Quyết định 89/QĐ-TTg".to_string(), "https://vanban.chinhphu.vn/".to_string()),
            ("Kế hoạch số 4621-KH/UBND".to_string(), "/van-ban/4621-kh-ubnd-2019/".to_string()),
        ],
        "{page}: the Markdown links are not kept as written"
    );
    for link in body.split("<a").skip(1) {
        let inner = &link[..link.find("</a>").unwrap()];
        assert!(!inner.contains("<a"), "{page}: a link inside a link: <a{inner}</a>");
    }

    // "Văn bản được dẫn chiếu": each document named in the running text once, in order
    // of first mention, then the unknown number; not 89/QĐ-TTg, named only in code,
    // links and headings.
    let cited = element(&html, "section", "cited").unwrap_or_else(|| panic!("{page}: no \"Văn bản được dẫn chiếu\""));
    assert!(page_text(cited).starts_with("Văn bản được dẫn chiếu"));
    let items = list_items(cited);
    let mut want: Vec<(Option<String>, String)> =
        expected.iter().map(|(_, h)| (Some(h.clone()), String::new())).collect();
    want.push((None, "1373/QĐ-TTg chưa có trên trang".to_string()));
    assert_eq!(
        items.iter().map(|i| i.0.clone()).collect::<Vec<_>>(),
        want.iter().map(|w| w.0.clone()).collect::<Vec<_>>(),
        "{page}: the documents listed under \"Văn bản được dẫn chiếu\": {items:#?}"
    );
    assert_eq!(items.last().unwrap().1, "1373/QĐ-TTg chưa có trên trang");
    assert!(!cited.contains("89-qd-ttg"), "{page}: 89/QĐ-TTg is cited though only named in code, links and headings");
}

/// A number no document carries, named in the text, is a warning at its place in the
/// Markdown file (file line and column, not body line).
#[test]
fn unknown_number_in_text_is_a_warning_at_its_place() {
    let site = TestSite::fixture("links-mentions");
    let run = site.check();
    run.assert_success();
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/hoi-nong-dan.md",
            severity: "warning",
            line_with: "1373/QĐ-TTg",
            col_at: "1373/QĐ-TTg",
            says: &["1373/QĐ-TTg"],
        },
    );
    let all = diagnostics(&run.stderr);
    assert_eq!(all.len(), 1, "only the unknown number should be reported:\n{}", describe(&all));
}

// =================================================================================
// 8. Party terms

/// The page a link points to, read back: its `<h1>` title.
fn title_of(run: &Run, href: &str) -> String {
    let html = run.read(href);
    element(&html, "h1", "doc-title").map(page_text).unwrap_or_else(|| panic!("{href}: no document title"))
}

/// Two undated "1-CT/TW" of different terms are two documents, and "1-CT/TW khóa XI"
/// names the second.
#[test]
fn party_term_tells_apart_undated_documents() {
    let site = TestSite::fixture("links-term");
    let run = site.check();
    assert!(errors(&run.stderr).is_empty(), "documents of two terms are not duplicates:\n{}", run.stderr);
    run.assert_success();
    let run = site.build_ok(&["--as-of", AS_OF]);
    check_term_resolution(&run);
}

/// The same with the documents dated (so that their pages have different addresses):
/// the term chooses, not the year.
#[test]
fn party_term_chooses_the_document() {
    let site = TestSite::fixture("links-term");
    site.edit("content/directives/chi-thi-1-khoa-x.md", "term: \"X\"\n", "term: \"X\"\ndate: 2006-08-25\n");
    site.edit("content/directives/chi-thi-1-khoa-xi.md", "term: \"XI\"\n", "term: \"XI\"\ndate: 2011-10-24\n");
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
    check_term_resolution(&run);
}

fn check_term_resolution(run: &Run) {
    let listing = run.read("/van-ban/");
    let chi_thi: BTreeSet<String> =
        doc_lines(&listing).into_iter().filter(|a| a.text == "Chỉ thị 1-CT/TW").map(|a| a.href).collect();
    assert_eq!(chi_thi.len(), 2, "the two Chỉ thị 1-CT/TW do not have a page each: {chi_thi:?}");

    let plan = "/van-ban/14-kh-tu-2012/";
    let items = relation_items(&run.read(plan), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.len(), 1, "{plan}: {items:?}");
    let href =
        items[0].0.clone().unwrap_or_else(|| panic!("{plan}: \"1-CT/TW khóa XI\" is not linked: {:?}", items[0]));
    assert_eq!(
        title_of(run, &href),
        "Chỉ thị số 1 của Ban Bí thư khóa XI",
        "{plan}: \"1-CT/TW khóa XI\" links to {href}"
    );
    let xi = run.read(&href);
    assert!(page_text(&xi).contains("Ban Bí thư khóa XI"), "{href}: the issuer's term is not shown");
    assert_eq!(implementer_counts(&xi).as_deref(), Some("1 văn bản thực hiện, 1 trực tiếp"));
    let x = chi_thi.iter().find(|h| **h != href).unwrap();
    assert_eq!(implementer_counts(&run.read(x)), None, "{x}: the khóa X directive is shown as carried out");
}
