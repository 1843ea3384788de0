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

/// URLs one sitemap file may list (the sitemaps protocol's limit).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap: every HTML page of the site (the rendered paths ending in index.html),
/// each with `lastmod`: for a document, the newest date of it and of the documents its
/// page lists (those that report on, amend, replace, carry out, cite or name it); an
/// undated plan or report counts from the first day of its period or figures' year, and
/// `lastmod` is left out when nothing gives a year; for other pages, the newest date of any document.
/// Dates only, so that the same content gives the same sitemap.
///
/// Returned as (path, text) files: up to `per_file` pages one sitemap.xml; past that,
/// the pages go into parts of `per_file` each (sitemap-1.xml …) and sitemap.xml is the
/// index of the parts, as the protocol asks of a site with more than 50,000 pages.
pub fn sitemaps(view: &View, html_paths: &[String], per_file: usize) -> Vec<(String, String)> {
    let docs = &view.corpus.documents;
    // Days compared as dates and written once: a directive's lastmod is the newest of
    // the days of the thousands of plans carrying it out.
    let first_of = |year: i32| i16::try_from(year).ok().and_then(|y| jiff::civil::Date::new(y, 1, 1).ok());
    let day = |d: &crate::model::Document| d.date.or_else(|| d.year().and_then(|y| first_of(y.into())));
    // An undated plan or report: the first day of its period or of its figures' year.
    let day_or_year = |d: &crate::model::Document| {
        day(d).or_else(|| d.period.map(|(a, _)| a).or(d.report.as_ref().map(|r| r.year)).and_then(first_of))
    };
    let links = view.links;
    let doc_lastmod = |id: usize| {
        let mut newest = day_or_year(&docs[id]);
        for rel in [&links.reports_on, &links.amends, &links.replaces, &links.implements, &links.based_on] {
            newest = newest.max(rel.backward[id].iter().filter_map(|&o| day(&docs[o])).max());
        }
        newest.max(links.mentioned_by[id].iter().filter_map(|&o| day(&docs[o])).max())
    };
    let newest = (0..docs.len()).filter_map(|d| day(&docs[d])).max();
    let by_page: std::collections::HashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.address.page(), i)).collect();
    let urlset = |paths: &[String]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for p in paths {
            let site_path = p.strip_suffix("index.html").unwrap_or(p);
            let lastmod = match by_page.get(site_path) {
                Some(&id) => doc_lastmod(id),
                None => newest,
            };
            let loc = escape(&view.config.base_url.absolute(site_path));
            match lastmod {
                Some(day) => writeln!(out, "<url><loc>{loc}</loc><lastmod>{day}</lastmod></url>").unwrap(),
                None => writeln!(out, "<url><loc>{loc}</loc></url>").unwrap(),
            }
        }
        out.push_str("</urlset>\n");
        out
    };
    if html_paths.len() <= per_file {
        return vec![(crate::address::sitemap().to_string(), urlset(html_paths))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in html_paths.chunks(per_file.max(1)).enumerate() {
        let path = crate::address::sitemap_part(i + 1);
        writeln!(index, "<sitemap><loc>{}</loc></sitemap>", escape(&view.config.base_url.absolute(&path))).unwrap();
        files.push((path, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((crate::address::sitemap().to_string(), index));
    files
}

pub fn robots(view: &View) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if !view.config.base_url.origin.is_empty() {
        writeln!(out, "Sitemap: {}", view.config.base_url.absolute("sitemap.xml")).unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sitemap_becomes_an_index_of_parts() {
        let mut config = crate::config::Config::for_root(std::path::Path::new("/site"));
        config.base_url.origin = "https://example.org".into();
        let corpus = crate::model::Corpus::default();
        let (links, _) = crate::link::resolve(&corpus);
        let (progress, _) = crate::progress::assess(&corpus, &links, config.as_of);
        let strings = crate::theme::Strings::default();
        let view = View::new(&config, &corpus, &links, &progress, &Default::default(), &strings, None);
        let pages: Vec<String> = (0..5).map(|i| format!("van-ban/{i}/index.html")).collect();

        let one = sitemaps(&view, &pages, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(one[0].1.matches("<url>").count(), 5);

        let parts = sitemaps(&view, &pages, 2);
        let names: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
        assert_eq!(parts.iter().map(|(_, t)| t.matches("<url>").count()).sum::<usize>(), 5);
        assert!(parts[2].1.contains("<loc>https://example.org/van-ban/4/</loc>"));
        let index = &parts[3].1;
        assert!(index.contains("<sitemapindex"));
        assert_eq!(index.matches("<sitemap>").count(), 3);
        assert!(index.contains("<loc>https://example.org/sitemap-2.xml</loc>"));
    }
}
