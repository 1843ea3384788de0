//! Rendering: turns the corpus and its links into the site's files — document pages,
//! listings, the home page, free pages, the 404 page and the theme's static assets.
//!
//! Takes the [`Config`], [`Corpus`], [`Links`] and [`Theme`]; gives every
//! [`OutputFile`] in memory, or the diagnostics of templates that fail. Pages render in
//! parallel; no template is handed every document (listings paginate).

pub mod chart;
mod data;
mod discovery;
pub mod markdown;
mod search;
mod targets;
mod view;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::address;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::link::Links;
use crate::model::{Corpus, DocId};
use crate::progress::Progress;
use crate::text::slugify;
use crate::theme::Theme;
use view::{DocSummary, Pagination, View};

/// First URL segments the site uses itself; free pages cannot take them.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "van-ban",
    "chi-tieu",
    "co-quan",
    "dia-phuong",
    "cap",
    "loai",
    "nam",
    "tim-kiem",
    "du-lieu",
    "trang",
    "static",
    "feed.xml",
    "sitemap.xml",
    "404.html",
    "robots.txt",
    "cach-danh-gia",
];

/// The rule of assessment, for citizens; one text for docs/ and the site.
const RULE_TEXT: &str = include_str!("../../docs/progress.md");

/// Escapes text for HTML and XML, in content or a quoted attribute (one escaper for
/// the charts, the feed and the links congbo writes itself).
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path under the output root with "/" separators: "van-ban/x/index.html".
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Renders the whole site.
pub fn site(
    config: &Config,
    corpus: &Corpus,
    links: &Links,
    progress: &Progress,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let engine = Engine::new(config, theme)?;
    let view = View::new(config, corpus, links, progress);
    let mut jobs: Vec<Job> = Vec::new();
    jobs.push(Job::Home);
    jobs.push(Job::NotFound);
    jobs.extend((0..corpus.documents.len()).map(Job::Document));
    jobs.extend((0..corpus.pages.len()).map(Job::Page));
    jobs.push(Job::RulePage);
    jobs.push(Job::IndicatorIndex);
    jobs.extend(view.indicator_keys().into_iter().map(Job::Indicator));
    jobs.push(Job::TargetsCsv);
    jobs.push(Job::DocumentsJson);
    jobs.push(Job::DataPage);
    jobs.push(Job::SearchPage);
    jobs.extend((0..corpus.documents.len()).map(Job::DocumentJson));
    jobs.extend(listings(config, corpus, &view));

    let rendered: Vec<Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|job| engine.render_job(job, &view)).collect();
    let mut files = Vec::with_capacity(rendered.len() + theme.static_files.len());
    let mut diags = Diagnostics::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let mut pages: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html") && !f.path.contains("/trang/"))
        .map(|f| f.path.clone())
        .collect();
    pages.sort();
    files.push(OutputFile { path: "sitemap.xml".into(), bytes: discovery::sitemap(&view, &pages).into_bytes() });
    files.push(OutputFile { path: "feed.xml".into(), bytes: discovery::feed(&view).into_bytes() });
    files.push(OutputFile { path: "robots.txt".into(), bytes: discovery::robots(&view).into_bytes() });
    files.extend(search::index(&view));
    files.push(OutputFile {
        path: "du-lieu/front-matter.schema.json".into(),
        bytes: crate::content::schema::document_schema().into_bytes(),
    });
    for (path, bytes) in &theme.static_files {
        files.push(OutputFile { path: path.clone(), bytes: bytes.clone() });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// One page to render.
enum Job {
    Home,
    NotFound,
    Document(DocId),
    Page(usize),
    /// How progress is assessed, from docs/progress.md.
    RulePage,
    IndicatorIndex,
    Indicator(String),
    TargetsCsv,
    DocumentsJson,
    /// The /du-lieu/ page describing the open data.
    DataPage,
    SearchPage,
    DocumentJson(DocId),
    Listing(Listing),
    /// The index of one kind of listing: every issuer, every region, every level.
    Groups(Groups),
}

/// The index page of a family of listings, with how many documents each holds.
struct Groups {
    base: String,
    title: String,
    groups: Vec<view::GroupView>,
}

/// A page of a list of documents: all documents, one issuer's, one region's, one level's.
struct Listing {
    /// Site path of the listing's first page: "van-ban/", "co-quan/ubnd-tinh-cao-bang/".
    base: String,
    title: String,
    intro: Option<String>,
    docs: Vec<DocId>,
    page: usize,
    pages: usize,
}

impl Listing {
    fn site_path(base: &str, page: usize) -> String {
        if page <= 1 { base.to_string() } else { format!("{base}trang/{page}/") }
    }
}

/// A way to browse documents: by issuer, region, level, kind or year. Each value
/// gets a paginated listing under `/<segment>/<slug>/`, and the segment an index.
pub struct Facet {
    pub segment: &'static str,
    /// The index page's title.
    pub title: &'static str,
    /// A listing's title from the value's name.
    pub listing_title: fn(&str) -> String,
    /// The value's URL slug and name for a document, if it has one.
    pub value: fn(&crate::model::Document) -> Option<(String, String)>,
}

pub const FACETS: &[Facet] = &[
    Facet {
        segment: "co-quan",
        title: "Cơ quan ban hành",
        listing_title: |n| n.to_string(),
        value: |d| Some((slugify(&d.issuer), d.issuer.clone())),
    },
    Facet {
        segment: "dia-phuong",
        title: "Địa phương",
        listing_title: |n| format!("Văn bản của {n}"),
        value: |d| d.region.as_ref().map(|r| (slugify(r), r.clone())),
    },
    Facet {
        segment: "cap",
        title: "Cấp ban hành",
        listing_title: |n| format!("Văn bản cấp {}", n.to_lowercase()),
        value: |d| d.level.map(|l| (l.slug().to_string(), l.name().to_string())),
    },
    Facet {
        segment: "loai",
        title: "Loại văn bản",
        listing_title: |n| n.to_string(),
        value: |d| Some((slugify(&d.kind), d.kind.clone())),
    },
    Facet {
        segment: "nam",
        title: "Năm ban hành",
        listing_title: |n| format!("Văn bản ban hành năm {n}"),
        value: |d| d.date.map(|x| (x.year().to_string(), x.year().to_string())),
    },
];

/// The listings, each split into pages of `page_size`.
fn listings(config: &Config, corpus: &Corpus, view: &View) -> Vec<Job> {
    let docs = &corpus.documents;
    let mut all: Vec<DocId> = (0..docs.len()).collect();
    all.sort_by(|&a, &b| docs[a].newest_first_key().cmp(&docs[b].newest_first_key()));
    let mut groups: Vec<(String, String, Option<String>, Vec<DocId>)> = Vec::new();
    groups.push(("van-ban/".into(), "Tất cả văn bản".into(), None, all.clone()));
    let mut jobs = Vec::new();
    for facet in FACETS {
        let mut values: BTreeMap<String, (String, Vec<DocId>)> = BTreeMap::new();
        for &id in &all {
            // A value with no letters or digits ("—") has no address: not listed.
            if let Some((slug, name)) = (facet.value)(&docs[id]).filter(|(slug, _)| !slug.is_empty()) {
                values.entry(slug).or_insert_with(|| (name, Vec::new())).1.push(id);
            }
        }
        let mut entries: Vec<view::GroupView> = values
            .iter()
            .map(|(slug, (name, ids))| view::GroupView {
                name: name.clone(),
                url: view.config.base_url.link(&format!("{}/{slug}/", facet.segment)),
                count: ids.len(),
            })
            .collect();
        if facet.segment == "nam" {
            entries.reverse(); // newest year first
        }
        jobs.push(Job::Groups(Groups {
            base: format!("{}/", facet.segment),
            title: facet.title.into(),
            groups: entries,
        }));
        for (slug, (name, ids)) in values {
            groups.push((format!("{}/{slug}/", facet.segment), (facet.listing_title)(&name), None, ids));
        }
    }
    for (id, d) in docs.iter().enumerate() {
        let below = view.implementers(id);
        if !below.is_empty() {
            let title = format!("Văn bản thực hiện {}", d.short_name());
            groups.push((d.address.implementers(), title, Some(d.title.clone()), below));
        }
    }
    let size = config.page_size;
    for (base, title, intro, ids) in groups {
        let pages = ids.len().div_ceil(size).max(1);
        for page in 1..=pages {
            let chunk = ids.iter().skip((page - 1) * size).take(size).copied().collect();
            jobs.push(Job::Listing(Listing {
                base: base.clone(),
                title: title.clone(),
                intro: intro.clone(),
                docs: chunk,
                page,
                pages,
            }));
        }
    }
    jobs
}

/// Tera with the theme's templates, and the mapping back to their files for errors.
struct Engine {
    tera: tera::Tera,
    /// Template name → its file and text.
    files: BTreeMap<String, (PathBuf, String)>,
}

impl Engine {
    fn new(config: &Config, theme: &Theme) -> Result<Self, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let files: BTreeMap<String, (PathBuf, String)> =
            theme.templates.iter().map(|t| (t.name.clone(), (t.path.clone(), t.text.clone()))).collect();
        let templates: Vec<(&str, &str)> = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![template_error(&e, &files, &config.theme_dir)].into());
        }
        for required in [
            "home.html",
            "document.html",
            "listing.html",
            "groups.html",
            "indicator.html",
            "search.html",
            "page.html",
            "404.html",
        ] {
            if !tera.contains_template(required) {
                return Err(vec![Diagnostic::error(
                    Place::file(config.theme_dir.join("templates").join(required)),
                    format!("the theme has no template `{required}`"),
                )]
                .into());
            }
        }
        Ok(Engine { tera, files })
    }

    fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(template, context)
            .map(String::into_bytes)
            .map_err(|e| template_error(&e, &self.files, std::path::Path::new(template)))
    }

    fn render_job(&self, job: &Job, view: &View) -> Result<OutputFile, Diagnostic> {
        let (path, template, ctx) = match job {
            Job::Home => ("index.html".to_string(), "home.html", view.home()),
            Job::NotFound => ("404.html".to_string(), "404.html", view.not_found()),
            Job::Document(id) => (address::file_of(view.doc_address(*id).page()), "document.html", view.document(*id)),
            Job::Page(i) => (format!("{}/index.html", view.page_slug(*i)), "page.html", view.page(*i)),
            Job::Listing(l) => {
                let site_path = Listing::site_path(&l.base, l.page);
                let pagination = Pagination::new(&l.base, l.page, l.pages, Listing::site_path, view);
                let items: Vec<DocSummary> = l.docs.iter().map(|&d| view.summary(d)).collect();
                let ctx = view.listing(&l.title, l.intro.as_deref(), &site_path, items, pagination);
                (format!("{site_path}index.html"), "listing.html", ctx)
            }
            Job::RulePage => (
                format!("{}index.html", targets::RULE_PAGE),
                "page.html",
                view.markdown_page(RULE_TEXT, targets::RULE_PAGE),
            ),
            Job::IndicatorIndex => ("chi-tieu/index.html".to_string(), "groups.html", view.indicators_index()),
            Job::Indicator(key) => {
                (format!("chi-tieu/{}/index.html", slugify(key)), "indicator.html", view.indicator(key))
            }
            Job::TargetsCsv => {
                return Ok(OutputFile {
                    path: "du-lieu/targets.csv".into(),
                    bytes: data::targets_csv(view).into_bytes(),
                });
            }
            Job::DocumentsJson => {
                return Ok(OutputFile {
                    path: "du-lieu/documents.json".into(),
                    bytes: data::documents_json(view).into_bytes(),
                });
            }
            Job::SearchPage => {
                ("tim-kiem/index.html".to_string(), "search.html", view.search_page(search::DOCS_PER_CHUNK))
            }
            Job::DataPage => {
                let text = data::data_page_markdown(view);
                ("du-lieu/index.html".to_string(), "page.html", view.markdown_page(&text, "du-lieu/"))
            }
            Job::DocumentJson(id) => {
                let path = view.doc_address(*id).data();
                return Ok(OutputFile { path, bytes: data::document_json(view, *id).into_bytes() });
            }
            Job::Groups(g) => {
                (format!("{}index.html", g.base), "groups.html", view.groups(&g.title, &g.base, &g.groups))
            }
        };
        let ctx =
            ctx.map_err(|e| Diagnostic::error(Place::file(template), format!("cannot build the page data: {e}")))?;
        Ok(OutputFile { path, bytes: self.render(template, &ctx)? })
    }
}

/// A template error as a diagnostic at the template's file, line and column.
fn template_error(
    e: &tera::Error,
    files: &BTreeMap<String, (PathBuf, String)>,
    fallback: &std::path::Path,
) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let (path, source) =
                files.get(r.filename()).cloned().unwrap_or_else(|| (PathBuf::from(r.filename()), String::new()));
            let span = r.span();
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(Place::at(&path, span.start_line, span.start_col + 1), format!("{kind}: {}", r.message()))
                .with_source(&source, (span.end_col.saturating_sub(span.start_col)).max(1))
        }
        // Other errors (an unknown template in an include, a cycle) carry no span: name
        // the template file the message mentions, when it mentions one.
        _ => {
            let message = e.to_string();
            // The report inside names its place as "--> name:line:col".
            let place = message.split("--> ").nth(1).and_then(|rest| {
                let at = rest.split_whitespace().next()?;
                let mut parts = at.rsplitn(3, ':');
                let (col, line, name) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?);
                let (path, source) = files.get(name)?;
                Some((path.clone(), source.clone(), line, col))
            });
            let first_line = message.lines().next().unwrap_or("").trim_start_matches("error: ").to_string();
            match place {
                Some((path, source, line, col)) => {
                    Diagnostic::error(Place::at(path, line, col), format!("template error: {first_line}"))
                        .with_source(&source, 1)
                }
                None => Diagnostic::error(Place::file(fallback), format!("template error: {message}")),
            }
        }
    }
}
