//! Integration tests of the cross-linking stage (`link::resolve` and what the pages
//! show of it): chains and trees of implementation, amendment and replacement,
//! ambiguous, variant, missing and circular references, documents named in body text,
//! Party terms.
//!
//! Each test builds or checks one small fixture site in tests/fixtures/links-*/ with
//! the real binary, and asserts on the HTML it writes and on the diagnostics it prints
//! (`path:line:col: error|warning: message`, the source line quoted below). Lines and
//! columns are computed from the fixture's own text, not written in the test.

use std::collections::BTreeSet;
use std::fs;

use crate::support::*;

const AS_OF: &str = "2026-11-01";

// ---------------------------------------------------------------------------------
// Diagnostics

/// What a diagnostic must say, and where.
struct Expect<'a> {
    file: &'a str,
    severity: Severity,
    /// The offending line: the first line of the file containing this text.
    line_with: &'a str,
    /// Where the caret starts on that line.
    col_at: &'a str,
    /// Texts the message must contain.
    says: &'a [&'a str],
}

/// Finds the diagnostic `e` describes in `stderr` and checks its place, message, quoted
/// line and caret; returns it for further checks.
fn expect_diag(site: &TestSite, stderr: &str, e: &Expect) -> Diagnostic {
    let (line, col, text) = place_in(&site.read_source(e.file), e.line_with, e.col_at);
    let all = diagnostics(stderr);
    let here: Vec<&Diagnostic> = all.iter().filter(|d| d.path == e.file && d.severity == e.severity).collect();
    let Some(d) = here.iter().find(|d| d.line == line && d.col == col) else {
        panic!(
            "expected {}:{line}:{col}: {}: … {:?}; the {} diagnostics of {} are:\n{}\n--- stderr:\n{stderr}",
            e.file,
            e.severity,
            e.says,
            e.severity,
            e.file,
            here.iter().map(|d| d.head()).collect::<Vec<_>>().join("\n")
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

fn errors(stderr: &str) -> Vec<Diagnostic> {
    diagnostics(stderr).into_iter().filter(Diagnostic::is_error).collect()
}

// ---------------------------------------------------------------------------------
// HTML

/// A link of a page: its target, class and visible text.
#[derive(Debug, Clone)]
struct Anchor<'a> {
    href: String,
    class: String,
    text: String,
    element: ElementRef<'a>,
}

/// The links (`<a>`) below `el`, in order.
fn anchors<'a>(el: impl Select<'a>) -> Vec<Anchor<'a>> {
    el.all("a")
        .into_iter()
        .map(|a| Anchor {
            href: a.attr("href").unwrap_or("").to_string(),
            class: a.attr("class").unwrap_or("").to_string(),
            text: a.visible_text(),
            element: a,
        })
        .collect()
}

/// The `doc-name` links of a page: how a document is listed (doc_line in components.html).
fn doc_lines<'a>(el: impl Select<'a>) -> Vec<Anchor<'a>> {
    anchors(el).into_iter().filter(|a| a.element.in_class("doc-name")).collect()
}

/// Whether the listed document whose `doc-name` link is `a` carries the badge
/// "Hết hiệu lực" right after its name: the next node other than white space is a
/// `<span class=badge-off>` saying so.
fn badge_follows(a: &Anchor) -> bool {
    let next = a.element.next_siblings().find(|n| !n.value().as_text().is_some_and(|t| t.trim().is_empty()));
    let Some(span) = next.and_then(ElementRef::wrap) else { return false };
    span.value().name() == "span" && span.in_class("badge-off") && span.visible_text() == "Hết hiệu lực"
}

/// The items of the list right under `<h3>{heading}</h3>` in "Văn bản liên quan": for
/// each, the document it links to (its `doc-name` link) and its visible text.
fn relation_items(html: &Html, heading: &str) -> Option<Vec<(Option<String>, String)>> {
    let section = html.first("section.relations")?;
    let h3 = section.all("h3").into_iter().find(|h| h.visible_text() == heading)?;
    let list = h3.next_siblings().find_map(ElementRef::wrap).filter(|e| e.value().name() == "ul")?;
    Some(list_items(list))
}

/// The `<li>` items below `el` (the minifier may omit their end tags; the parser
/// closes them where a browser does).
fn list_items(el: ElementRef) -> Vec<(Option<String>, String)> {
    el.all("li").into_iter().map(|li| (doc_lines(li).into_iter().next().map(|a| a.href), li.visible_text())).collect()
}

/// The tree of "Văn bản thực hiện" on a document's page, as (parent, child) edges of
/// page URLs: each `doc-name` link is a node under the document of the list item
/// holding its own list item; the page's own document is the parent of the top level.
fn implementer_tree(html: &Html, page: &str) -> BTreeSet<(String, String)> {
    let section = html.first("section.implementers").unwrap_or_else(|| panic!("{page}: no implementers section"));
    let mut edges = BTreeSet::new();
    for a in doc_lines(section) {
        // The list items holding the link, innermost first.
        let items: Vec<ElementRef> = a
            .element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|e| e.id() != section.id())
            .filter(|e| e.value().name() == "li")
            .collect();
        assert!(!items.is_empty(), "{page}: a document outside any list in the tree");
        let parent = match items.get(1) {
            None => page.to_string(),
            Some(li) => doc_lines(*li).first().map(|p| p.href.clone()).unwrap_or_default(),
        };
        edges.insert((parent, a.href));
    }
    edges
}

/// The text of the counts line of "Văn bản thực hiện" ("8 văn bản thực hiện, 2 trực tiếp").
fn implementer_counts(html: &Html) -> Option<String> {
    html.first("section.implementers")?.first("p.count").map(|p| p.visible_text())
}

/// The chains of "Thực hiện theo chuỗi văn bản": one list of link targets per `<ol>`.
fn chains(html: &Html) -> Vec<Vec<String>> {
    let Some(nav) = html.first("nav.chains") else { return Vec::new() };
    nav.all("ol.chain").into_iter().map(|ol| anchors(ol).into_iter().map(|a| a.href).collect()).collect()
}

/// The `<p class=notice>` of a page that contains `words`.
fn notice<'a>(html: &'a Html, words: &str) -> Option<ElementRef<'a>> {
    html.all("p.notice").into_iter().find(|p| p.visible_text().contains(words))
}

/// The visible text of a page's body.
fn body_text(html: &Html) -> String {
    html.one("body").visible_text()
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

/// The edges of the fixture below `top`, as the tree on `top`'s page should show them:
/// each document once, under a parent on its shortest path from `top` (a plan that
/// carries out both a directive and a plan under it is shown under the directive).
fn edges_below(top: &str) -> BTreeSet<(String, String)> {
    let mut depth = std::collections::BTreeMap::from([(top.to_string(), 0usize)]);
    let mut frontier = vec![top.to_string()];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for p in &frontier {
            for &(from, c) in tree::EDGES {
                if from == p && !depth.contains_key(c) {
                    depth.insert(c.to_string(), depth[p] + 1);
                    next.push(c.to_string());
                }
            }
        }
        frontier = next;
    }
    tree::EDGES
        .iter()
        .filter(|(p, c)| matches!((depth.get(*p), depth.get(*c)), (Some(dp), Some(dc)) if *dc == dp + 1))
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
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
        let html = run.html(page);
        assert_eq!(
            implementer_counts(&html).as_deref(),
            Some(format!("{total} văn bản thực hiện, {direct} trực tiếp").as_str()),
            "{page}: wrong counts of implementers"
        );
        let shown = implementer_tree(&html, page);
        let expected = edges_below(page);
        // Each document once: as many documents in the tree as the count says.
        let listed = doc_lines(html.first("section.implementers").unwrap()).len();
        assert_eq!(listed, total, "{page}: the tree lists {listed} documents for a count of {total}");
        assert_eq!(shown, expected, "{page}: the tree of implementers is not the fixture's (parent, child) edges");
    }
    for page in [F, G, H] {
        let html = run.html(page);
        assert_eq!(implementer_counts(&html), None, "{page}: nothing carries it out, yet it shows implementer counts");
    }

    // Every document below A is in A's tree, A itself is not.
    let shown: BTreeSet<String> = implementer_tree(&run.html(A), A).into_iter().map(|(_, c)| c).collect();
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
        let html = run.html(page);
        let mut got = chains(&html);
        got.sort();
        let mut want: Vec<Vec<String>> = want.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        want.sort();
        assert_eq!(got, want, "{page}: the chains above it (one <ol class=chain> per branch, top first)");
        let nav = html.one("nav.chains");
        assert!(nav.visible_text().starts_with("Thực hiện theo chuỗi văn bản"), "{page}: the chains have no label");
        for ol in nav.all("ol.chain") {
            assert!(
                ol.visible_text().ends_with("Văn bản này"),
                "{page}: a chain does not end with the page itself: {}",
                ol.visible_text()
            );
        }
    }
    assert!(chains(&run.html(A)).is_empty(), "the top directive carries nothing out, yet shows a chain");
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

    let a = run.html(A);
    let n = notice(&a, "được sửa đổi, bổ sung bởi")
        .unwrap_or_else(|| panic!("{A}: no notice \"được sửa đổi, bổ sung bởi\""));
    assert_eq!(n.visible_text(), "Văn bản này được sửa đổi, bổ sung bởi Chương trình hành động 41/CTHĐ-HKH.");
    assert_eq!(anchors(n).into_iter().map(|x| x.href).collect::<Vec<_>>(), [B], "{A}: the notice does not link to B");
    // Amended is not replaced: still in force.
    // Amended, it is in force in part (as legal-document databases say), never wholly ended.
    assert!(
        !body_text(&a).contains("Hết hiệu lực toàn bộ"),
        "{A}: an amended document is marked as no longer in force"
    );
    assert!(
        body_text(&a).contains("Hết hiệu lực một phần"),
        "{A}: an amended document does not say it is in force in part"
    );
    assert!(notice(&a, "thay thế").is_none(), "{A}: an amended document says it was replaced");

    let b = run.html(B);
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

    let d = run.html(D);
    let n = notice(&d, "đã bị thay thế bởi").unwrap_or_else(|| panic!("{D}: no notice \"đã bị thay thế bởi\""));
    assert_eq!(n.visible_text(), "Văn bản này đã bị thay thế bởi Kế hoạch 9/KH-UBND.");
    assert_eq!(anchors(n).into_iter().map(|x| x.href).collect::<Vec<_>>(), [C], "{D}: the notice does not link to C");
    let kind = d.first("p.doc-kind").expect("a doc-kind line");
    assert_eq!(kind.visible_text(), "Kế hoạch Hết hiệu lực", "{D}: the replaced document's own page has no badge");

    let c = run.html(C);
    let items = relation_items(&c, "Thay thế").unwrap_or_else(|| panic!("{C}: no \"Thay thế\" list"));
    assert_eq!(items.len(), 1, "{C}: {items:?}");
    assert_eq!(items[0].0.as_deref(), Some(D), "{C}: the replaced plan is not linked under \"Thay thế\"");
    assert!(
        !c.one("p.doc-kind").visible_text().contains("Hết hiệu lực"),
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
        let html = run.html(page);
        assert!(
            doc_lines(&html).iter().any(|a| a.href == D),
            "{page} does not list Kế hoạch 5/KH-UBND (doc-name link to {D})"
        );
    }
    // E lists it under "Thực hiện", F under "Văn bản được dẫn chiếu".
    assert_eq!(relation_items(&run.html(E), "Thực hiện").unwrap()[0].0.as_deref(), Some(D));
    let f = run.html(F);
    let cited = f.first("section.cited").unwrap_or_else(|| panic!("{F}: no \"Văn bản được dẫn chiếu\""));
    assert_eq!(list_items(cited).into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(D.to_string())]);

    let mut problems = Vec::new();
    let mut listed_on = 0;
    for file in html_files(&run.output) {
        let html = parse(&fs::read_to_string(run.output.join(&file)).unwrap());
        for a in doc_lines(&html) {
            let badge = badge_follows(&a);
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
    run.assert_stderr_matches("links-ambiguous");
    run.assert_exit(1);
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/mo-ho.md",
            severity: Severity::Error,
            line_with: "implements:",
            col_at: "05/KH-UBND",
            says: &["05/KH-UBND", "2 documents", "directives/05-kh-ubnd-2007.md", "directives/05-kh-ubnd-2010.md"],
        },
    );
    assert!(d.help.as_deref().is_some_and(|h| h.contains("year")), "no hint to add the year: {d:?}");
    // The qualified references are not errors.
    for ok in ["content/plans/theo-nam.md", "content/plans/theo-ngay.md"] {
        let wrong: Vec<Diagnostic> = diagnostics(&run.stderr).into_iter().filter(|d| d.path == ok).collect();
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
    let items = relation_items(&run.html(theo_nam), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(KH05_2010.to_string())], "{theo_nam}");
    assert_eq!(
        implementer_tree(&run.html(KH05_2010), KH05_2010),
        BTreeSet::from([(KH05_2010.into(), theo_nam.into())])
    );

    // "05/KH-UBND ngày 16/01/2007", in the front matter and in the text.
    let theo_ngay = "/van-ban/3-kh-ubnd-2007/";
    let html = run.html(theo_ngay);
    let items = relation_items(&html, "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.into_iter().map(|i| i.0).collect::<Vec<_>>(), [Some(KH05_2007.to_string())], "{theo_ngay}");
    let refs: Vec<(String, String)> =
        anchors(&html).into_iter().filter(|a| a.class == "ref").map(|a| (a.text, a.href)).collect();
    assert_eq!(refs, [("05/KH-UBND".to_string(), KH05_2007.to_string())], "{theo_ngay}: the dated mention in the text");
    assert_eq!(
        implementer_tree(&run.html(KH05_2007), KH05_2007),
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
            severity: Severity::Error,
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
    run.assert_stderr_matches("links-duplicate");
    run.assert_exit(1);
    let one = "content/directives/ke-hoach-thang-1.md";
    let eight = "content/directives/ke-hoach-thang-8.md";
    for (file, number, other) in
        [(one, "05/KH-UBND", "ke-hoach-thang-8.md"), (eight, "5/KH-UBND", "ke-hoach-thang-1.md")]
    {
        let d = expect_diag(
            &site,
            &run.stderr,
            &Expect {
                file,
                severity: Severity::Error,
                line_with: "number:",
                col_at: number,
                says: &["same number", "year"],
            },
        );
        assert!(d.message.contains(other), "{file}: the error does not name {other}: {d:?}");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("merge")),
            "{file}: the help does not say to merge: {d:?}"
        );
    }
    let all = errors(&run.stderr);
    assert_eq!(all.len(), 2, "expected one error per file:\n{}", describe(&all));
    run.assert_exit(1);
    let build = site.build(&["--as-of", AS_OF]);
    build.assert_exit(1);
    assert!(!site.output().exists(), "a build with duplicate numbers wrote output");
}

/// References written as the texts cite documents — with their kind, date and issuer —
/// resolve; a kind or date that contradicts the document cited is a warning; two files
/// of one number and one year are named with a call to merge them, not to add a year.
#[test]
fn references_as_the_texts_write_them() {
    let site = TestSite::empty();
    site.write("congbo.toml", "title = \"Thử\"\n");
    let doc = |kind: &str, number: &str, date: &str, issuer: &str| {
        format!(
            "---\nkind: {kind}\nnumber: \"{number}\"\ntitle: \"Văn bản {number}\"\nissuer: \"{issuer}\"\ndate: {date}\n---\n\nNội dung.\n"
        )
    };
    site.write("content/directives/ct-11.md", &doc("Chỉ thị", "11-CT/TW", "2007-04-13", "Bộ Chính trị"));
    site.write("content/directives/kl-49.md", &doc("Kết luận", "49-KL/TW", "2019-05-10", "Ban Bí thư"));
    site.write("content/directives/qd-387.md", &doc("Quyết định", "387/QĐ-TTg", "2022-03-25", "Thủ tướng Chính phủ"));
    site.write(
        "content/plans/ke-hoach.md",
        "---\nkind: Kế hoạch\nnumber: \"5/KH-UBND\"\ntitle: \"Kế hoạch\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-01-05\nimplements:\n  - \"Chỉ thị số 11-CT/TW\"\n  - \"Kết luận số 49-KL/TW ngày 10/5/2019\"\nbased_on:\n  - \"Quyết định 387/QĐ-TTg ngày 25/3/2022 của Thủ tướng Chính phủ\"\n---\n\nNội dung.\n",
    );
    let run = site.check();
    run.assert_success();
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
    // A wrong kind and a wrong date are warnings on the reference.
    site.write(
        "content/plans/sai.md",
        "---\nkind: Kế hoạch\nnumber: \"6/KH-UBND\"\ntitle: \"Kế hoạch\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-01-05\nimplements:\n  - \"Nghị quyết số 11-CT/TW ngày 13 tháng 4 năm 2007\"\n  - \"Kết luận số 49-KL/TW ngày 10/6/2019\"\n---\n\nNội dung.\n",
    );
    let run = site.check();
    run.assert_success();
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/sai.md",
            severity: Severity::Warning,
            line_with: "Nghị quyết số 11-CT/TW",
            col_at: "Nghị quyết số 11-CT/TW ngày 13 tháng 4 năm 2007",
            says: &["Nghị quyết", "Chỉ thị"],
        },
    );
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/sai.md",
            severity: Severity::Warning,
            line_with: "ngày 10/6/2019",
            col_at: "Kết luận số 49-KL/TW ngày 10/6/2019",
            says: &["10/06/2019", "10/05/2019"],
        },
    );
    // The same number and year in two files (a stub and an import): merge them.
    site.write("content/directives/ct-11-nhap.md", &doc("Chỉ thị", "11-CT/TW", "2007-04-13", "Bộ Chính trị"));
    let run = site.check();
    run.assert_exit(1);
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/ke-hoach.md",
            severity: Severity::Error,
            line_with: "Chỉ thị số 11-CT/TW",
            col_at: "Chỉ thị số 11-CT/TW",
            says: &["11-CT/TW"],
        },
    );
    let help = d.help.unwrap_or_default();
    assert!(
        help.contains("merge") && help.contains("directives/ct-11.md") && help.contains("directives/ct-11-nhap.md"),
        "{help}"
    );
    assert!(!help.contains("add the year"), "{help}");
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
    run.assert_stderr_matches("links-cycle");
    run.assert_exit(1);
    let cycles: Vec<Diagnostic> = errors(&run.stderr).into_iter().filter(|d| d.message.contains(" → ")).collect();
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
            &Expect {
                file,
                severity: Severity::Error,
                line_with: "implements:",
                col_at: implements,
                says: &["cycle", closer],
            },
        );
    }
    assert!(
        !cycles.iter().any(|d| d.path.ends_with("ke-hoach-23.md")),
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
    run.assert_stderr_matches("links-refs");
    run.assert_exit(1);
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/tu-dan-chieu.md",
            severity: Severity::Error,
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
            severity: Severity::Error,
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
            severity: Severity::Warning,
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
            severity: Severity::Warning,
            line_with: "implements:",
            col_at: "99/QĐ-TTg",
            says: &["99/QĐ-TTg"],
        },
    );
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);

    let page = "/van-ban/12-ctr-hkh-2021/";
    let resolution = "/van-ban/nghi-quyet-dai-hoi/";
    let items = relation_items(&run.html(page), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.len(), 2, "{page}: {items:?}");
    assert_eq!(items[0].0.as_deref(), Some(resolution), "{page}: the path reference does not link the resolution");
    assert!(items[0].1.starts_with("Nghị quyết của Hội Khuyến học tỉnh Thái Bình"), "{page}: {:?}", items[0].1);
    assert_eq!(items[1], (None, "99/QĐ-TTg chưa có trên trang".to_string()), "{page}: the unknown number");
    assert_eq!(
        implementer_tree(&run.html(resolution), resolution),
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
    run.assert_stderr_matches("links-variants");
    run.assert_success();
    let d = expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/viet-lai.md",
            severity: Severity::Warning,
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
        let items = relation_items(&run.html(page), "Thực hiện").expect("a \"Thực hiện\" list");
        assert_eq!(
            items.into_iter().map(|i| i.0).collect::<Vec<_>>(),
            [Some(kl.to_string())],
            "{page}: {written:?} does not resolve to Kết luận 49-KL/TW"
        );
    }
    assert_eq!(implementer_counts(&run.html(kl)).as_deref(), Some("2 văn bản thực hiện, 2 trực tiếp"));
}

// =================================================================================
// 7. Documents named in body text

#[test]
fn mentions_in_text_become_links_except_in_code_links_and_headings() {
    let site = TestSite::fixture("links-mentions");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let page = "/van-ban/208-kh-hnd-2023/";
    let html = run.html(page);
    let body = html.first("section.body").expect("the body section");

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
    let h2 = body.first("h2").expect("the body's heading");
    assert_eq!(h2.visible_text(), "I. Kế hoạch số 4621-KH/UBND và Quyết định 89/QĐ-TTg");
    assert!(h2.first("a").is_none(), "{page}: a link inside the heading: {}", h2.html());
    for code in body.all("code") {
        assert!(code.first("a").is_none(), "{page}: a link inside code: {}", code.html());
    }
    let code_text: Vec<String> = body.all("code").iter().map(|c| c.visible_text()).collect();
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
    // No link inside a link. (A parser never nests <a> in <a>: it ends the outer
    // link first, as a browser does, which would show above as a Markdown link cut in
    // two; this checks the tree for anything else that would put one inside another.)
    assert!(body.first("a a").is_none(), "{page}: a link inside a link");

    // "Văn bản được dẫn chiếu": each document named in the running text once, in order
    // of first mention, then the unknown number; not 89/QĐ-TTg, named only in code,
    // links and headings.
    let cited = html.first("section.cited").unwrap_or_else(|| panic!("{page}: no \"Văn bản được dẫn chiếu\""));
    assert!(cited.visible_text().starts_with("Văn bản được dẫn chiếu"));
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
    assert!(
        !cited.html().contains("89-qd-ttg"),
        "{page}: 89/QĐ-TTg is cited though only named in code, links and headings"
    );
}

/// A number no document carries, named in the text, is a warning at its place in the
/// Markdown file (file line and column, not body line).
#[test]
fn unknown_number_in_text_is_a_warning_at_its_place() {
    let site = TestSite::fixture("links-mentions");
    let run = site.check();
    run.assert_stderr_matches("links-mentions");
    run.assert_success();
    expect_diag(
        &site,
        &run.stderr,
        &Expect {
            file: "content/plans/hoi-nong-dan.md",
            severity: Severity::Warning,
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
    let html = run.html(href);
    html.first("h1.doc-title").map(|h| h.visible_text()).unwrap_or_else(|| panic!("{href}: no document title"))
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
    let listing = run.html("/van-ban/");
    let lines: Vec<_> = doc_lines(&listing).into_iter().filter(|a| a.text.starts_with("Chỉ thị 1-CT/TW")).collect();
    let chi_thi: BTreeSet<String> = lines.iter().map(|a| a.href.clone()).collect();
    assert_eq!(chi_thi.len(), 2, "the two Chỉ thị 1-CT/TW do not have a page each: {chi_thi:?}");
    // Named apart by their term.
    let names: BTreeSet<&str> = lines.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["Chỉ thị 1-CT/TW (khóa X)", "Chỉ thị 1-CT/TW (khóa XI)"]));

    let plan = "/van-ban/14-kh-tu-2012/";
    let items = relation_items(&run.html(plan), "Thực hiện").expect("a \"Thực hiện\" list");
    assert_eq!(items.len(), 1, "{plan}: {items:?}");
    let href =
        items[0].0.clone().unwrap_or_else(|| panic!("{plan}: \"1-CT/TW khóa XI\" is not linked: {:?}", items[0]));
    assert_eq!(
        title_of(run, &href),
        "Chỉ thị số 1 của Ban Bí thư khóa XI",
        "{plan}: \"1-CT/TW khóa XI\" links to {href}"
    );
    let xi = run.html(&href);
    assert!(body_text(&xi).contains("Ban Bí thư khóa XI"), "{href}: the issuer's term is not shown");
    assert_eq!(implementer_counts(&xi).as_deref(), Some("1 văn bản thực hiện, 1 trực tiếp"));
    let x = chi_thi.iter().find(|h| **h != href).unwrap();
    assert_eq!(implementer_counts(&run.html(x)), None, "{x}: the khóa X directive is shown as carried out");
}

/// A document that more documents name (or cite as their legal basis) than a listing
/// page holds shows one page of them and links to their listing, which has every one,
/// page by page: a directive every plan of a province names is not a page of thousands.
#[test]
fn a_document_named_by_many_shows_a_page_of_them_and_links_to_the_rest() {
    let site = TestSite::fixture("links-mentions");
    site.edit("congbo.toml", "base_url = ", "page_size = 2\nbase_url = ");
    for n in 1..=3 {
        site.write(
            &format!("content/plans/ke-hoach-{n}.md"),
            &format!(
                "---\nkind: Kế hoạch\nnumber: \"{n}0/KH-UBND\"\ntitle: \"Kế hoạch khuyến học {n}\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2024-0{n}-01\nbased_on: [\"11-CT/TW\"]\n---\n\nThực hiện Chỉ thị số 11-CT/TW của Bộ Chính trị.\n"
            ),
        );
    }
    let run = site.build_ok(&["--as-of", AS_OF]);
    let page = run.html("van-ban/11-ct-tw-2007/");
    // Each list on the page: its documents' names, and its "all" link (text, address).
    let section = |id: &str| -> (Vec<String>, Vec<(String, String)>) {
        let s = page.one(&format!("section[aria-labelledby={id}]"));
        let names = s.all("a.doc-name").iter().map(|a| a.visible_text()).collect();
        let more = s
            .all("p.more a")
            .iter()
            .map(|a| (a.visible_text(), a.value().attr("href").unwrap_or("").to_string()))
            .collect();
        (names, more)
    };
    let listed = |first: &str| -> Vec<String> {
        let mut names = Vec::new();
        for path in [first.to_string(), format!("{first}trang/2/"), format!("{first}trang/3/")] {
            if run.file_exists(&format!("{path}index.html")) {
                names.extend(run.html(&path).all("a.doc-name").iter().map(|a| a.visible_text()));
            }
        }
        names
    };

    let (basis, more) = section("can-cu-vao");
    assert_eq!(basis.len(), 2, "{basis:?}");
    assert_eq!(
        more,
        [("Xem tất cả 3 văn bản căn cứ vào văn bản này →".into(), "/van-ban/11-ct-tw-2007/can-cu-vao/".into())]
    );
    let all_basis = listed("van-ban/11-ct-tw-2007/can-cu-vao/");
    assert_eq!(all_basis[..2], basis[..], "the listing's first page is what the page shows");
    let mut sorted = all_basis.clone();
    sorted.sort();
    assert_eq!(sorted, ["Kế hoạch 10/KH-UBND", "Kế hoạch 20/KH-UBND", "Kế hoạch 30/KH-UBND"]);

    let (named, more) = section("nhac-den");
    let all_named = listed("van-ban/11-ct-tw-2007/nhac-den/");
    assert_eq!(named.len(), 2, "{named:?}");
    assert!(all_named.len() > 3 && all_named[..2] == named[..], "{all_named:?}");
    let distinct: BTreeSet<&String> = all_named.iter().collect();
    assert_eq!(distinct.len(), all_named.len(), "each once: {all_named:?}");
    assert!(all_named.iter().any(|n| n == "Kế hoạch 30/KH-UBND"));
    let n = all_named.len();
    assert_eq!(
        more,
        [(format!("Xem tất cả {n} văn bản nhắc đến văn bản này →"), "/van-ban/11-ct-tw-2007/nhac-den/".into())]
    );

    // Each listing leads back to the document's page.
    for listing in ["van-ban/11-ct-tw-2007/nhac-den/", "van-ban/11-ct-tw-2007/can-cu-vao/trang/2/"] {
        let back: Vec<(String, String)> = run
            .html(listing)
            .all("p.see-also a")
            .iter()
            .map(|a| (a.visible_text(), a.value().attr("href").unwrap_or("").to_string()))
            .collect();
        assert_eq!(back, [("← Trở lại Chỉ thị 11-CT/TW".into(), "/van-ban/11-ct-tw-2007/".into())], "{listing}");
    }

    // A document named by fewer than a page: all on its page, no listing.
    assert!(!run.file_exists("van-ban/49-kl-tw-2019/nhac-den/index.html"));
}
