//! How the site is found: an Atom feed of the newest documents, a sitemap of every
//! page, and robots.txt pointing at it.

use std::fmt::Write;

use super::escape::escape;
use super::view::View;

/// An entry's permanent id: its full address, or a URN when the site's host is not
/// configured (Atom ids must be absolute).
fn entry_id(view: &View, site_path: &str) -> String {
    if view.config.base_url.origin.is_empty() {
        format!("urn:congbo:{}", site_path.trim_matches('/').replace('/', ":"))
    } else {
        view.config.base_url.absolute(site_path)
    }
}

/// The Atom feed: the 50 newest documents with a date, or a year of publication (an
/// entry of a report known only by its year is dated 1 January of it).
pub fn feed(view: &View) -> String {
    let docs = &view.corpus.documents;
    let mut dated: Vec<usize> = (0..docs.len()).filter(|&d| docs[d].year().is_some()).collect();
    dated.sort_by(|&a, &b| docs[a].newest_first_key().cmp(&docs[b].newest_first_key()));
    dated.truncate(50);
    let day = |d: &crate::model::Document| match (d.date, d.year()) {
        (Some(date), _) => date.to_string(),
        (None, Some(year)) => format!("{year:04}-01-01"),
        (None, None) => view.config.as_of.to_string(),
    };
    let updated = dated.first().map_or_else(|| view.config.as_of.to_string(), |&d| day(&docs[d]));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n",
    );
    let base = &view.config.base_url;
    write!(
        out,
        "<title>{}</title>\n<id>{}</id>\n<updated>{updated}T00:00:00Z</updated>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<author><name>{}</name></author>\n",
        escape(&view.config.title),
        escape(&entry_id(view, "feed.xml")),
        escape(&base.absolute("feed.xml")),
        escape(&base.absolute("")),
        escape(&view.config.title),
    )
    .unwrap();
    for &d in &dated {
        let doc = &docs[d];
        let path = doc.address.page();
        let date = day(doc);
        write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{date}T00:00:00Z</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            escape(&format!("{} — {}", view.summaries[d].name, doc.title)),
            escape(&entry_id(view, &path)),
            escape(&base.absolute(&path)),
            escape(&doc.issuer),
            escape(&doc.title),
        )
        .unwrap();
    }
    out.push_str("</feed>\n");
    out
}

/// The sitemap: every HTML page of the site (the rendered paths ending in index.html).
pub fn sitemap(view: &View, html_paths: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in html_paths {
        let site_path = p.strip_suffix("index.html").unwrap_or(p);
        writeln!(out, "<url><loc>{}</loc></url>", escape(&view.config.base_url.absolute(site_path))).unwrap();
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(view: &View) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if !view.config.base_url.origin.is_empty() {
        writeln!(out, "Sitemap: {}", view.config.base_url.absolute("sitemap.xml")).unwrap();
    }
    out
}
