//! congbo ("công bố": to publish) turns a folder of Vietnamese plans, the directives
//! they implement and the reports that follow them into a static website.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! config::load    congbo.toml + overrides             -> Config
//! content::load   content/ (front matter, Markdown)   -> Corpus + Diagnostics
//! theme::load     themes/<name>/, templates/, static/ -> Theme  + Diagnostics
//! link::resolve   numbers -> documents, backlinks     -> Links  + Diagnostics
//! progress::assess targets x reports x as_of          -> Progress + Diagnostics
//! render::site    Tera templates                      -> Vec<OutputFile>
//! output::write   minify, stage, swap                 -> BuildReport
//! ```
//!
//! Only the load stages read and only `output` writes; nothing between touches the
//! file system, the clock or the environment.

pub mod address;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod import;
pub mod link;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod spinner;
pub mod text;
pub mod theme;

use config::Config;
use diagnostic::Diagnostics;
use render::OutputFile;

/// A site rendered in memory, with the warnings found on the way.
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub documents: usize,
    pub warnings: Diagnostics,
}

/// A stage of a build, for the progress shown to someone waiting at a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Linking,
    Assessing,
    Rendering,
    Writing,
}

impl Stage {
    /// The stage's name on the terminal, in the editors' language.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "đọc nội dung",
            Stage::Linking => "liên kết",
            Stage::Assessing => "đánh giá tiến độ",
            Stage::Rendering => "dựng trang",
            Stage::Writing => "ghi tệp",
        }
    }
}

/// Loads, links and renders the site. Errors in any stage are returned together
/// (every problem in every file), sorted by place.
pub fn generate(config: &Config) -> Result<Generated, Diagnostics> {
    generate_with(config, &|_| {})
}

/// As [`generate`], calling `stage` as each stage starts.
pub fn generate_with(config: &Config, stage: &dyn Fn(Stage)) -> Result<Generated, Diagnostics> {
    stage(Stage::Reading);
    let ((corpus, mut diags), (theme, theme_diags)) = rayon::join(|| content::load(config), || theme::load(config));
    diags.extend(theme_diags);
    assemble(config, &corpus, &theme, diags, stage)
}

/// The stages after loading: links, assesses and renders a loaded corpus with a loaded
/// theme; `diags` holds what loading found. `serve` calls it with the documents and
/// theme it keeps between rebuilds.
pub fn assemble(
    config: &Config,
    corpus: &model::Corpus,
    theme: &theme::Theme,
    mut diags: Diagnostics,
    stage: &dyn Fn(Stage),
) -> Result<Generated, Diagnostics> {
    if config.unsafe_html {
        diags.push(
            diagnostic::Diagnostic::warning(
                diagnostic::Place::file(config.root.join(config::CONFIG_FILE)),
                "unsafe_html = true: raw HTML in documents, scripts included, is published as written",
            )
            .with_help("only for sites whose every editor is trusted; remove the line to sanitise raw HTML"),
        );
    }
    stage(Stage::Linking);
    let (links, link_diags) = link::resolve(corpus);
    diags.extend(link_diags);
    stage(Stage::Assessing);
    let (progress, progress_diags) = progress::assess(corpus, &links, config.as_of);
    diags.extend(progress_diags);
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    stage(Stage::Rendering);
    match render::site(config, corpus, &links, &progress, theme) {
        Ok(files) => Ok(Generated { files, documents: corpus.documents.len(), warnings: diags.sorted() }),
        Err(render_diags) => {
            diags.extend(render_diags);
            Err(diags.sorted())
        }
    }
}
