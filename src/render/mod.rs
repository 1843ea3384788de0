//! Rendering: turns the corpus, its links and its progress into the site's files —
//! document pages, listings, indicator pages, the home page, free pages, open data,
//! the search index, feed and sitemap, and the theme's static assets.
//!
//! Takes the [`Config`], [`Corpus`], [`Links`], [`Progress`] and [`Theme`]; hands every
//! file to an [`output::Sink`] as soon as it is rendered, or returns the diagnostics
//! of templates that fail. Pages render in parallel; no template is handed every
//! document (listings paginate).
//!
//! - `view.rs`: what templates see of documents and pages;
//! - `targets.rs`: what they see of targets and progress;
//! - `listing.rs`: listings and facet indexes;
//! - `templates.rs`: the Tera engine and its errors;
//! - `chart.rs`, `markdown.rs`: SVG charts and document bodies;
//! - `search.rs`, `data.rs`, `discovery.rs`: search index, open data, feed and sitemap.

mod affected;
pub mod chart;
mod context;
mod data;
mod discovery;
pub mod escape;
mod facets;
mod listing;
mod map;
pub mod markdown;
mod place_groups;
mod places;
mod search;
mod targets;
mod templates;
mod view;

pub use affected::{Before, ListingKeys};
pub use view::Derived;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::address;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::link::Links;
use crate::model::{Corpus, DocId};
use crate::output::{OutputFile, Sink};
use crate::progress::Progress;
use crate::theme::Theme;
use crate::{Reporter, Stage};
use listing::{Groups, Listing};
use templates::Engine;
use view::{DocSummary, Pagination, View};

/// What `serve` hands a rebuild besides the corpus, from the builds before.
#[derive(Default)]
pub struct Kept<'a> {
    /// Documents' bodies rendered before.
    pub bodies: Option<&'a markdown::Bodies>,
    /// What the views derive from this corpus, made already.
    pub derived: Option<&'a Derived>,
    /// The build being replaced: the pages an edit cannot have changed are kept from it
    /// (see `affected.rs`).
    pub before: Option<Before<'a>>,
}

/// Renders the whole site into `sink`, the site-wide indexes (search index, [`TABLES`])
/// only if `indexes` (the longest jobs: `serve` renders them with [`indexes`] once the
/// pages are served), with what `serve` kept of the builds before. Gives what each
/// listing page lists.
#[allow(clippy::too_many_arguments)]
pub fn site(
    config: &Config,
    corpus: &Corpus,
    links: &Links,
    progress: &Progress,
    theme: &Theme,
    sink: &dyn Sink,
    reporter: &dyn Reporter,
    indexes: bool,
    kept: Kept,
) -> Result<ListingKeys, Diagnostics> {
    let started = std::time::Instant::now();
    let engine = Engine::new(config, theme)?;
    let started = crate::timings::lap("templates", started);
    let view = View::new(config, corpus, links, progress, &theme.static_files, &theme.strings, kept.derived)
        .with_bodies(kept.bodies);
    let affected = match (&kept.before, kept.derived) {
        (Some(before), Some(derived)) => affected::Affected::new(before, corpus, links, progress, derived),
        _ => None,
    };
    if let (Some(a), true) = (&affected, crate::timings::enabled()) {
        eprintln!("timing: {} documents' pages an edit can have changed", a.documents());
    }
    let started = crate::timings::lap("view", started);
    let (listings, groups) = listing::all(&view, config.page_size);
    // For the next rebuild of `serve` to compare with (a sink that keeps what it held).
    let listing_keys: ListingKeys = match sink.keeps_inputs() {
        true => listings.iter().map(|l| (address::listing_page(&l.first, l.page), affected::listing_key(l))).collect(),
        false => ListingKeys::new(),
    };
    let jobs = all_jobs(corpus, &view, theme, listings, groups, indexes);
    let started = crate::timings::lap("jobs and listings", started);
    let done = run(&jobs, &engine, &view, theme, sink, reporter, affected.as_ref());
    crate::timings::lap("render (wall)", started);
    done.map(|()| listing_keys)
}

/// Every job of the site, the site-wide indexes (search index, [`TABLES`]) only if
/// `indexes`.
fn all_jobs<'t>(
    corpus: &Corpus,
    view: &View,
    theme: &'t Theme,
    listings: Vec<Listing>,
    groups: Vec<Groups>,
    indexes: bool,
) -> Vec<Job<'t>> {
    // The longest single jobs first, so that they do not start last and leave the
    // other cores idle while they finish.
    let mut jobs: Vec<Job> = if indexes { [Job::SearchIndex].into_iter().chain(TABLES).collect() } else { Vec::new() };
    jobs.extend([Job::Home, Job::NotFound]);
    jobs.extend((0..corpus.documents.len()).map(Job::Document));
    jobs.extend((0..corpus.pages.len()).map(Job::Page));
    jobs.extend([Job::RulePage, Job::IndicatorIndex]);
    jobs.extend(view.indicator_keys().into_iter().map(Job::Indicator));
    jobs.extend(view.indicator_keys().into_iter().map(Job::IndicatorCsv));
    jobs.extend([Job::DataPackage, Job::DataPage, Job::SearchPage]);
    jobs.extend((0..corpus.documents.len()).map(Job::DocumentJson));
    jobs.extend(groups.into_iter().map(Job::Groups));
    jobs.push(Job::PlaceIndex);
    jobs.extend((0..crate::places::table().current.len()).map(Job::Province));
    jobs.extend(listings.into_iter().map(Job::Listing));
    jobs.extend([Job::Sitemap, Job::Feed, Job::Robots, Job::Schema]);
    jobs.extend(theme.static_files.keys().map(|path| Job::Static(path)));
    jobs
}

/// Renders, of the site's pages, those whose files `pages` names (the pages open in
/// the browser), with the theme's static files they link to, as [`site`] renders them:
/// what `serve` shows first after an edit to a template or to front matter, before it
/// renders the rest. Gives how many of the pages it rendered (none when `pages` names
/// none of the site's).
#[allow(clippy::too_many_arguments)]
pub fn viewed(
    config: &Config,
    corpus: &Corpus,
    links: &Links,
    progress: &Progress,
    theme: &Theme,
    pages: &[String],
    sink: &dyn Sink,
    bodies: Option<&markdown::Bodies>,
    derived: &Derived,
) -> Result<usize, Diagnostics> {
    let engine = Engine::new(config, theme)?;
    let view = View::new(config, corpus, links, progress, &theme.static_files, &theme.strings, Some(derived))
        .with_bodies(bodies);
    let wanted = |job: &Job| job.page(&view).is_some_and(|page| pages.contains(&address::file_of(&page)));
    let mut jobs: Vec<Job> =
        all_jobs(corpus, &view, theme, Vec::new(), Vec::new(), false).into_iter().filter(wanted).collect();
    // The listings are made (30 ms at 10,000 plans) only when a page open may be one.
    if jobs.len() < pages.len() {
        let (listings, groups) = listing::all(&view, config.page_size);
        let more = groups.into_iter().map(Job::Groups).chain(listings.into_iter().map(Job::Listing));
        jobs.extend(more.filter(wanted));
    }
    let rendered = jobs.len();
    if rendered > 0 {
        jobs.extend(theme.static_files.keys().map(|path| Job::Static(path)));
        run(&jobs, &engine, &view, theme, sink, &(), None)?;
    }
    Ok(rendered)
}

/// Renders the pages of the documents `ids` alone, as [`site`] renders them: for an edit
/// to their text that changes nothing else of the site (`serve` proves it first).
#[allow(clippy::too_many_arguments)]
pub fn documents(
    config: &Config,
    corpus: &Corpus,
    links: &Links,
    progress: &Progress,
    theme: &Theme,
    ids: &[DocId],
    sink: &dyn Sink,
    bodies: Option<&markdown::Bodies>,
    derived: &Derived,
) -> Result<(), Diagnostics> {
    let engine = Engine::new(config, theme)?;
    let view = View::new(config, corpus, links, progress, &theme.static_files, &theme.strings, Some(derived))
        .with_bodies(bodies);
    let jobs: Vec<Job> = ids.iter().map(|&id| Job::Document(id)).collect();
    run(&jobs, &engine, &view, theme, sink, &(), None)
}

/// Renders the site-wide indexes alone, as [`site`] renders them: the search index,
/// and with `tables` the tables of every document ([`TABLES`]); unless `stop` says to
/// stop before the search index is done: then nothing of it is put into `sink`, and
/// `Ok(false)`. `serve` renders them once the pages an edit changed are served.
#[allow(clippy::too_many_arguments)]
pub fn indexes(
    config: &Config,
    corpus: &Corpus,
    links: &Links,
    progress: &Progress,
    theme: &Theme,
    derived: Option<&Derived>,
    tables: bool,
    sink: &dyn Sink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<bool, Diagnostics> {
    let view = View::new(config, corpus, links, progress, &theme.static_files, &theme.strings, derived);
    let mut failures: Vec<Diagnostic> = Vec::new();
    if !search::index_until(&view, stop, &mut |f| failures.extend(sink.put(f).err())) {
        return Ok(false);
    }
    if tables {
        let failed: Vec<Diagnostic> = TABLES.par_iter().filter_map(|t| t.write_table(&view, sink)).collect();
        failures.extend(failed);
    }
    if failures.is_empty() { Ok(true) } else { Err(Diagnostics::from(failures).sorted()) }
}

/// The tables of every document, in every format: each is made from all documents, so
/// any edit changes them, and `serve` renders them with the search index.
const TABLES: [Job<'static>; 3] = [Job::DocumentsJson, Job::TargetsCsv, Job::DocumentsCsv];

/// What writes one of [`TABLES`].
type TableWriter = fn(&View, &mut dyn std::io::Write) -> std::io::Result<()>;

/// Whether a site file is one of [`TABLES`].
pub fn is_table_file(path: &str) -> bool {
    static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        TABLES.iter().filter_map(|t| t.table()).map(|(name, _)| address::data_file(name)).collect()
    });
    NAMES.iter().any(|name| name == path)
}

/// Whether a site file is one of the search index's (named by their content, so an
/// index rendered again replaces them rather than overwriting them).
pub fn is_search_index_file(path: &str) -> bool {
    // Asked of every file a rebuild of `serve` keeps: the names are made once.
    static NAMES: std::sync::LazyLock<[String; 4]> = std::sync::LazyLock::new(|| {
        [
            address::search_manifest(),
            address::search_words_dir(),
            address::search_documents_dir(),
            address::search_vocabulary_dir(),
        ]
    });
    let [manifest, dirs @ ..] = &*NAMES;
    path == manifest || dirs.iter().any(|dir| path.starts_with(dir.as_str()))
}

fn run(
    jobs: &[Job],
    engine: &Engine,
    view: &View,
    theme: &Theme,
    sink: &dyn Sink,
    reporter: &dyn Reporter,
    affected: Option<&affected::Affected>,
) -> Result<(), Diagnostics> {
    let (done, total) = (AtomicUsize::new(0), jobs.len());
    // Per kind of job: how many, and the time spent rendering and putting (all threads).
    let spent: std::sync::Mutex<std::collections::BTreeMap<&str, (usize, f64, f64)>> = Default::default();
    let timed = crate::timings::enabled();
    let failures: Vec<Diagnostic> = jobs
        .par_iter()
        .flat_map_iter(|job| {
            let started = std::time::Instant::now();
            // A file an edit left as it was is kept as served (a rebuild of `serve`).
            let unaffected = affected.and_then(|a| job.unaffected(view, a));
            if unaffected.is_some_and(|file| sink.keep(&file)) {
                done.fetch_add(1, Ordering::Relaxed);
                return Vec::new();
            }
            let files = match job.render(engine, view, jobs, theme, sink) {
                Ok(files) => files,
                Err(d) => return vec![d],
            };
            let rendered = std::time::Instant::now();
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % 256 == 0 || n == total {
                reporter.count(Stage::Rendering, n, total);
            }
            let failed: Vec<Diagnostic> = files.into_iter().filter_map(|f| sink.put(f).err()).collect();
            if timed {
                let mut spent = spent.lock().unwrap_or_else(|e| e.into_inner());
                let e = spent.entry(job.kind()).or_default();
                e.0 += 1;
                e.1 += (rendered - started).as_secs_f64() * 1000.0;
                e.2 += rendered.elapsed().as_secs_f64() * 1000.0;
            }
            failed
        })
        .collect();
    if timed {
        for (kind, (n, render, put)) in spent.into_inner().unwrap_or_else(|e| e.into_inner()) {
            eprintln!("timing:   {kind:<20} {n:>6} jobs, render {render:>8.1} ms, put {put:>8.1} ms (CPU)");
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(Diagnostics::from(failures).sorted()) }
}

/// A fingerprint of a page's inputs: its template's (with what it uses, see
/// [`Engine::fingerprint`]), the template's name, and every value it is handed.
fn inputs(templates: u64, template: &str, ctx: &context::Context) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write_u64(templates);
    h.write(template.as_bytes());
    h.write_u8(0xff);
    ctx.fingerprint(&mut h);
    h.finish()
}

/// One piece of the site to render: a page, a data file, or a group of files.
enum Job<'t> {
    Home,
    NotFound,
    Document(DocId),
    Page(usize),
    /// How progress is assessed, from docs/progress.md.
    RulePage,
    IndicatorIndex,
    Indicator(String),
    /// One indicator's rows of targets.csv, downloadable from its page.
    IndicatorCsv(String),
    TargetsCsv,
    DocumentsJson,
    DocumentsCsv,
    /// datapackage.json: the open data described for data tools (Frictionless).
    DataPackage,
    /// The /du-lieu/ page describing the open data.
    DataPage,
    SearchPage,
    DocumentJson(DocId),
    Listing(Listing),
    /// The index of one facet: every issuer, every level …
    Groups(Groups),
    /// /dia-phuong/: the 34 current provinces and the former ones they hold.
    PlaceIndex,
    /// A current province's page, its documents grouped by former unit.
    Province(usize),
    Sitemap,
    Feed,
    Robots,
    /// The search index's word and document files.
    SearchIndex,
    /// The JSON Schema of front matter.
    Schema,
    /// A file of the theme's static folder, by its path.
    Static(&'t str),
}

impl Job<'_> {
    /// The kind of job, for timings.
    fn kind(&self) -> &'static str {
        match self {
            Job::Home => "home",
            Job::NotFound => "404",
            Job::Document(_) => "document",
            Job::Page(_) => "page",
            Job::RulePage => "rule page",
            Job::IndicatorIndex => "indicator index",
            Job::Indicator(_) => "indicator",
            Job::IndicatorCsv(_) => "indicator csv",
            Job::TargetsCsv => "targets.csv",
            Job::DocumentsJson => "documents.json",
            Job::DocumentsCsv => "documents.csv",
            Job::DataPackage => "datapackage.json",
            Job::Schema => "schema",
            Job::DataPage => "data page",
            Job::SearchPage => "search page",
            Job::DocumentJson(_) => "document json",
            Job::Listing(_) => "listing",
            Job::Groups(_) => "groups",
            Job::PlaceIndex => "place index",
            Job::Province(_) => "province",
            Job::Sitemap => "sitemap",
            Job::Feed => "feed",
            Job::Robots => "robots",
            Job::SearchIndex => "search index",
            Job::Static(_) => "static",
        }
    }

    /// The page the job renders, if it renders one (its address, "van-ban/x/").
    fn page(&self, view: &View) -> Option<String> {
        match self {
            Job::Listing(l) => Some(address::listing_page(&l.first, l.page)),
            Job::NotFound => Some(address::not_found().to_string()),
            job => job.sitemap_page(view),
        }
    }

    /// The site path of the HTML page this job renders, if it renders one that belongs
    /// in the sitemap (every page but the 404 page and the further pages of listings).
    fn sitemap_page(&self, view: &View) -> Option<String> {
        Some(match self {
            Job::Home => address::HOME.to_string(),
            Job::Document(id) => view.doc_address(*id).page().to_string(),
            Job::Page(i) => address::free_page(view.page_slug(*i)),
            Job::RulePage => address::rule(),
            Job::IndicatorIndex => address::indicators(),
            Job::Indicator(key) => address::indicator(key),
            Job::DataPage => address::data(),
            Job::SearchPage => address::search(),
            Job::Listing(l) if l.page == 1 => l.first.clone(),
            Job::Groups(g) => g.facet.index(),
            Job::PlaceIndex => address::Facet::Region.index(),
            Job::Province(c) => place_groups::current_page(*c),
            _ => return None,
        })
    }

    /// Writes one of [`TABLES`] into the sink as it is made (they are large): the
    /// failure to put it, if any.
    fn write_table(&self, view: &View, sink: &dyn Sink) -> Option<Diagnostic> {
        let (name, write) = self.table()?;
        sink.put_written(address::data_file(name), &mut |w| write(view, w)).err()
    }

    /// The name of one of [`TABLES`] in the data folder, and what writes it.
    fn table(&self) -> Option<(&'static str, TableWriter)> {
        match self {
            Job::DocumentsJson => Some(("documents.json", data::documents_json)),
            Job::TargetsCsv => Some(("targets.csv", data::targets_csv)),
            Job::DocumentsCsv => Some(("documents.csv", data::documents_csv)),
            _ => None,
        }
    }

    /// The file of a job that an edit may leave as it was (a document's page or data
    /// file, a listing page), unless `affected` says it may have changed it.
    fn unaffected(&self, view: &View, affected: &affected::Affected) -> Option<String> {
        match self {
            Job::Document(id) if !affected.document(*id) => Some(address::file_of(view.doc_address(*id).page())),
            Job::DocumentJson(id) if !affected.document(*id) => Some(view.doc_address(*id).data()),
            Job::Listing(l) => {
                let page = address::listing_page(&l.first, l.page);
                (!affected.listing(&page, l)).then(|| address::file_of(&page))
            }
            _ => None,
        }
    }

    /// The job's files, rendered; none for a page `sink` already holds, rendered from
    /// the same template and context (a rebuild of `serve`).
    fn render(
        &self,
        engine: &Engine,
        view: &View,
        jobs: &[Job],
        theme: &Theme,
        sink: &dyn Sink,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let data = |path: String, text: String| Ok(vec![OutputFile::new(path, text)]);
        let (page, template, ctx) = match self {
            Job::Home => (address::HOME.to_string(), "home.html", view.home()),
            Job::NotFound => (address::not_found().to_string(), "404.html", view.not_found()),
            Job::Document(id) => (view.doc_address(*id).page().to_string(), "document.html", view.document(*id)),
            Job::Page(i) => (address::free_page(view.page_slug(*i)), "page.html", view.page(*i)),
            Job::Listing(l) => {
                let page = address::listing_page(&l.first, l.page);
                let pagination = Pagination::new(&l.first, l.page, l.pages, view);
                let items: Vec<DocSummary> = l.docs.iter().map(|&d| view.summary(d)).collect();
                let mut ctx = view.listing(&l.title, l.intro.as_deref(), &page, items, pagination);
                if let Some((name, url)) = &l.see_also {
                    ctx.insert("see_also", &view::LinkView { name: name.clone(), url: url.clone() });
                }
                (page, "listing.html", ctx)
            }
            Job::RulePage => {
                (address::rule(), "page.html", view.markdown_page(view.strings.get("pages.rule"), &address::rule()))
            }
            Job::PlaceIndex => (address::Facet::Region.index(), "places.html", places::index(view)),
            Job::Province(c) => (place_groups::current_page(*c), "province.html", places::province(view, *c)),
            Job::IndicatorIndex => (address::indicators(), "groups.html", view.indicators_index()),
            Job::Indicator(key) => (address::indicator(key), "indicator.html", view.indicator(key)),
            Job::SearchPage => (address::search(), "search.html", view.search_page()),
            Job::DataPage => {
                let text = data::data_page_markdown(view);
                (address::data(), "page.html", view.markdown_page(&text, &address::data()))
            }
            Job::Groups(g) => {
                let (title, page) = (facets::title(g.facet, view.strings), g.facet.index());
                let ctx = view.groups(title, &page, &g.groups);
                (page, "groups.html", ctx)
            }
            Job::TargetsCsv | Job::DocumentsCsv | Job::DocumentsJson => {
                return self.write_table(view, sink).map_or(Ok(Vec::new()), Err);
            }
            Job::DataPackage => return data(address::data_file("datapackage.json"), data::datapackage(view)),
            Job::IndicatorCsv(key) => return data(address::indicator_data(key), data::indicator_csv(view, key)),
            Job::DocumentJson(id) => return data(view.doc_address(*id).data(), data::document_json(view, *id)),
            Job::Sitemap => {
                let mut pages: Vec<String> = jobs.iter().filter_map(|j| j.sitemap_page(view)).collect();
                pages.sort_by_cached_key(|p| address::file_of(p));
                let files = discovery::sitemaps(view, &pages, discovery::SITEMAP_URLS);
                return Ok(files.into_iter().map(|(path, text)| OutputFile::new(path, text)).collect());
            }
            Job::Feed => return data(address::feed().to_string(), discovery::feed(view)),
            Job::Robots => return data(address::robots().to_string(), discovery::robots(view)),
            // Its files go into the sink as they are made (it is a quarter of a large
            // site's bytes): the first failure to put one is the job's.
            Job::SearchIndex => {
                let mut failed = None;
                search::index_until(view, &|| false, &mut |f| {
                    if let Err(d) = sink.put(f) {
                        failed.get_or_insert(d);
                    }
                });
                return failed.map_or(Ok(Vec::new()), Err);
            }
            Job::Schema => {
                let schema = crate::content::schema::document_schema();
                return data(address::data_file("front-matter.schema.json"), schema);
            }
            Job::Static(path) => {
                let bytes = &theme.static_files[*path];
                // Under its own name too, for what links it by name (a portal's pages).
                let mut files = vec![OutputFile::new(*path, bytes.clone())];
                if let Some(published) = address::fingerprinted(path, bytes).filter(|_| !view.config.preview) {
                    files.push(OutputFile::new(published, bytes.clone()));
                }
                return Ok(files);
            }
        };
        let path = address::file_of(&page);
        if sink.keeps_inputs() {
            if let Some(templates) = engine.fingerprint(template) {
                if sink.reuse(&path, inputs(templates, template, &ctx)) {
                    return Ok(Vec::new());
                }
            }
        }
        let page = OutputFile::new(path, engine.render(template, &ctx)?);
        Ok(vec![ctx.compact().iter().fold(page, |page, html| page.with_compact(html))])
    }
}
