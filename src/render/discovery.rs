//! How the site is found: an Atom feed of the newest documents, a sitemap of every
//! page, and robots.txt pointing at it.

use std::fmt::Write;

use super::escape::escape_xml as escape;
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

/// The sitemap: every HTML page of the site (the rendered paths ending in index.html),
/// each with `lastmod`: for a document, the newest date of it and of the documents its
/// page lists (those that report on, amend, replace, carry out, cite or name it); an
/// undated plan or report counts from the first day of its period or figures' year, and
/// `lastmod` is left out when nothing gives a year; for other pages, the newest date of any document.
/// Dates only, so that the same content gives the same sitemap.
pub fn sitemap(view: &View, html_paths: &[String]) -> String {
    let docs = &view.corpus.documents;
    let day = |d: &crate::model::Document| match (d.date, d.year()) {
        (Some(date), _) => Some(date.to_string()),
        (None, Some(year)) => Some(format!("{year:04}-01-01")),
        (None, None) => None,
    };
    // An undated plan or report: the first day of its period or of its figures' year.
    let day_or_year = |d: &crate::model::Document| {
        day(d)
            .or_else(|| d.period.map(|(a, _)| a).or(d.report.as_ref().map(|r| r.year)).map(|y| format!("{y:04}-01-01")))
    };
    let links = view.links;
    let doc_lastmod = |id: usize| {
        let mut days: Vec<String> = day_or_year(&docs[id]).into_iter().collect();
        for rel in [&links.reports_on, &links.amends, &links.replaces, &links.implements, &links.based_on] {
            days.extend(rel.backward[id].iter().filter_map(|&o| day(&docs[o])));
        }
        days.extend(links.mentioned_by[id].iter().filter_map(|&o| day(&docs[o])));
        days.into_iter().max()
    };
    let newest = (0..docs.len()).filter_map(|d| day(&docs[d])).max();
    let by_page: std::collections::HashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.address.page(), i)).collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in html_paths {
        let site_path = p.strip_suffix("index.html").unwrap_or(p);
        let lastmod = match by_page.get(site_path) {
            Some(&id) => doc_lastmod(id),
            None => newest.clone(),
        };
        let loc = escape(&view.config.base_url.absolute(site_path));
        match lastmod {
            Some(day) => writeln!(out, "<url><loc>{loc}</loc><lastmod>{day}</lastmod></url>").unwrap(),
            None => writeln!(out, "<url><loc>{loc}</loc></url>").unwrap(),
        }
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
