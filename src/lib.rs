//! congbo ("công bố": to publish) turns a folder of Vietnamese plans, the directives
//! they implement and the reports that follow them into a static website.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! config::load     congbo.toml + overrides             -> Config
//! content::load    content/ (front matter, Markdown)   -> Corpus + Diagnostics
//! theme::load      themes/<name>/, templates/, static/, strings/ -> Theme + Diagnostics
//! link::resolve    numbers -> documents, backlinks     -> Links  + Diagnostics
//! progress::assess targets x reports x as_of           -> Progress + Diagnostics
//! render::site     Tera templates, charts, data        -> each file into an output::Sink
//! output           minify; Disk | Memory | Discard     -> BuildReport
//! ```
//!
//! Beside them: `model` (the domain types every stage shares), `address` (every URL of
//! the site), and the tools `serve`, `import` and `scaffold`. Only the load stages read
//! and only `output` writes; nothing between touches the file system, the clock or the
//! environment.

#[macro_use]
extern crate rust_i18n;

// The message catalogue (locales/*.yml); Vietnamese unless `lang::set` says otherwise.
i18n!("locales", fallback = "vi");

pub mod address;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod import;
pub mod in_force;
pub mod lang;
pub mod link;
pub mod linkcheck;
pub mod model;
pub mod output;
pub mod places;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod spinner;
pub mod text;
pub mod theme;
pub mod timings;

use config::Config;
use diagnostic::Diagnostics;

/// A site rendered into a sink, with the warnings found on the way.
pub struct Built {
    pub documents: usize,
    /// Each document's page file ("van-ban/x/index.html") → its source file, and its
    /// `source:` address: what `check` needs to place a broken link.
    pub pages: std::collections::BTreeMap<String, (std::path::PathBuf, Option<String>)>,
    pub warnings: Diagnostics,
    /// Drafts left out of the site (`draft: true`), by file.
    pub drafts_left_out: Vec<std::path::PathBuf>,
    /// What each listing page lists, for the next rebuild of `serve` to compare with.
    pub listings: render::ListingKeys,
}

/// A stage of a build, for the progress shown to someone waiting at a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Linking,
    Assessing,
    /// Rendering, and writing each file as it is rendered.
    Rendering,
    /// Carrying over the portal's own files and swapping the new site in.
    Publishing,
}

impl Stage {
    /// The stage's name on the terminal, in the editors' language.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "đọc nội dung",
            Stage::Linking => "liên kết",
            Stage::Assessing => "đánh giá tiến độ",
            Stage::Rendering => "dựng và ghi trang",
            Stage::Publishing => "công bố",
        }
    }
}

/// Someone waiting for a build: told each stage as it starts and how far rendering is.
pub trait Reporter: Sync {
    fn stage(&self, _stage: Stage) {}
    fn count(&self, _stage: Stage, _done: usize, _total: usize) {}
}

/// Nobody is waiting: tests and tools.
impl Reporter for () {}

/// Loads, links and renders the site into `sink`. Errors in any stage are returned
/// together (every problem in every file), sorted by place; after an error the sink
/// may hold part of the site, which its owner discards.
pub fn generate(config: &Config, sink: &dyn output::Sink, reporter: &dyn Reporter) -> Result<Built, Diagnostics> {
    reporter.stage(Stage::Reading);
    let started = std::time::Instant::now();
    let ((corpus, mut diags), (theme, theme_diags)) = rayon::join(|| content::load(config), || theme::load(config));
    timings::lap("read", started);
    diags.extend(theme_diags);
    assemble(config, &corpus, &theme, diags, sink, reporter)
}

/// The stages after loading: links, assesses and renders a loaded corpus with a loaded
/// theme; `diags` holds what loading found. `serve` calls it with the documents and
/// theme it keeps between rebuilds.
pub fn assemble(
    config: &Config,
    corpus: &model::Corpus,
    theme: &theme::Theme,
    mut diags: Diagnostics,
    sink: &dyn output::Sink,
    reporter: &dyn Reporter,
) -> Result<Built, Diagnostics> {
    let (linked, found) = link_and_assess(config, corpus, reporter);
    diags.extend(found);
    render_linked(config, corpus, &linked, theme, diags, sink, reporter, true, render::Kept::default())
}

/// What linking and assessing made of a corpus, kept by `serve` so that an edit to one
/// document's text can re-render only what that text is on.
pub struct Linked {
    pub links: link::Links,
    pub progress: progress::Progress,
}

/// Links and assesses a loaded corpus, with what that finds (and the warning of a site
/// that trusts its editors' HTML): what a change to the theme alone leaves as it was.
pub fn link_and_assess(config: &Config, corpus: &model::Corpus, reporter: &dyn Reporter) -> (Linked, Diagnostics) {
    link_and_assess_with(config, corpus, reporter, None)
}

/// As [`link_and_assess`], with the bodies scanned before (see [`link::Scans`]).
pub fn link_and_assess_with(
    config: &Config,
    corpus: &model::Corpus,
    reporter: &dyn Reporter,
    scans: Option<&link::Scans>,
) -> (Linked, Diagnostics) {
    let mut diags = Diagnostics::default();
    if config.unsafe_html {
        diags.push(
            diagnostic::Diagnostic::warning(
                diagnostic::Place::file(config.root.join(config::CONFIG_FILE)),
                t!("site.unsafe_html"),
            )
            .with_help(t!("site.unsafe_html.help")),
        );
    }
    reporter.stage(Stage::Linking);
    let started = std::time::Instant::now();
    let (links, link_diags) = link::resolve_with(corpus, scans);
    diags.extend(link_diags);
    let started = timings::lap("link", started);
    reporter.stage(Stage::Assessing);
    let (progress, progress_diags) = progress::assess(corpus, &links, config.as_of);
    diags.extend(progress_diags);
    timings::lap("assess", started);
    (Linked { links, progress }, diags)
}

/// Renders a linked and assessed corpus, unless `diags` (what every stage before
/// found) holds errors; without the site-wide indexes unless `indexes` (`serve` renders
/// them once the pages are served), with what `serve` kept of the builds before (`kept`).
#[allow(clippy::too_many_arguments)]
pub fn render_linked(
    config: &Config,
    corpus: &model::Corpus,
    linked: &Linked,
    theme: &theme::Theme,
    mut diags: Diagnostics,
    sink: &dyn output::Sink,
    reporter: &dyn Reporter,
    indexes: bool,
    kept: render::Kept,
) -> Result<Built, Diagnostics> {
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    reporter.stage(Stage::Rendering);
    let Linked { links, progress } = linked;
    match render::site(config, corpus, links, progress, theme, sink, reporter, indexes, kept) {
        Ok(listings) => Ok(Built {
            documents: corpus.documents.len(),
            pages: corpus
                .documents
                .iter()
                .map(|d| (address::file_of(d.address.page()), (d.file.clone(), d.source.clone())))
                .collect(),
            warnings: diags.sorted(),
            drafts_left_out: corpus.drafts_left_out.clone(),
            listings,
        }),
        Err(render_diags) => {
            diags.extend(render_diags);
            Err(diags.sorted())
        }
    }
}
