//! Integration tests: build real sites with the real binary into temporary folders and
//! read the output back (see tests/testsuite/support/ for the builder and readers).
//!
//! - the default site (congbo.toml + content/ of the repository), checked against the
//!   five original documents in tests/fixtures/seeds/ (copies of ../shared/seeds/);
//! - fixture sites in tests/fixtures/: `broken` (one editor mistake per file) and
//!   `chain` (five documents, each carrying out the one above).

use std::collections::BTreeSet;
use std::fs;

use crate::support::*;

/// The day progress is assessed on, fixed so that output does not depend on the clock.
const AS_OF: &str = "2026-11-01";

/// One of the five original documents and where the default site publishes it.
struct Seed {
    /// File name prefix in tests/fixtures/seeds/.
    prefix: &'static str,
    /// The document's page.
    page: &'static str,
    /// Its Markdown file, relative to the site root.
    content: &'static str,
    /// How the body starts in the seed: the first line after the title lines.
    body_starts: &'static str,
    /// The signature block as printed in the seed: its lines, then the signer's name.
    signature: Option<(&'static [&'static str], &'static str)>,
}

const SEEDS: &[Seed] = &[
    Seed {
        prefix: "000",
        page: "van-ban/ke-hoach-thuc-hien-chi-thi-11-ct-tw/",
        content: "content/plans/ha-noi/ke-hoach-thuc-hien-chi-thi-11-ct-tw.md",
        body_starts: "Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007",
        signature: None,
    },
    Seed {
        prefix: "001",
        page: "van-ban/ke-hoach-thuc-hien-chi-thi-19-ct-tu/",
        content: "content/plans/huyen-uy/ke-hoach-thuc-hien-chi-thi-19-ct-tu.md",
        body_starts: "Thực hiện Chỉ thị số 19 - CT/TU",
        signature: Some((&["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"], "Phu Văn Trạng")),
    },
    Seed {
        prefix: "002",
        page: "van-ban/41-cthd-hkh-2022/",
        content: "content/plans/thai-binh/chuong-trinh-hanh-dong-41-cthd-hkh.md",
        body_starts: "Căn cứ các văn bản chỉ đạo",
        signature: Some((&["TM. BCH HỘI KHUYẾN HỌC TỈNH", "CHỦ TỊCH"], "Vũ Mạnh Hiền")),
    },
    Seed {
        prefix: "003",
        page: "van-ban/hoi-nong-dan-thuc-hien-ke-hoach-387-kh-tu/",
        content: "content/plans/cao-bang/hoi-nong-dan-thuc-hien-ke-hoach-387-kh-tu.md",
        body_starts: "Thực hiện Kế hoạch số 4621-KH/UBND",
        signature: Some((&["T/M BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"], "Mạc Thanh Tâm")),
    },
    Seed {
        prefix: "004",
        page: "van-ban/ke-hoach-hoc-tap-suot-doi-2021-2030/",
        content: "content/plans/ha-noi/ke-hoach-hoc-tap-suot-doi-2021-2030.md",
        body_starts: "Thực hiện Quyết định số 387/QĐ-TTg",
        signature: None,
    },
];

impl Seed {
    /// The seed's plain text.
    fn text(&self) -> String {
        let dir = seeds_dir();
        let entry = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read the seeds in {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{}_", self.prefix)))
            .unwrap_or_else(|| panic!("no seed {}_*.txt in {}", self.prefix, dir.display()));
        fs::read_to_string(entry).unwrap()
    }

    /// The body lines (1-based seed line number, text): from `body_starts` to before "Nơi nhận".
    fn body_lines(&self) -> Vec<(usize, String)> {
        let text = self.text();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.trim_start().starts_with(self.body_starts))
            .unwrap_or_else(|| panic!("seed {}: no line starts with {:?}", self.prefix, self.body_starts));
        let end = lines
            .iter()
            .position(|l| l.trim_start().starts_with("Nơi nhận"))
            .unwrap_or_else(|| panic!("seed {}: no \"Nơi nhận\"", self.prefix));
        lines[start..end].iter().enumerate().map(|(i, l)| (start + i + 1, l.to_string())).collect()
    }

    /// The recipients as the seed lists them under "Nơi nhận:".
    fn recipients(&self) -> Vec<String> {
        let text = self.text();
        let mut lines = text.lines().skip_while(|l| !l.trim_start().starts_with("Nơi nhận"));
        lines.next();
        let mut out = Vec::new();
        for line in lines {
            let l = line.trim();
            if l.is_empty() {
                continue;
            }
            if !l.starts_with('-') {
                break; // the signature block
            }
            let item = strip_list_marker(l).trim_end_matches([';', '.', ' ']).to_string();
            out.push(item);
        }
        assert!(!out.is_empty(), "seed {}: no recipients found", self.prefix);
        out
    }
}

/// Removes list markers ("-", "+", "·", "•") and whitespace at the start of a line.
fn strip_list_marker(line: &str) -> &str {
    line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '+' | '·' | '•'))
}

/// Splits a line into sentences at ".", ";", "?", "!" followed by a space, keeping
/// short leading numbers ("1.", "II.") with the text they number.
fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let at_boundary = matches!(c, '.' | ';' | '?' | '!') && chars.peek().is_some_and(|n| n.is_whitespace());
        if at_boundary && current.trim().chars().count() > 4 {
            out.push(collapse_ws(&current));
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(collapse_ws(&current));
    }
    out
}

/// "ngày 1 tháng 6 năm 2022" for "2022-06-01".
fn date_in_words(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map(|p| p.parse().expect("an ISO date")).collect();
    format!("ngày {} tháng {} năm {}", parts[2], parts[1], parts[0])
}

/// The distinct values of href and src attributes on a page.
fn links_on(html: &str) -> BTreeSet<String> {
    link_values(html).into_iter().collect()
}

fn build_default(extra: &[&str]) -> (TestSite, Run) {
    let site = TestSite::default_site();
    let mut args = vec!["--as-of", AS_OF];
    args.extend_from_slice(extra);
    let run = site.build_ok(&args);
    (site, run)
}

// ---------------------------------------------------------------------------------
// The default site

/// 1. Each seed's page shows its issuer, number and date (or "Không ghi ngày"), its
///    signature block and every recipient.
#[test]
fn seed_pages_show_issuer_date_signature_and_recipients() {
    let (site, run) = build_default(&[]);
    let mut problems = Vec::new();
    for seed in SEEDS {
        assert!(run.file_exists(seed.page), "seed {}: no page at {}", seed.prefix, seed.page);
        let source = site.read_source(seed.content);
        let text = run.text(seed.page);
        let body_start = text.find(&collapse_ws(&sentences(&seed.body_lines()[0].1)[0]));

        let issuer = fm_scalar(&source, "issuer").expect("every seed has an issuer");
        match (text.find(&issuer), body_start) {
            (None, _) => {
                problems.push(format!("seed {} ({}): the issuer {issuer:?} is not shown", seed.prefix, seed.page))
            }
            (Some(i), Some(b)) if i > b => problems.push(format!(
                "seed {} ({}): the issuer {issuer:?} is shown only after the text begins, not in the header",
                seed.prefix, seed.page
            )),
            _ => {}
        }

        match fm_scalar(&source, "date") {
            Some(date) => {
                let words = date_in_words(&date);
                if !text.contains(&words) {
                    problems.push(format!("seed {} ({}): the date {words:?} is not shown", seed.prefix, seed.page));
                }
            }
            None => {
                if !text.to_lowercase().contains("không ghi ngày") {
                    problems.push(format!(
                        "seed {} ({}): the document has no date but the page does not say \"Không ghi ngày\"",
                        seed.prefix, seed.page
                    ));
                }
            }
        }

        if let Some((lines, name)) = seed.signature {
            // The signature block closes the document: after "Nơi nhận", its lines in
            // order, then the signer's name.
            let after = text.rfind("Nơi nhận").map_or("", |i| &text[i..]);
            let mut at = 0;
            for part in lines.iter().chain([&name]) {
                match after[at..].find(part) {
                    Some(i) => at += i + part.len(),
                    None => {
                        problems.push(format!(
                            "seed {} ({}): the signature block does not show {part:?} (after \"Nơi nhận\", in the order {:?} then {name:?})",
                            seed.prefix, seed.page, lines
                        ));
                        break;
                    }
                }
            }
        }

        let mut recipients: Vec<(String, &str)> =
            seed.recipients().into_iter().map(|r| (r, "the seed's Nơi nhận")).collect();
        recipients.extend(fm_list(&source, "recipients").into_iter().map(|r| (r, "the front matter")));
        for (r, from) in recipients {
            if !text.contains(&collapse_ws(&r)) {
                problems
                    .push(format!("seed {} ({}): recipient {r:?} (from {from}) is not shown", seed.prefix, seed.page));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Seed 002 is the one with a number and a date.
    let text = run.text("van-ban/41-cthd-hkh-2022/");
    assert!(text.contains("41/CTHĐ-HKH"), "seed 002's page does not show its number 41/CTHĐ-HKH");
    assert!(text.contains("ngày 1 tháng 6 năm 2022"), "seed 002's page does not show \"ngày 1 tháng 6 năm 2022\"");
    assert!(
        text.contains("Thái Bình, ngày 1 tháng 6 năm 2022"),
        "seed 002's page lacks the dateline \"Thái Bình, ngày 1 tháng 6 năm 2022\""
    );
}

/// 2. Every sentence of each seed's text, from after its title to before "Nơi nhận",
///    is on its page: nothing of the original document is lost.
#[test]
fn seed_pages_keep_every_sentence_of_the_original() {
    let (_site, run) = build_default(&[]);
    let mut missing = Vec::new();
    let mut checked = 0;
    for seed in SEEDS {
        let text = run.text(seed.page);
        for (line_no, line) in seed.body_lines() {
            let line = strip_list_marker(&line);
            for sentence in sentences(line) {
                checked += 1;
                if !text.contains(&sentence) {
                    missing.push(format!("seed {} line {line_no} ({}): {sentence:?}", seed.prefix, seed.page));
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} sentences were read from the seeds: the seed split is wrong");
    assert!(
        missing.is_empty(),
        "{} of {checked} sentences of the original documents are not on their pages:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// 3. Every internal link resolves to a file; the home page links to the top
///    directives; the page of 11-CT/TW links to the documents carrying it out.
#[test]
fn internal_links_resolve_and_directives_link_to_their_plans() {
    let (_site, run) = build_default(&[]);
    let links = internal_links(&run.output, "/");
    assert!(links.len() > 100, "only {} internal links found: the link reader is broken", links.len());
    let broken = broken_links(&run.output, "/");
    assert!(broken.is_empty(), "{} internal links lead nowhere:\n{}", broken.len(), broken.join("\n"));

    // Links go through base_url: never relative (they would break on the 404 page
    // and under a portal's sub-path).
    let mut relative = Vec::new();
    for page in html_files(&run.output) {
        let html = fs::read_to_string(run.output.join(&page)).unwrap();
        for url in link_values(&html) {
            let ok = ["/", "#", "https://", "http://", "mailto:", "tel:", "data:"].iter().any(|p| url.starts_with(p));
            if !ok {
                relative.push(format!("{page}: {url}"));
            }
        }
    }
    assert!(relative.is_empty(), "relative links:\n{}", relative.join("\n"));

    // Top directives: carried out by the seeds' chains, carrying out nothing themselves.
    let home = links_on(&run.read("index.html"));
    for top in ["/van-ban/11-ct-tw-2007/", "/van-ban/387-qd-ttg-2022/", "/van-ban/19-ct-tu-2016/"] {
        assert!(home.contains(top), "the home page does not link to the top directive {top}");
    }

    let ct11 = links_on(&run.read("van-ban/11-ct-tw-2007/"));
    for below in [
        // directly
        "/van-ban/49-kl-tw-2019/",
        "/van-ban/ke-hoach-thuc-hien-chi-thi-11-ct-tw/",
        // through KL 49 → KH 387 (Cao Bằng) → the farmers' association (seed 003)
        "/van-ban/387-kh-tu-2019/",
        "/van-ban/hoi-nong-dan-thuc-hien-ke-hoach-387-kh-tu/",
    ] {
        assert!(ct11.contains(below), "the page of 11-CT/TW does not link to {below}, which carries it out");
    }
}

/// Links with a fragment ("#noi-dung", "/van-ban/x/#chi-tieu") point at an element
/// with that id.
#[test]
fn fragment_links_point_at_ids() {
    let (_site, run) = build_default(&[]);
    let mut ids_of: std::collections::HashMap<String, BTreeSet<String>> = std::collections::HashMap::new();
    let mut ids = |page: &str| -> BTreeSet<String> {
        ids_of
            .entry(page.to_string())
            .or_insert_with(|| {
                let html = parse(&fs::read_to_string(run.output.join(page)).unwrap_or_default());
                html.all("[id]").iter().filter_map(|e| e.attr("id")).map(str::to_string).collect()
            })
            .clone()
    };
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in html_files(&run.output) {
        let html = fs::read_to_string(run.output.join(&page)).unwrap();
        for url in link_values(&html) {
            let Some((path, fragment)) = url.split_once('#') else { continue };
            if fragment.is_empty() || url.starts_with("http") {
                continue;
            }
            let target = if path.is_empty() { page.clone() } else { url_to_file(path, "/").unwrap_or_default() };
            checked += 1;
            if !ids(&target).contains(fragment) {
                broken.push(format!("{page}: {url} (no id={fragment:?} in {target})"));
            }
        }
    }
    assert!(checked > 0, "no fragment links found (the skip link to #noi-dung should be on every page)");
    assert!(broken.is_empty(), "fragment links to missing ids:\n{}", broken.join("\n"));
}

/// 4. Under a portal's sub-path every internal link starts with it, resolves once it
///    is stripped, and the canonical link is absolute.
#[test]
fn base_url_with_sub_path() {
    let base = "https://portal.example.vn/ke-hoach/";
    let (_site, run) = build_default(&["--base-url", base]);

    let mut outside = Vec::new();
    for page in html_files(&run.output) {
        let html = fs::read_to_string(run.output.join(&page)).unwrap();
        for url in link_values(&html) {
            if url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/ke-hoach/") {
                outside.push(format!("{page}: {url}"));
            }
            if url.starts_with("https://portal.example.vn/") && !url.starts_with(base) {
                outside.push(format!("{page}: {url}"));
            }
        }
    }
    assert!(outside.is_empty(), "links outside /ke-hoach/:\n{}", outside.join("\n"));

    let links = internal_links(&run.output, "/ke-hoach/");
    assert!(links.len() > 100, "only {} links under /ke-hoach/", links.len());
    let mut broken = broken_links(&run.output, "/ke-hoach/");
    broken.extend(broken_links(&run.output, base));
    assert!(broken.is_empty(), "links under the sub-path lead nowhere:\n{}", broken.join("\n"));

    let mut bad_canonical = Vec::new();
    for page in html_files(&run.output) {
        let html = parse(&fs::read_to_string(run.output.join(&page)).unwrap());
        let canonical: Vec<String> =
            html.all("link[rel=canonical]").iter().filter_map(|t| t.attr("href")).map(str::to_string).collect();
        match canonical.as_slice() {
            [one] if one.starts_with(base) => {}
            other => bad_canonical.push(format!("{page}: {other:?}")),
        }
    }
    assert!(
        bad_canonical.is_empty(),
        "pages without one absolute canonical link under {base}:\n{}",
        bad_canonical.join("\n")
    );
    let html = run.html("van-ban/41-cthd-hkh-2022/");
    let canonical = html.first("link[rel=canonical]").and_then(|t| t.attr("href"));
    assert_eq!(canonical, Some("https://portal.example.vn/ke-hoach/van-ban/41-cthd-hkh-2022/"));
}

/// 5. Every page declares Vietnamese; there is a 404 page.
#[test]
fn every_page_is_in_vietnamese_and_there_is_a_404_page() {
    let (_site, run) = build_default(&[]);
    run.assert_file_exists("404.html");
    let pages = html_files(&run.output);
    assert!(pages.len() > 40, "only {} pages", pages.len());
    let mut wrong = Vec::new();
    for page in &pages {
        let html = parse(&fs::read_to_string(run.output.join(page)).unwrap());
        let lang = html.root_element().attr("lang");
        if lang != Some("vi") {
            wrong.push(format!("{page}: <html> lang = {lang:?}"));
        }
    }
    assert!(wrong.is_empty(), "pages not declared lang=\"vi\":\n{}", wrong.join("\n"));
}

/// Every list of documents on every page names each document differently from its
/// neighbours, and a name means one document across the site.
fn assert_names_tell_documents_apart(out: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut url_of: std::collections::BTreeMap<String, String> = Default::default();
    let mut problems = Vec::new();
    for page in html_files(out) {
        let html = parse(&fs::read_to_string(out.join(&page)).unwrap());
        for a in html.all("a.doc-name") {
            let (name, url) = (a.visible_text(), a.attr("href").unwrap_or_default().to_string());
            match url_of.get(&name) {
                Some(u) if *u != url => problems.push(format!("{page}: “{name}” names {u} and {url}")),
                _ => {
                    url_of.insert(name, url);
                }
            }
        }
    }
    assert!(problems.is_empty(), "one name for two documents:\n{}", problems.join("\n"));
    url_of
}

/// Unnumbered documents are named by kind, issuer and year (or period), then the day,
/// then the start of the title, as far as needed to tell them apart.
#[test]
fn unnumbered_documents_have_names_people_can_tell_apart() {
    let site = TestSite::fixture("names");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let names = assert_names_tell_documents_apart(&run.output);
    let listed: BTreeSet<&str> = names.keys().map(String::as_str).collect();
    for want in [
        "Kế hoạch của UBND thành phố Hà Nội (05/03/2021)",
        "Kế hoạch của UBND thành phố Hà Nội (01/09/2021)",
        "Kế hoạch của UBND thành phố Hà Nội (2022)",
        "Kế hoạch của UBND thành phố Hà Nội (2021–2030): Thực hiện Chương trình Đẩy mạnh phong trào học tập…",
        "Kế hoạch của UBND thành phố Hà Nội (2021–2030): Thực hiện Đề án Xây dựng xã hội học tập…",
    ] {
        assert!(listed.contains(want), "{want:?} not among {listed:#?}");
    }
    // The default site: its reports and plans without numbers, on every page.
    let (_site, run) = build_default(&[]);
    let names = assert_names_tell_documents_apart(&run.output);
    assert!(names.contains_key("Kế hoạch của UBND tỉnh An Giang (2021–2030)"), "{:#?}", names.keys());
}

/// Every document page carries schema.org Legislation JSON-LD and links its own JSON;
/// the sitemap dates every page.
#[test]
fn document_pages_carry_legislation_json_ld_and_the_sitemap_dates_them() {
    let (_site, run) = build_default(&[]);
    let mut checked = 0;
    for page in html_files(&run.output).into_iter().filter(|p| p.starts_with("van-ban/") && p.matches('/').count() == 2)
    {
        let html = parse(&fs::read_to_string(run.output.join(&page)).unwrap());
        let Some(number) = html.first("p.number") else {
            continue;
        };
        let number = number.visible_text().trim_start_matches("Số: ").to_string();
        let script = html.one("script[type=\"application/ld+json\"]");
        let text: String = script.text().collect();
        let ld: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{page}: {e}: {text}"));
        assert_eq!(ld["@type"], "Legislation", "{page}");
        assert_eq!(ld["legislationIdentifier"], number.as_str(), "{page}");
        for key in ["legislationType", "legislationJurisdiction", "legislationLegalForce", "name", "url"] {
            assert!(ld.get(key).is_some(), "{page}: no {key}");
        }
        if html.one(".doc-dateline").visible_text().contains(" tháng ") {
            assert!(ld.get("legislationDate").is_some(), "{page}: dated, yet no legislationDate");
        }
        assert_eq!(ld["legislationPassedBy"]["name"], html.one("p.issuer").visible_text().as_str(), "{page}");
        let data = html.one("link[rel=alternate][type=\"application/json\"]").attr("href").unwrap();
        run.assert_file_exists(data.trim_start_matches('/'));
        checked += 1;
    }
    assert!(checked > 30, "{checked} numbered documents");
    let ld = |page: &str| -> serde_json::Value {
        let html = run.html(page);
        serde_json::from_str(&html.one("script[type=\"application/ld+json\"]").text().collect::<String>()).unwrap()
    };
    // Kế hoạch 4621/KH-UBND carries out Kế hoạch 387-KH/TU; 41/CTHĐ-HKH amends 25-CTrHĐ/HKH.
    let plan = ld("van-ban/4621-kh-ubnd-2019/");
    assert_eq!(plan["legislationApplies"][0]["legislationIdentifier"], "387-KH/TU", "{plan}");
    assert_eq!(plan["legislationDate"], "2019-12-31");
    assert_eq!(plan["legislationLegalForce"], "https://schema.org/InForce");
    let amending = ld("van-ban/41-cthd-hkh-2022/");
    assert_eq!(amending["legislationChanges"][0]["legislationIdentifier"], "25-CTrHĐ/HKH", "{amending}");

    let sitemap = run.read("sitemap.xml");
    let urls: Vec<&str> = sitemap.lines().filter(|l| l.starts_with("<url>")).collect();
    assert!(urls.len() > 100);
    let mut undated = 0;
    for u in &urls {
        let Some(day) = u.split("<lastmod>").nth(1).and_then(|r| r.split("</lastmod>").next()) else {
            // Only a document that gives no date, nor does any document its page lists.
            let path = u.split("1111/").nth(1).and_then(|r| r.split("</loc>").next()).unwrap();
            assert!(path.starts_with("van-ban/"), "no lastmod: {u}");
            let dateline = run.html(path).one(".doc-dateline").visible_text();
            assert_eq!(dateline, "Không ghi ngày", "{u}");
            undated += 1;
            continue;
        };
        assert!(day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-', "{u}");
    }
    assert!(undated * 5 < urls.len(), "{undated} pages without lastmod");
    let plan = urls.iter().find(|u| u.contains("/van-ban/4621-kh-ubnd-2019/<")).unwrap();
    assert!(plan.contains("<lastmod>2019-12-31</lastmod>") || plan.contains("<lastmod>202"), "{plan}");
}

/// The search index's files under tim-kiem/: name → bytes.
fn index_files(out: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(&out.join("tim-kiem"))
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .map(|f| (f.clone(), fs::read(out.join("tim-kiem").join(&f)).unwrap()))
        .collect()
}

/// Adding one document changes only the manifest, one file of document records (and the
/// page of record hashes naming it) and the word files of its own words: ids are stable,
/// and every other file keeps its name and bytes (a file's name carries its content's
/// hash, so a browser never mixes builds).
#[test]
fn adding_a_document_changes_only_the_search_files_of_its_words() {
    let (site, run) = build_default(&[]);
    let before = index_files(&run.output);
    let words = before.keys().filter(|f| f.starts_with("chi-muc/")).count();
    assert!(words > 50, "{words} word files");
    let manifest: serde_json::Value = serde_json::from_slice(&before["chi-muc.json"]).unwrap();
    for (_, name) in search_shards(&manifest) {
        let bytes = before.get(&name).unwrap_or_else(|| panic!("the manifest names {name}, not written"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, bytes).unwrap();
        assert!(gz.finish().unwrap().len() < 50_000, "{name} is over 50 KB gzipped");
    }
    site.write(
        "content/plans/zz-them.md",
        "---\nkind: Kế hoạch\nnumber: \"7/KH-UBND\"\ntitle: \"Zyxw qvot\"\nissuer: \"UBND tỉnh Zeta\"\ndate: 2024-05-06\n---\n\nZyxw qvot.\n",
    );
    let run = site.build_ok(&["--as-of", AS_OF]);
    let after = index_files(&run.output);
    let changed: Vec<&String> = after.keys().filter(|f| before.get(*f) != after.get(*f)).collect();
    // Its words: kế hoạch, 7 kh ubnd 7khubnd, zyxw qvot, ubnd tỉnh zeta, and their pairs.
    let own = ["ke", "ho", "7", "7k", "kh", "ub", "zy", "qv", "ti", "ze"];
    let (mut doc_files, mut page_files) = (0, 0);
    for f in &changed {
        if let Some(shard) = f.strip_prefix("chi-muc/") {
            assert!(
                own.iter().any(|p| shard.starts_with(p)),
                "{f} changed, yet holds none of the new document's words"
            );
        } else if f.starts_with("tai-lieu/trang-") {
            page_files += 1;
        } else if f.starts_with("tai-lieu/") {
            doc_files += 1;
        } else if let Some(file) = f.strip_prefix("tu-vung/") {
            // The vocabulary of its words' endings: a new word, or one that crossed a
            // power of two in the number of documents holding it.
            let ending = file.split('.').next().unwrap();
            assert!(
                ["hoach", "ubnd", "zyxw", "qvot", "tinh", "zeta"].iter().any(|w| w.ends_with(ending)),
                "{f} changed, yet ends none of the new document's words"
            );
        } else {
            assert_eq!(f.as_str(), "chi-muc.json");
        }
    }
    assert_eq!(doc_files, 1, "document record files changed: {changed:?}");
    assert_eq!(page_files, 1, "pages of record hashes changed: {changed:?}");
    let kept = before.keys().filter(|f| after.get(*f) == before.get(*f)).count();
    assert!(kept + 16 >= before.len(), "only {kept} of {} index files kept: {changed:?}", before.len());
}

/// The vocabulary by words' endings, where the search page finds the word a typo in its
/// first letters meant: every word of three letters or more, no pair, no number.
#[test]
fn the_search_vocabulary_lists_words_by_their_endings() {
    let (_site, run) = build_default(&[]);
    let files = index_files(&run.output);
    let manifest: serde_json::Value = serde_json::from_slice(&files["chi-muc.json"]).unwrap();
    let endings = manifest["v"].as_object().expect("the manifest names the vocabulary files");
    let mut all: Vec<String> = Vec::new();
    for (ending, hash) in endings {
        let name = format!("tu-vung/{ending}.{}.json", hash.as_str().unwrap());
        let file: serde_json::Value =
            serde_json::from_slice(&files[&name]).unwrap_or_else(|_| panic!("{name} missing"));
        for (class, words) in file.as_object().unwrap() {
            assert!(class.parse::<u32>().is_ok(), "{name}: class {class}");
            for w in words.as_str().unwrap().split(' ') {
                assert!(w.ends_with(ending.as_str()), "{w} in {name}");
                assert!(w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()), "{w:?} in {name}");
                all.push(w.to_string());
            }
        }
    }
    for w in ["khuyen", "hoach", "nong", "gia"] {
        assert!(all.iter().any(|a| a == w), "{w} not in the vocabulary");
    }
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "a word listed twice");
}

// ---------------------------------------------------------------------------------
// Diagnostics and the output folder

/// One expected diagnostic of the `broken` fixture.
struct Expected {
    file: &'static str,
    severity: &'static str,
    /// The offending line: the first line of the file containing this text.
    line_with: &'static str,
    /// The column: where this text starts on that line (1-based, in characters).
    col_at: &'static str,
    message: &'static str,
    help: Option<&'static str>,
}

/// 6a. One `congbo check` run reports every mistake of every file, each at its line
///     with the line quoted, and exits 1.
#[test]
fn check_reports_every_problem_at_its_line() {
    let site = TestSite::fixture("broken");
    let expected = [
        Expected {
            file: "content/plans/loi-yaml.md",
            severity: "error",
            line_with: "title: Kế hoạch: thực hiện",
            col_at: ": thực hiện",
            message: "YAML",
            help: None,
        },
        Expected {
            file: "content/plans/thieu-trich-yeu.md",
            severity: "error",
            // A missing field has no line of its own: the front matter's opening fence.
            line_with: "---",
            col_at: "---",
            message: "missing required field `title`",
            help: None,
        },
        Expected {
            file: "content/plans/ngay-khong-co-that.md",
            severity: "error",
            line_with: "date: 2022-02-30",
            col_at: "2022-02-30",
            message: "2022-02-30 does not exist",
            help: None,
        },
        Expected {
            file: "content/plans/khoa-viet-sai.md",
            severity: "warning",
            line_with: "implement:",
            col_at: "implement:",
            message: "`implement`",
            help: Some("did you mean `implements`"),
        },
        Expected {
            file: "content/plans/khong-co-front-matter.md",
            severity: "error",
            line_with: "# Kế hoạch không có phần thông tin đầu",
            col_at: "#",
            message: "no front matter",
            help: None,
        },
    ];

    let run = site.check();
    let diags = run.diagnostics();
    let mut problems = Vec::new();
    for e in &expected {
        let (line, col, src_line) = place_in(&site.read_source(e.file), e.line_with, e.col_at);
        let head = format!("{}:{line}:{col}: {}: ", e.file, e.severity);
        let Some(d) = diags.iter().find(|d| d.head().starts_with(&head)) else {
            problems.push(format!("no diagnostic starting with {head:?} (expected about {:?})", e.message));
            continue;
        };
        if !d.message.contains(e.message) {
            problems.push(format!("{head}: the message does not say {:?}: {}", e.message, d.message));
        }
        // The offending line is quoted right below: " 6 | date: 2022-02-30".
        let expected_quote = format!("{line} | {}", src_line.trim_end());
        if d.quoted.as_deref() != Some(expected_quote.as_str()) {
            problems.push(format!(
                "{head}: the source line is not quoted below it: expected {expected_quote:?}, got {:?}",
                d.quoted
            ));
        }
        if let Some(help) = e.help
            && !d.help.as_deref().is_some_and(|h| h.contains(help))
        {
            problems.push(format!("{head}: no hint {help:?} in:\n{}", d.text));
        }
    }
    assert!(problems.is_empty(), "{}\n--- stderr:\n{}", problems.join("\n"), run.stderr);
    run.assert_exit(1);
    assert!(!site.output().exists(), "`congbo check` wrote an output folder");
    run.assert_stderr_matches("broken");

    // Without the errors, the unknown field is still reported but is only a warning.
    for e in expected.iter().filter(|e| e.severity == "error") {
        site.remove(e.file);
    }
    let run = site.check();
    run.assert_success();
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.path == "content/plans/khoa-viet-sai.md"
                && (d.line, d.col, d.severity) == (7, 1, Severity::Warning)),
        "the warning is no longer printed once the errors are fixed:\n{}",
        run.stderr
    );
}

/// A key written twice is reported at the second one, not at the top of the front matter.
#[test]
fn duplicate_key_is_reported_at_its_line() {
    let site = TestSite::empty();
    site.write("congbo.toml", "title = \"Trang thử\"\n");
    let file = "content/plans/trung-khoa.md";
    site.write(file, "---\nkind: Kế hoạch\ntitle: \"Kế hoạch thứ nhất\"\nissuer: \"UBND tỉnh Thái Bình\"\ntitle: \"Kế hoạch thứ hai\"\n---\n\nNội dung.\n");
    let run = site.check();
    run.assert_exit(1);
    assert!(
        run.diagnostics().iter().any(|d| d.path == file
            && (d.line, d.col, d.severity) == (5, 1, Severity::Error)
            && d.quoted.as_deref() == Some("5 | title: \"Kế hoạch thứ hai\"")),
        "the duplicate `title` (line 5) is not reported at its line:\n{}",
        run.stderr
    );
}

/// 6b. A build that fails leaves the previous output exactly as it was.
#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TestSite::fixture("chain");
    let out = site.scratch().join("public");
    let out_s = out.to_str().unwrap();
    site.build_ok(&["--output", out_s, "--as-of", AS_OF]);
    let before = snapshot(&out);
    assert!(before.keys().any(|p| p == "van-ban/30-kh-ubnd-2020/index.html"), "the good build lacks the page of C");

    let file = "content/plans/c-ke-hoach-ubnd-tinh.md";
    site.edit(file, "date: 2020-06-01", "date: 2020-06-31");
    let run = site.build(&["--output", out_s, "--as-of", AS_OF]);
    run.assert_exit(1);
    let line = site.read_source(file).lines().position(|l| l.starts_with("date:")).unwrap() + 1;
    assert!(
        run.diagnostics().iter().any(|d| d.path == file && (d.line, d.col, d.severity) == (line, 7, Severity::Error)),
        "the failed build does not report {file}:{line}:7:\n{}",
        run.stderr
    );
    let diff = snapshot_diff(&before, &snapshot(&out));
    assert!(diff.is_empty(), "the failed build changed the previous output:\n{diff}");
    let leftovers: Vec<String> = fs::read_dir(site.scratch())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "public")
        .collect();
    assert!(leftovers.is_empty(), "the failed build left files beside the output: {leftovers:?}");
}

/// 7. Files the portal team put in the output folder survive a rebuild; the page of a
///    document that was deleted disappears.
#[test]
fn rebuild_keeps_foreign_files_and_drops_deleted_documents() {
    let site = TestSite::fixture("chain");
    let first = site.build_ok(&["--as-of", AS_OF]);
    first.assert_file_exists("van-ban/12-kh-hkh-2021/");

    let foreign = [
        ("portal-banner.html", "<!doctype html><p>Cổng thông tin điện tử tỉnh</p>\n"),
        ("portal/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
        ("van-ban/ghi-chu.txt", "Ghi chú của cổng thông tin\n"),
    ];
    for (path, text) in foreign {
        let p = first.output.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
    }

    site.remove("content/plans/e-ke-hoach-hoi-khuyen-hoc.md");
    // Twice: the second rebuild must not take the portal's files for its own.
    for round in 1..=2 {
        let run = site.build_ok(&["--as-of", AS_OF]);
        for (path, text) in foreign {
            let got = fs::read_to_string(run.output.join(path));
            assert_eq!(
                got.ok().as_deref(),
                Some(text),
                "rebuild {round}: the portal's file {path} was not kept as it was"
            );
        }
        assert!(
            !run.output.join("van-ban/12-kh-hkh-2021").exists(),
            "rebuild {round}: the page of the deleted document E is still there"
        );
        run.assert_file_exists("van-ban/45-kh-ubnd-2020/");
        assert!(
            !links_on(&run.read("van-ban/45-kh-ubnd-2020/")).contains("/van-ban/12-kh-hkh-2021/"),
            "rebuild {round}: the page of D still links to the deleted E"
        );
        let broken = broken_links(&run.output, "/");
        assert!(broken.is_empty(), "rebuild {round}: broken links:\n{}", broken.join("\n"));
    }
}

/// 8. congbo refuses to write the site over its own root or content, and deletes nothing.
#[test]
fn output_over_the_site_root_or_content_is_refused() {
    let site = TestSite::fixture("chain");
    let root = site.root().to_str().unwrap().to_string();
    let content = site.path("content").to_str().unwrap().to_string();
    let before = snapshot(site.root());
    for output in [root.as_str(), content.as_str(), "site", "site/.", "site/content", "site/content/"] {
        let run = site.build(&["--output", output, "--as-of", AS_OF]);
        assert_eq!(run.code(), Some(1), "--output {output} was not refused; stderr:\n{}", run.stderr);
        assert!(run.stderr.contains("refusing"), "--output {output}: no explanation:\n{}", run.stderr);
        let diff = snapshot_diff(&before, &snapshot(site.root()));
        assert!(diff.is_empty(), "--output {output} changed the site:\n{diff}");
    }
    let beside: Vec<String> = fs::read_dir(site.scratch())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site")
        .collect();
    assert!(beside.is_empty(), "refused builds left files beside the site: {beside:?}");
}

/// An output folder inside content/ would be read back as content by the next build.
#[test]
fn output_inside_content_is_refused() {
    let site = TestSite::fixture("chain");
    let before = snapshot(&site.path("content"));
    for output in ["site/content/plans", "site/content/xuat-ban"] {
        let run = site.build(&["--output", output, "--as-of", AS_OF]);
        assert_eq!(run.code(), Some(1), "--output {output} (inside content/) was not refused; stderr:\n{}", run.stderr);
        let diff = snapshot_diff(&before, &snapshot(&site.path("content")));
        assert!(diff.is_empty(), "--output {output} changed content/:\n{diff}");
    }
}

/// The same input gives byte-identical output (nothing reads the clock or depends on
/// thread scheduling).
#[test]
fn builds_are_reproducible() {
    let site = TestSite::default_site();
    let one = site.scratch().join("mot");
    let two = site.scratch().join("hai");
    site.build_ok(&["--output", one.to_str().unwrap(), "--as-of", AS_OF]);
    site.build_ok(&["--output", two.to_str().unwrap(), "--as-of", AS_OF]);
    let diff = snapshot_diff(&snapshot(&one), &snapshot(&two));
    assert!(diff.is_empty(), "two builds of the same site differ:\n{diff}");
}

/// A rebuild leaves unchanged files alone (same modification time, so rsync skips
/// them) and rewrites the pages that changed.
#[test]
fn unchanged_files_keep_their_modification_time() {
    let site = TestSite::fixture("chain");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let unchanged = ["style.css", "van-ban/1-ct-tw-2020/index.html", "cap/index.html"];
    let changed = "van-ban/30-kh-ubnd-2020/index.html";
    for f in unchanged.iter().chain([&changed]) {
        let file = fs::File::options().write(true).open(run.output.join(f)).unwrap();
        file.set_modified(past).unwrap();
    }
    // A change in C's body touches only C's page.
    site.edit("content/plans/c-ke-hoach-ubnd-tinh.md", "kế hoạch như sau", "kế hoạch dưới đây");
    let run = site.build_ok(&["--as-of", AS_OF]);
    run.assert_text_contains(changed, "kế hoạch dưới đây");
    let mtime = |f: &str| fs::metadata(run.output.join(f)).unwrap().modified().unwrap();
    for f in unchanged {
        assert_eq!(mtime(f), past, "{f} did not change but was rewritten");
    }
    assert_ne!(mtime(changed), past, "{changed} changed but kept its old modification time");
}

// ---------------------------------------------------------------------------------
// Chains of implementation

const A: &str = "/van-ban/1-ct-tw-2020/";
const B: &str = "/van-ban/2-kh-tu-2020/";
const C: &str = "/van-ban/30-kh-ubnd-2020/";
const D: &str = "/van-ban/45-kh-ubnd-2020/";
const E: &str = "/van-ban/12-kh-hkh-2021/";

/// 9. A ← B ← C ← D ← E: the top lists everything below it with the counts; the bottom
///    shows the chain above it, top first.
#[test]
fn chain_of_five_documents() {
    let site = TestSite::fixture("chain");
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(run.stderr.contains("0 warnings"), "the chain fixture has warnings:\n{}", run.stderr);

    let a = links_on(&run.read(A));
    for below in [B, C, D, E] {
        assert!(a.contains(below), "the page of A (1-CT/TW) does not list {below}, which carries it out");
    }
    run.assert_text_contains(A, "4 văn bản thực hiện, 1 trực tiếp");
    run.assert_text_contains(B, "3 văn bản thực hiện, 1 trực tiếp");
    run.assert_text_contains(D, "1 văn bản thực hiện, 1 trực tiếp");
    let e_text = run.text(E);
    assert!(
        !e_text.contains("văn bản thực hiện, "),
        "the page of E, which nothing carries out, shows implementer counts"
    );

    // The chain on E's page: links to A, B, C, D one after the other.
    let e_links: Vec<String> =
        link_values(&run.read(E)).into_iter().filter(|l| l.starts_with("/van-ban/") && l != "/van-ban/").collect();
    let chain = [A, B, C, D];
    assert!(
        e_links.windows(4).any(|w| w == chain),
        "the page of E does not show the chain A → B → C → D; its document links in order: {e_links:?}"
    );
}

/// The link checker itself: a Markdown link to a page that does not exist is caught,
/// with and without a sub-path, and the fragment and query are ignored.
#[test]
fn link_checker_catches_a_dead_link() {
    let site = TestSite::fixture("chain");
    site.edit(
        "content/plans/e-ke-hoach-hoi-khuyen-hoc.md",
        "như sau.",
        "như sau. Xem [kế hoạch của tỉnh](/van-ban/30-kh-ubnd-2020/#noi-dung) và [văn bản đã gỡ](/van-ban/khong-con-nua/?v=1).",
    );
    let run = site.build_ok(&["--as-of", AS_OF]);
    let broken = broken_links(&run.output, "/");
    assert_eq!(
        broken,
        vec![
            "van-ban/12-kh-hkh-2021/index.html: /van-ban/khong-con-nua/?v=1 (no file van-ban/khong-con-nua/index.html)"
        ],
        "the link checker should report exactly the dead Markdown link"
    );

    let run = site.build_ok(&["--as-of", AS_OF, "--base-url", "/ke-hoach/"]);
    let broken = broken_links(&run.output, "/ke-hoach/");
    assert_eq!(broken.len(), 1, "under a sub-path, the dead link should be the only broken one: {broken:?}");
    assert!(broken[0].contains("/ke-hoach/van-ban/khong-con-nua/"), "{broken:?}");
}

/// A document page with its charts weighs under 60 KB compressed, stylesheet included
/// (search index excluded), and nothing is loaded from another host: no web fonts,
/// scripts, styles or images from elsewhere.
#[test]
fn pages_are_light_and_load_nothing_from_other_hosts() {
    use std::io::Write;
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    };
    let (_site, run) = build_default(&[]);
    let out = run.output.clone();
    let css = gz(&fs::read(out.join("style.css")).unwrap());
    let mut heaviest = (0, String::new());
    let elsewhere = |url: &str| url.starts_with("http") || url.starts_with("//");
    for rel in html_files(&out) {
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        if rel.starts_with("van-ban/") && !rel.contains("/trang/") {
            let weight = gz(html.as_bytes()) + css;
            if weight > heaviest.0 {
                heaviest = (weight, rel.clone());
            }
        }
        // Resources the browser loads by itself: a src (or data-src …) anywhere, the
        // href of a <link> other than the canonical and alternate addresses.
        let page = parse(&html);
        for e in page.root_element().descendent_elements() {
            for (name, value) in e.value().attrs() {
                assert!(
                    !(name.ends_with("src") && elsewhere(value)),
                    "{rel} loads {value} (<{} {name}>)",
                    e.value().name()
                );
            }
        }
        for link in page.all("link") {
            let rel_attr = link.attr("rel").unwrap_or("");
            if rel_attr.split_whitespace().any(|r| r == "canonical" || r == "alternate") {
                continue;
            }
            assert!(!link.attr("href").is_some_and(elsewhere), "{rel}: {}", link.html());
        }
        assert!(!html.contains("@font-face") && !html.contains("fonts.googleapis"), "{rel} loads a web font");
    }
    assert!(heaviest.0 > 5_000, "implausibly light: {heaviest:?}");
    assert!(
        heaviest.0 < 60 * 1024,
        "the heaviest document page weighs {} bytes compressed: {}",
        heaviest.0,
        heaviest.1
    );
}

/// Discovery: the Atom feed holds the newest dated documents with absolute ids and
/// links; the sitemap lists every page; robots.txt points at it; every page has a
/// canonical link and Open Graph title.
#[test]
fn feed_sitemap_robots_and_page_metadata() {
    let (_site, run) = build_default(&["--base-url", "https://portal.example.vn/ke-hoach/"]);
    let feed = run.read("feed.xml");
    assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), "not Atom");
    let entries = feed.matches("<entry>").count();
    assert!((1..=50).contains(&entries), "{entries} entries");
    assert_eq!(entries, feed.matches("<updated>").count() - 1, "every entry has <updated>");
    for id in feed.split("<id>").skip(1).map(|s| s.split("</id>").next().unwrap()) {
        assert!(id.starts_with("https://portal.example.vn/ke-hoach/"), "id {id}");
    }
    // Newest first: every entry's date is on or before the one above it.
    let dates: Vec<&str> =
        feed.split("<entry>").skip(1).filter_map(|e| e.split("<updated>").nth(1)?.get(..10)).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "the feed is not newest first: {dates:?}");

    let sitemap = run.read("sitemap.xml");
    let out = run.output.clone();
    let pages: Vec<String> =
        files_under(&out).into_iter().filter(|p| p.ends_with("index.html") && !p.contains("/trang/")).collect();
    for p in &pages {
        let loc = format!("<loc>https://portal.example.vn/ke-hoach/{}</loc>", p.trim_end_matches("index.html"));
        assert!(sitemap.contains(&loc), "sitemap misses {loc}");
        let html = run.html(p);
        assert!(html.first("link[rel=canonical][href]").is_some(), "{p} has no canonical link");
        assert!(
            html.first("meta[property=\"og:title\"][content]").is_some_and(|m| !m.attr("content").unwrap().is_empty()),
            "{p} has no Open Graph title"
        );
    }
    assert!(run.read("robots.txt").contains("Sitemap: https://portal.example.vn/ke-hoach/sitemap.xml"));
}

/// `congbo new` writes a complete, commented front matter that loads once filled in,
/// and never overwrites a file.
#[test]
fn new_writes_a_document_to_fill_in_and_never_overwrites() {
    let site = TestSite::empty();
    site.write("congbo.toml", "title = \"Trang thử\"\n");
    let new = |args: &[&str]| site.run("new", args);
    new(&["plan", "--title", "Kế hoạch thử nghiệm"]).assert_success();
    let file = "content/plans/ke-hoach-thu-nghiem.md";
    let written = site.read_source(file);
    for field in [
        "kind:",
        "number:",
        "title: \"Kế hoạch thử nghiệm\"",
        "issuer:",
        "date:",
        "implements:",
        "signer:",
        "recipients:",
        "targets:",
    ] {
        assert!(written.contains(field), "{field} missing:\n{written}");
    }
    assert!(written.contains("# Trích yếu"), "fields are explained in Vietnamese");
    // A second time: refused, file unchanged.
    let again = new(&["plan", "--title", "Kế hoạch thử nghiệm"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(site.read_source(file), written);
    // Unfilled, check points at the empty fields; filled, it loads.
    let run = site.check();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.diagnostics().iter().any(|d| d.path == file
            && (d.line, d.col, d.severity) == (5, 9, Severity::Error)
            && d.message.starts_with("`issuer`")),
        "{}",
        run.stderr
    );
    let filled = written
        .replace("number: \"\"", "number: \"12/KH-UBND\"")
        .replace("issuer: \"\"", "issuer: \"UBND tỉnh Cao Bằng\"")
        .replace("place: \"\"", "place: \"A\"")
        .replace("date: \"\"", "date: 2024-01-02")
        .replace("region: \"\"", "region: \"Cao Bằng\"")
        .replace("source: \"\"", "source: \"https://example.vn/a.pdf\"");
    site.write(file, &filled);
    let run = site.check();
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

/// Every file under `dir` with the inode and modification time it has: a rebuild that
/// writes nothing leaves both as they were.
fn stamps(dir: &std::path::Path) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let meta = fs::metadata(dir.join(&rel)).unwrap();
            (rel, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

/// The build cache: a second build with nothing changed writes no file and says what
/// it said before; after each of a sequence of edits (a body, front matter, a new and
/// a removed document, a template, the configuration, a file of the output removed),
/// the site rebuilt in place equals a clean build, byte for byte.
#[test]
fn rebuilds_equal_clean_builds_and_an_unchanged_rebuild_writes_nothing() {
    let site = TestSite::fixture("chain");
    let args = ["--as-of", AS_OF];
    // A warning to be said again by the cached build: a reference to nothing.
    site.edit("content/plans/e-ke-hoach-hoi-khuyen-hoc.md", "---\n\n", "---\n\nTheo Chỉ thị số 99/CT-TW.\n\n");
    let first = site.build_ok(&args);
    let out = site.output();
    let (before, files_before) = (stamps(&out), snapshot(&out));
    let again = site.build_ok(&args);
    assert!(again.stderr.contains("nothing changed"), "the unchanged rebuild rendered again:\n{}", again.stderr);
    assert_eq!(stamps(&out), before, "the unchanged rebuild wrote files");
    assert!(snapshot_diff(&files_before, &snapshot(&out)).is_empty());
    let warnings = |stderr: &str| stderr.lines().filter(|l| !l.starts_with("congbo:")).collect::<Vec<_>>().join("\n");
    assert!(warnings(&first.stderr).contains("99/CT-TW"), "{}", first.stderr);
    assert_eq!(warnings(&again.stderr), warnings(&first.stderr), "the cached build did not repeat the warnings");

    let edits: Vec<(&str, Box<dyn Fn(&TestSite)>)> = vec![
        (
            "a body",
            Box::new(|s| s.edit("content/plans/c-ke-hoach-ubnd-tinh.md", "kế hoạch như sau", "kế hoạch dưới đây")),
        ),
        (
            "front matter",
            Box::new(|s| s.edit("content/plans/c-ke-hoach-ubnd-tinh.md", "date: 2020-06-01", "date: 2021-03-15")),
        ),
        (
            "a new document",
            Box::new(|s| {
                let text = s.read_source("content/plans/d-ke-hoach-ubnd-huyen.md");
                let number = fm_scalar(&text, "number").unwrap();
                s.write("content/plans/f-moi.md", &text.replace(&number, "77/KH-UBND"));
            }),
        ),
        ("a removed document", Box::new(|s| s.remove("content/plans/e-ke-hoach-hoi-khuyen-hoc.md"))),
        (
            "a template",
            Box::new(|s| {
                let theme = repo_root().join("themes/default/templates/404.html");
                let text = fs::read_to_string(theme).unwrap();
                s.write("templates/404.html", &text.replacen("</h1>", "</h1><p>Sửa mẫu.</p>", 1));
            }),
        ),
        ("the configuration", Box::new(|s| s.edit("congbo.toml", "title = \"", "title = \"Sửa: "))),
        ("a file of the output removed", Box::new(|s| fs::remove_file(s.output().join("style.css")).unwrap())),
    ];
    for (i, (what, edit)) in edits.iter().enumerate() {
        edit(&site);
        let run = site.build_ok(&args);
        assert!(!run.stderr.contains("nothing changed"), "after {what}, the build took the site as unchanged");
        let clean = site.scratch().join(format!("clean-{i}"));
        site.build_ok(&["--as-of", AS_OF, "--output", clean.to_str().unwrap()]);
        let diff = snapshot_diff(&snapshot(&clean), &snapshot(&out));
        assert!(diff.is_empty(), "after {what}, the rebuilt site differs from a clean build:\n{diff}");
    }
    assert!(site.build_ok(&args).stderr.contains("nothing changed"));
}
