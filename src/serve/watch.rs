//! Watching and rebuilding: the site's source files are watched (debounced, so one
//! save is one rebuild), and each rebuild redoes only what the change affects: content
//! files that did not change are not read again, the theme is read again only when
//! the theme, templates/, static/ or strings/ changed, the configuration only when congbo.toml
//! did.
//!
//! An edit to documents' text alone (front matter as it was, the same documents named
//! in the text, every warning as before) renders their pages alone into the site
//! served ([`Builder::build_pages`]). Any other change links, assesses and renders the
//! whole site, as in `build`, the pages open in the browser first ([`serve_first`]), and
//! only the files whose rendering changed are announced (the preview does not minify:
//! see `Config::minify`). After either, but the first
//! build, the search index (most of a whole build's time) is rendered once the pages
//! are served, between changes, and stops when a change comes; until it is done the
//! index served before stays.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::state::State;
use crate::Linked;
use crate::config::{self, CONFIG_FILE, Config, Overrides};
use crate::content::{self, FileResult};
use crate::diagnostic::Diagnostics;
use crate::model::Corpus;
use crate::output::Files;
use crate::output::{Inputs, Memory, Rendered};
use crate::spinner::Spinner;
use crate::theme::{self, Theme};
use crate::{Reporter, Stage, lang};

/// Events closer together than this are one change (an editor's save is often several,
/// written within a few milliseconds). Short, so that a saved text is served in under
/// 100 ms (bench/live_edit.py: 78-113 ms at 10,000 plans with 30 ms, 97-109 ms with 50 ms,
/// about 270 ms with 200 ms); a save split in two is two rebuilds, the second finding
/// nothing or the text alone.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders of a site's sources, under its root; congbo.toml is watched beside them.
const SOURCES: [&str; 5] = ["content", "themes", "templates", "static", "strings"];

/// More changed files than this are announced as "everything", to keep events small.
const MAX_ANNOUNCED: usize = 300;

/// The site being served, its watcher, and what the last build kept.
pub struct Watched {
    root: PathBuf,
    watcher: Option<Debouncer<RecommendedWatcher, RecommendedCache>>,
    events: Receiver<DebounceEventResult>,
    /// Set by the watcher once it has sent events: a search index being rendered for an
    /// earlier edit stops, and the new edit is built at once.
    arrived: Arc<AtomicBool>,
    builder: Builder,
}

/// What changed since the last build.
#[derive(Default)]
struct Changes {
    config: bool,
    theme: bool,
    /// Content files (or folders) changed, created or removed.
    content: BTreeSet<PathBuf>,
    /// Every relevant path, relative to the root, for the terminal.
    files: BTreeSet<PathBuf>,
    /// Source folders created since the watch began, to watch as well.
    new_dirs: BTreeSet<PathBuf>,
}

impl Watched {
    /// Starts watching the site's sources. Without a watcher (none on this system, or
    /// too many folders) the site is still served, and said not to follow changes.
    pub fn start(root: &Path, overrides: Overrides) -> Self {
        let (tx, events) = mpsc::channel();
        let arrived = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&arrived);
        // Sent, then said: whoever sees the flag finds the events in the channel.
        let handler = move |result: DebounceEventResult| {
            let _ = tx.send(result);
            flag.store(true, Ordering::SeqCst);
        };
        let watcher = match new_debouncer(DEBOUNCE, None, handler) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("{}", t!("serve.cannot_watch", error = e));
                None
            }
        };
        let builder = Builder::new(root, overrides);
        let mut watched = Watched { root: root.to_path_buf(), watcher, events, arrived, builder };
        // The root itself only for congbo.toml and for source folders created later;
        // the output folder, however large, is never watched.
        watched.watch(&root.to_path_buf(), RecursiveMode::NonRecursive);
        for dir in SOURCES.map(|d| root.join(d)).iter().filter(|d| d.is_dir()) {
            watched.watch(dir, RecursiveMode::Recursive);
        }
        watched
    }

    fn watch(&mut self, path: &PathBuf, mode: RecursiveMode) {
        if let Some(w) = &mut self.watcher {
            // A folder removed and made again needs a new watch; the old one is gone.
            let _ = w.unwatch(path);
            if let Err(e) = w.watch(path, mode) {
                eprintln!("{}", t!("serve.cannot_watch_path", path = path.display(), error = e));
            }
        }
    }

    /// The first build; `Some(documents)` when it succeeded.
    pub fn first_build(&mut self, state: &State) -> Option<usize> {
        let changes = Changes { config: true, theme: true, ..Default::default() };
        self.builder.build_and_publish(&changes, state)
    }

    /// Rebuilds after every change, until the watcher stops. Between changes, the search
    /// index left behind by an edit to a text alone is rendered, unless a change comes.
    pub fn rebuild_on_changes(mut self, state: &State) {
        loop {
            self.arrived.store(false, Ordering::SeqCst);
            let first = match self.events.try_recv() {
                Ok(first) => first,
                Err(TryRecvError::Disconnected) => return,
                Err(TryRecvError::Empty) if self.builder.search_pending => {
                    let arrived = &self.arrived;
                    self.builder.finish_search(state, &|| arrived.load(Ordering::SeqCst));
                    continue;
                }
                Err(TryRecvError::Empty) => match self.events.recv() {
                    Ok(first) => first,
                    Err(_) => return,
                },
            };
            let mut changes = Changes::default();
            self.note(first, &mut changes);
            // Saves that arrived during the last build join this one.
            while let Ok(more) = self.events.try_recv() {
                self.note(more, &mut changes);
            }
            if changes.files.is_empty() {
                continue;
            }
            for dir in std::mem::take(&mut changes.new_dirs) {
                self.watch(&dir, RecursiveMode::Recursive);
            }
            self.builder.build_and_publish(&changes, state);
        }
    }

    fn note(&self, result: DebounceEventResult, changes: &mut Changes) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("{}", t!("serve.watch_error", error = e));
                }
                return;
            }
        };
        for event in events {
            if matches!(event.event.kind, EventKind::Access(_)) {
                continue; // reading a file changes nothing
            }
            for path in &event.event.paths {
                self.note_path(path, changes);
            }
        }
    }

    fn note_path(&self, path: &Path, changes: &mut Changes) {
        let Ok(rel) = path.strip_prefix(&self.root) else { return };
        let in_output = self.builder.config.as_ref().is_some_and(|c| path.starts_with(&c.output_dir));
        if in_output || ignored(rel) {
            return;
        }
        let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let top_level = rel.components().count() == 1;
        match first.as_str() {
            CONFIG_FILE if top_level => changes.config = true,
            "content" => {
                changes.content.insert(path.to_path_buf());
            }
            "themes" | "templates" | "static" | "strings" => changes.theme = true,
            _ => return,
        }
        if top_level && path.is_dir() {
            changes.new_dirs.insert(path.to_path_buf());
        }
        changes.files.insert(rel.to_path_buf());
    }
}

/// Files editors and tools write beside the real ones: hidden files, swap and backup
/// files, safe-write temporaries.
fn ignored(rel: &Path) -> bool {
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || name.ends_with('~')
        || name == "4913" // vim checks it may write in a folder with this file
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".kate-swp", ".crdownload", ".part"].iter().any(|s| name.ends_with(s))
        || name.contains("___jb_") // JetBrains' safe write
}

/// What is kept between builds.
struct Builder {
    root: PathBuf,
    overrides: Overrides,
    config: Option<Config>,
    theme: Option<(Theme, Diagnostics)>,
    /// Content files as read, with the modification time and length they had.
    documents: Mutex<HashMap<PathBuf, Cached>>,
    /// Which build each cached file was last used by, to forget removed files.
    generation: u64,
    /// A hash of each file of the served build as rendered, before minifying.
    rendered: Rendered,
    /// What each page served was rendered from: a rebuild renders again only the pages
    /// whose templates or values changed.
    inputs: Inputs,
    /// Documents' bodies as rendered, by a hash of what they are rendered from.
    bodies: crate::render::markdown::Bodies,
    /// What each document's body names, as found when it was read.
    scans: crate::link::Scans,
    /// The warnings printed last, so that each rebuild does not repeat them.
    warnings: Vec<String>,
    /// What the served build was made of, for an edit that changes one text alone;
    /// `None` until a build succeeds, and after one fails.
    last: Option<Last>,
    /// The search index served is of the texts before an edit that rendered only their
    /// pages, or of the documents before a rebuild: to be rendered when no change waits.
    search_pending: bool,
    /// The tables of every document served are of the documents before a rebuild: to
    /// be rendered with the search index.
    tables_pending: bool,
}

/// The corpus, links and progress the served site was rendered from.
struct Last {
    corpus: Corpus,
    linked: Linked,
    warnings: Diagnostics,
    /// What reading, linking and assessing found: the warnings but the theme's.
    found: Diagnostics,
    /// What the pages' views derive from the corpus, made with each whole build and
    /// kept by the edits to texts alone (which change none of it).
    derived: crate::render::Derived,
    /// What each listing page lists.
    listings: crate::render::ListingKeys,
}

struct Cached {
    stamp: Option<(SystemTime, u64)>,
    file: FileResult,
    generation: u64,
}

/// A successful build, ready to serve.
struct Built {
    files: Files,
    /// Paths (under the site root) that differ from the build served before.
    changed: Vec<String>,
    documents: usize,
    warnings: Diagnostics,
    reread: usize,
    /// Only the pages of the edited texts were rendered; the search index is rendered
    /// once they are served.
    pages_only: bool,
    /// Pages served before and kept without rendering: what they are rendered from
    /// did not change.
    kept: usize,
    /// The pages open in the browser, served anew before the rest was rendered (see
    /// [`serve_first`]): the rest does not announce them again.
    shown_first: Vec<String>,
}

impl Builder {
    fn new(root: &Path, overrides: Overrides) -> Self {
        Builder {
            root: root.to_path_buf(),
            overrides,
            config: None,
            theme: None,
            documents: Mutex::new(HashMap::new()),
            generation: 0,
            rendered: Rendered::new(),
            inputs: Inputs::new(),
            bodies: Default::default(),
            scans: Default::default(),
            warnings: Vec::new(),
            last: None,
            search_pending: false,
            tables_pending: false,
        }
    }

    /// Builds, prints what happened like `build` does, and serves the result (or the
    /// errors, keeping the last good site). `Some(documents)` when the build succeeded.
    fn build_and_publish(&mut self, changes: &Changes, state: &State) -> Option<usize> {
        let started = Instant::now();
        let mut spinner = Spinner::start();
        let served = state.site();
        // A bug that panics in one build must not stop the preview from following edits:
        // it is reported like a failed build, and the next change builds afresh.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.build(changes, &served, &spinner, Some(state))
        }))
        .unwrap_or_else(|_| {
            self.config = None;
            self.last = None;
            self.rendered.clear();
            self.inputs.clear();
            let file = changes.files.iter().next().map_or_else(|| PathBuf::from(CONFIG_FILE), PathBuf::clone);
            let place = crate::diagnostic::Place::file(self.root.join(file));
            let bug = crate::diagnostic::Diagnostic::error(place, t!("serve.bug")).with_help(t!("serve.bug.help"));
            Err(vec![bug].into())
        });
        spinner.finish();
        let seconds = started.elapsed().as_secs_f64();
        let first = changes.files.is_empty();
        match result {
            Ok(built) => {
                if crate::timings::enabled() {
                    eprintln!("timing: {} pages kept, what they are rendered from unchanged", built.kept);
                }
                let warnings: Vec<String> =
                    built.warnings.clone().relative_to(&self.root).iter().map(|d| d.to_string()).collect();
                if first || warnings != self.warnings {
                    for w in &warnings {
                        eprintln!("{w}\n");
                    }
                    self.warnings = warnings;
                }
                let base = state.base.clone();
                let urls: Vec<String> = built.changed.iter().map(|p| site_url(&base, p)).collect();
                let all = urls.len() > MAX_ANNOUNCED;
                let files = built.files.len();
                state.publish(built.files);
                let changed = if all { serde_json::Value::Null } else { serde_json::json!(urls) };
                // The pages served first, as they are now: not reloaded again with "all".
                let same: Vec<String> = built
                    .shown_first
                    .iter()
                    .filter(|p| !built.changed.contains(p))
                    .map(|p| site_url(&base, p))
                    .collect();
                state.events.send(
                    "build",
                    &serde_json::json!({ "ok": true, "all": all, "changed": changed, "unchanged": same }),
                );
                if first {
                    eprintln!(
                        "{}",
                        t!(
                            "serve.built",
                            documents = crate::lang::count("cmd.documents", built.documents),
                            files = files,
                            seconds = format!("{seconds:.2}"),
                            summary = built.warnings.summary()
                        )
                    );
                } else {
                    // Pages alone: the page the editor looks at is served; the search index follows.
                    let key = if built.pages_only { "serve.rebuilt_pages" } else { "serve.rebuilt" };
                    eprintln!(
                        "{}",
                        t!(
                            key,
                            trigger = trigger(changes),
                            seconds = format!("{seconds:.2}"),
                            changed = changed_summary(&built.changed),
                            reread = lang::count("serve.files", built.reread)
                        )
                    );
                }
                Some(built.documents)
            }
            Err(diags) => {
                let diags = diags.relative_to(&self.root);
                let text = diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n\n");
                eprintln!("{text}\n");
                let shown =
                    if state.built.load(Ordering::SeqCst) { t!("serve.still_shows") } else { t!("serve.shows_errors") };
                let after = if first {
                    String::new()
                } else {
                    t!("serve.failed_after", trigger = trigger(changes)).into_owned()
                };
                eprintln!("{}", t!("serve.failed", after = after, summary = diags.summary(), shown = shown));
                // The warnings are printed again with the next good build.
                self.warnings.clear();
                state.fail(text.clone());
                state.events.send("build", &serde_json::json!({ "ok": false, "errors": text }));
                None
            }
        }
    }

    /// Rebuilds after `changes` over the site `served`; with `state`, the pages open in
    /// the browser are served first (see [`serve_first`]).
    fn build(
        &mut self,
        changes: &Changes,
        served: &Files,
        spinner: &Spinner,
        state: Option<&State>,
    ) -> Result<Built, Diagnostics> {
        let started = Instant::now();
        if let Some(built) = self.build_pages(changes, served) {
            self.search_pending = true;
            return Ok(built);
        }
        // The theme alone changed: the documents, their links and progress are as served.
        let theme_only = !changes.config && changes.content.is_empty() && self.config.is_some();
        // The content alone changed: the pages it cannot have changed are kept as served.
        let content_only = !changes.config && !changes.theme && self.config.is_some() && self.theme.is_some();
        let last = self.last.take();
        let (kept, before) = if theme_only { (last, None) } else { (None, last.filter(|_| content_only)) };
        self.search_pending = false;
        // The search index and the tables of every document, the longest parts, are
        // rendered once the pages are served (the first build renders them, for a site
        // searchable as soon as it is served).
        let search = served.is_empty();
        if changes.config || self.config.is_none() {
            // Where the theme is, and the minify setting, may have changed with it; and
            // what reading a file finds (the year its dates are checked against).
            self.config = None;
            self.theme = None;
            self.inputs.clear();
            self.documents.lock().unwrap_or_else(|e| e.into_inner()).clear();
            self.config = Some(config::load(&self.root, &self.overrides)?);
        }
        if changes.theme {
            self.theme = None;
        }
        let (corpus, linked, found, reread, derived) = match kept {
            Some(Last { corpus, linked, found, .. }) => {
                if self.theme.is_none() {
                    self.theme = Some(theme::load(self.config.as_ref().expect("loaded above")));
                }
                // What the views derive is made again: the summaries' words and dates
                // are the theme's (25 ms at 10,000 plans).
                (corpus, linked, found, 0, None)
            }
            None => {
                let (corpus, mut found, reread) = self.read(changes, spinner);
                let config = self.config.as_ref().expect("loaded above");
                let (linked, more) = crate::link_and_assess_with(config, &corpus, spinner, Some(&self.scans));
                found.extend(more);
                (corpus, linked, found, reread, None)
            }
        };
        let config = self.config.as_ref().expect("loaded above");
        let (theme, theme_diags) = self.theme.as_ref().expect("loaded above");
        let derive_started = Instant::now();
        let derived =
            derived.unwrap_or_else(|| crate::render::Derived::new(config, &corpus, &linked.links, &theme.strings));
        crate::timings::lap("derived", derive_started);
        let mut diags = found.clone();
        diags.extend(theme_diags.clone());
        // The pages open in the browser, served before the rest of the site is rendered
        // (not on the first build, nor when it fails); the rest is rendered over them.
        let (mut shown_first, mut served_now) = (Vec::new(), None);
        if let Some(state) = state.filter(|_| !search && !diags.has_errors()) {
            let site = Site { config, corpus: &corpus, linked: &linked, theme, derived: &derived };
            let before = (&self.bodies, &self.rendered, &self.inputs);
            if let Some(written) = serve_first(state, changes, started, &site, before) {
                self.rendered = written.rendered;
                self.inputs = written.inputs;
                shown_first = written.changed;
                served_now = Some(state.site());
            }
        }
        let served = served_now.as_deref().unwrap_or(served);
        // Only files whose rendering changed are minified again and announced.
        let memory = Memory::new(served, &self.rendered, config.minify).reusing(&self.inputs);
        let before = before.as_ref().map(|b| crate::render::Before {
            corpus: &b.corpus,
            links: &b.linked.links,
            progress: &b.linked.progress,
            derived: &b.derived,
            listings: &b.listings,
        });
        let kept = crate::render::Kept { bodies: Some(&self.bodies), derived: Some(&derived), before };
        let generated = crate::render_linked(config, &corpus, &linked, theme, diags, &memory, spinner, search, kept)?;
        self.bodies.forget_unused();
        let started = Instant::now();
        let written = memory.finish_keeping(|path| {
            !search && (crate::render::is_search_index_file(path) || crate::render::is_table_file(path))
        });
        crate::timings::lap("finish", started);
        self.search_pending = !search;
        self.tables_pending = !search;
        self.rendered = written.rendered;
        self.inputs = written.inputs;
        self.last = Some(Last {
            corpus,
            linked,
            warnings: generated.warnings.clone(),
            found,
            derived,
            listings: generated.listings,
        });
        Ok(Built {
            files: written.files,
            changed: written.changed,
            documents: generated.documents,
            warnings: generated.warnings,
            reread,
            pages_only: false,
            kept: written.reused,
            shown_first,
        })
    }

    /// Reads the content (again only the files changed since they were read) and, if
    /// it is to be read again, the theme: the corpus, what reading found, and how many
    /// files were read again.
    fn read(&mut self, changes: &Changes, spinner: &Spinner) -> (Corpus, Diagnostics, usize) {
        let config = self.config.as_ref().expect("loaded by the caller");
        {
            let mut documents = self.documents.lock().unwrap_or_else(|e| e.into_inner());
            // Named by the watcher: read again even if time and length look unchanged.
            for path in &changes.content {
                documents.retain(|p, _| !p.starts_with(path));
            }
        }
        self.generation += 1;
        let (generation, reread) = (self.generation, AtomicUsize::new(0));
        let documents = &self.documents;
        let read = |path: &Path| -> FileResult {
            let stamp = stamp(path);
            if let Some(c) = documents.lock().unwrap_or_else(|e| e.into_inner()).get_mut(path) {
                if stamp.is_some() && c.stamp == stamp {
                    c.generation = generation;
                    return c.file.clone();
                }
            }
            reread.fetch_add(1, Ordering::Relaxed);
            let file = content::read_file(config, path);
            let cached = Cached { stamp, file: file.clone(), generation };
            documents.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_path_buf(), cached);
            file
        };
        spinner.stage(Stage::Reading);
        let started = Instant::now();
        let ((corpus, diags), new_theme) =
            rayon::join(|| content::load_with(config, &read), || self.theme.is_none().then(|| theme::load(config)));
        documents.lock().unwrap_or_else(|e| e.into_inner()).retain(|_, c| c.generation == generation);
        if let Some(t) = new_theme {
            self.theme = Some(t);
        }
        crate::timings::lap("read", started);
        (corpus, diags, reread.into_inner())
    }

    /// An edit to the text of documents alone, their front matter as it was: their pages
    /// are rendered again and nothing else, the search index right after they are
    /// served ([`Self::search_index`]). `None` unless it can be shown that nothing else
    /// changes: the same documents, each naming the same documents in its text, every
    /// warning as before; then the whole site is rebuilt.
    fn build_pages(&mut self, changes: &Changes, served: &Files) -> Option<Built> {
        if changes.config || changes.theme || changes.content.is_empty() {
            return None;
        }
        let mut last = self.last.take()?;
        let (found, warnings) = (last.found.clone(), last.warnings.clone());
        let mut edited = Vec::new();
        let built = self.render_texts(changes, served, &mut last, &mut edited);
        // Not shown this way: what the site was built from stays as it was, for the
        // whole rebuild to compare with.
        if built.is_none() {
            for (id, document, mentions) in edited.into_iter().rev() {
                last.corpus.documents[id] = document;
                last.linked.links.mentions[id] = mentions;
            }
            (last.found, last.warnings) = (found, warnings);
        }
        self.last = Some(last);
        built
    }

    /// [`Self::build_pages`] over `last`, noting in `edited` each document it replaces
    /// there, and its mentions, as they were.
    fn render_texts(
        &mut self,
        changes: &Changes,
        served: &Files,
        last: &mut Last,
        edited: &mut Vec<(crate::model::DocId, std::sync::Arc<crate::model::Document>, Vec<crate::link::Mention>)>,
    ) -> Option<Built> {
        let config = self.config.as_ref()?;
        let (theme, _) = self.theme.as_ref()?;
        let mut ids = Vec::new();
        let mut read = Vec::new();
        for path in &changes.content {
            if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
                return None;
            }
            let mut found = last.corpus.documents.iter().enumerate().filter(|(_, d)| d.file == *path);
            let (id, _) = found.next()?;
            if found.next().is_some() || ids.contains(&id) {
                return None;
            }
            let stamp = stamp(path);
            let file = content::read_file(config, path);
            let new = file.document()?;
            let old = &last.corpus.documents[id];
            let shown =
                |diags: &[crate::diagnostic::Diagnostic]| diags.iter().map(|d| d.to_string()).collect::<Vec<_>>();
            let documents = self.documents.lock().unwrap_or_else(|e| e.into_inner());
            let before = shown(documents.get(path)?.file.diagnostics());
            drop(documents);
            let same_front_matter = new.front_matter == old.front_matter
                && new.body_line == old.body_line
                && new.path == old.path
                && new.draft == old.draft;
            let checks = |d| content::body_checks(d).iter().map(|d| d.to_string()).collect::<Vec<_>>();
            let same_checks = checks(old) == checks(new);
            if !same_front_matter || !same_checks || shown(file.diagnostics()) != before {
                return None;
            }
            let new = std::sync::Arc::new(new.clone());
            let old = std::mem::replace(&mut last.corpus.documents[id], new);
            let rescanned = crate::link::rescan_body(&last.corpus, &last.linked.links, id, &old);
            edited.push((id, old, last.linked.links.mentions[id].clone()));
            let rescanned = rescanned?;
            last.linked.links.mentions[id] = rescanned.mentions;
            for (before, now) in rescanned.warnings {
                if !last.found.replace(&before, now.clone()) || !last.warnings.replace(&before, now) {
                    return None;
                }
            }
            ids.push(id);
            read.push((path.clone(), Cached { stamp, file, generation: self.generation }));
        }
        last.warnings = std::mem::take(&mut last.warnings).sorted();
        let memory = Memory::new(served, &self.rendered, config.minify).reusing(&self.inputs);
        let Linked { links, progress } = &last.linked;
        crate::render::documents(
            config,
            &last.corpus,
            links,
            progress,
            theme,
            &ids,
            &memory,
            Some(&self.bodies),
            &last.derived,
        )
        .ok()?;
        let written = memory.finish_over(|_| false);
        self.rendered = written.rendered;
        self.inputs = written.inputs;
        let reread = read.len();
        self.documents.lock().unwrap_or_else(|e| e.into_inner()).extend(read);
        let built = Built {
            files: written.files,
            changed: written.changed,
            documents: last.corpus.documents.len(),
            warnings: last.warnings.clone(),
            reread,
            pages_only: true,
            kept: written.reused,
            shown_first: Vec::new(),
        };
        Some(built)
    }

    /// Renders the search index (and the tables) left behind by a rebuild and serves
    /// them, and says so; stops (to be done later) when `stop` says a change waits.
    fn finish_search(&mut self, state: &State, stop: &(dyn Fn() -> bool + Sync)) {
        let started = Instant::now();
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.search_index(state, stop)));
        match done {
            Ok(Some(true)) => {
                let seconds = format!("{:.2}", started.elapsed().as_secs_f64());
                eprintln!("{}", t!("serve.search_index", seconds = seconds));
            }
            Ok(Some(false)) => {}
            // Not the site a whole build would make: the next change makes one.
            Ok(None) | Err(_) => {
                self.search_pending = false;
                self.tables_pending = false;
                self.last = None;
            }
        }
    }

    /// Renders the search index again over the site being served, and the tables of
    /// every document if they wait too, and serves them: `Some(true)` when done,
    /// `Some(false)` when `stop` stopped it, `None` when it cannot be rendered.
    fn search_index(&mut self, state: &State, stop: &(dyn Fn() -> bool + Sync)) -> Option<bool> {
        let served = state.site();
        let (config, (theme, _), last) = (self.config.as_ref()?, self.theme.as_ref()?, self.last.as_ref()?);
        let memory = Memory::new(&served, &self.rendered, config.minify).reusing(&self.inputs);
        let Linked { links, progress } = &last.linked;
        let (derived, tables) = (Some(&last.derived), self.tables_pending);
        if !crate::render::indexes(config, &last.corpus, links, progress, theme, derived, tables, &memory, stop).ok()? {
            return Some(false);
        }
        self.search_pending = false;
        self.tables_pending = false;
        let written = memory.finish_over(crate::render::is_search_index_file);
        self.rendered = written.rendered;
        self.inputs = written.inputs;
        if !written.changed.is_empty() {
            let urls: Vec<String> = written.changed.iter().map(|p| site_url(&state.base, p)).collect();
            let all = urls.len() > MAX_ANNOUNCED;
            state.publish(written.files);
            let changed = if all { serde_json::Value::Null } else { serde_json::json!(urls) };
            state.events.send("build", &serde_json::json!({ "ok": true, "all": all, "changed": changed }));
        }
        Some(true)
    }
}

/// What a rebuild renders the site from.
struct Site<'a> {
    config: &'a Config,
    corpus: &'a Corpus,
    linked: &'a Linked,
    theme: &'a Theme,
    derived: &'a crate::render::Derived,
}

/// Renders the pages open in the browser (those asked for last, see
/// [`State::viewed`]) from `site` and serves them at once, announced to the pages open,
/// before the rest of the site is rendered: an editor sees an edit to a template or to
/// front matter on the page before them in a fraction of the time the whole site takes.
/// `before` is what the served site was rendered with (bodies, hashes, inputs). Gives
/// what was served; `None` when no page open changed.
fn serve_first(
    state: &State,
    changes: &Changes,
    started: Instant,
    site: &Site,
    before: (&crate::render::markdown::Bodies, &Rendered, &Inputs),
) -> Option<crate::output::MemoryBuild> {
    let viewed = state.viewed();
    if viewed.is_empty() {
        return None;
    }
    let (bodies, rendered, inputs) = before;
    let served = state.site();
    let memory = Memory::new(&served, rendered, site.config.minify).reusing(inputs);
    let Linked { links, progress } = site.linked;
    let (config, corpus, theme) = (site.config, site.corpus, site.theme);
    let pages =
        crate::render::viewed(config, corpus, links, progress, theme, &viewed, &memory, Some(bodies), site.derived);
    if !pages.is_ok_and(|n| n > 0) {
        return None;
    }
    let mut written = memory.finish_over(|_| false);
    if written.changed.is_empty() {
        return None;
    }
    let urls: Vec<String> = written.changed.iter().map(|p| site_url(&state.base, p)).collect();
    state.publish(std::mem::take(&mut written.files));
    state.events.send("build", &serde_json::json!({ "ok": true, "all": false, "changed": urls }));
    let seconds = format!("{:.2}", started.elapsed().as_secs_f64());
    let pages = lang::count("serve.pages", urls.len());
    eprintln!("{}", t!("serve.rebuilt_viewed", trigger = trigger(changes), seconds = seconds, pages = pages));
    Some(written)
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The address of a site file: "van-ban/x/index.html" → "/van-ban/x/".
fn site_url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{base}/{dir}"),
        _ => format!("{base}/{path}"),
    }
}

/// What changed, for the terminal: "content/plans/x.md" or "3 files".
fn trigger(changes: &Changes) -> String {
    match changes.files.len() {
        1 => changes.files.iter().next().map(|p| p.display().to_string()).unwrap_or_default(),
        n => lang::count("serve.files", n),
    }
}

/// "3 pages changed", "3 pages and 2 other files changed", "nothing changed".
fn changed_summary(changed: &[String]) -> String {
    let pages = changed.iter().filter(|p| p.ends_with(".html")).count();
    let others = changed.len() - pages;
    let what = match (pages, others) {
        (0, 0) => return t!("serve.nothing_changed").into(),
        (p, 0) => lang::count("serve.pages", p),
        (0, o) => lang::count("serve.files", o),
        (p, o) => t!(
            "serve.pages_and_files",
            pages = lang::count("serve.pages", p),
            files = lang::count("serve.other_files", o)
        )
        .into_owned(),
    };
    t!("serve.changed", what = what).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for p in [
            "content/.x.md.swp",
            "content/x.md~",
            "content/plans/4913",
            "content/#x.md#",
            "content/.git/index",
            "static/a.css.tmp",
            "content/x.md___jb_tmp___",
        ] {
            assert!(ignored(Path::new(p)), "{p}");
        }
        for p in ["content/plans/x.md", "congbo.toml", "static/style.css", "templates/base.html"] {
            assert!(!ignored(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn site_urls_of_files() {
        assert_eq!(site_url("/", "index.html"), "/");
        assert_eq!(site_url("/", "van-ban/x/index.html"), "/van-ban/x/");
        assert_eq!(site_url("/", "style.css"), "/style.css");
        assert_eq!(site_url("/ke-hoach/", "du-lieu/a.json"), "/ke-hoach/du-lieu/a.json");
        assert_eq!(changed_summary(&["a/index.html".into(), "b.css".into()]), "1 page and 1 other file changed");
    }

    /// After each edit of a sequence, the site served equals, byte for byte, what a
    /// clean build of the same sources makes; an edit to a text alone renders its page
    /// alone (then the search index), any other edit the whole site.
    #[test]
    fn incremental_rebuilds_serve_what_a_clean_build_makes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chain"), &root);
        let overrides = || Overrides { preview: true, ..Default::default() };
        let spinner = Spinner::start();
        let everything = || Changes { config: true, theme: true, ..Default::default() };
        let state = State::new("/".into());
        let mut builder = Builder::new(&root, overrides());
        let first = builder.build(&everything(), &Files::new(), &spinner, None).unwrap();
        state.publish(first.files);

        let d = "content/plans/d-ke-hoach-ubnd-huyen.md";
        let page_d = "van-ban/45-kh-ubnd-2020/index.html";
        let edit = |rel: &str, from: &str, to: &str| {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel} holds {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        let content = |rel: &str| Changes { content: BTreeSet::from([root.join(rel)]), ..Default::default() };
        // Rebuilds as `serve` does; whether only the texts' pages were rendered, and
        // what changed.
        let mut step = |changes: Changes| -> (bool, Vec<String>, Vec<String>, usize) {
            let built = builder.build(&changes, &state.site(), &spinner, None).unwrap();
            let (pages_only, changed, kept) = (built.pages_only, built.changed, built.kept);
            let warnings: Vec<String> = built.warnings.iter().map(|d| d.to_string()).collect();
            state.publish(built.files);
            // Every rebuild but the first leaves the search index for later.
            assert!(builder.search_pending);
            assert_eq!(builder.search_index(&state, &|| false), Some(true));
            let clean = Builder::new(&root, overrides()).build(&everything(), &Files::new(), &spinner, None).unwrap();
            assert_eq!(warnings, clean.warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>());
            let clean = clean.files;
            let served = state.site();
            assert_eq!(served.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>());
            for (path, bytes) in clean.iter() {
                assert!(served[path] == *bytes, "{path} differs from a clean build's");
            }
            (pages_only, changed, warnings, kept)
        };

        // Its text alone: its page alone, then the search index.
        edit(d, "như sau.", "như sau. Đoạn văn mới về khuyến học.");
        let (pages_only, changed, _, _) = step(content(d));
        assert!(pages_only);
        assert_eq!(changed, [page_d]);
        // Again, naming in its text the document it names already.
        edit(d, "Đoạn văn mới", "Theo Kế hoạch 30/KH-UBND, đoạn văn");
        assert!(step(content(d)).0);
        // A number no document carries: a new warning, so the whole site.
        edit(d, "đoạn văn", "Quyết định 99/QĐ-UBND, đoạn văn");
        assert!(!step(content(d)).0);
        // Another document naming it: the warning counts two, at the first.
        let e = "content/plans/e-ke-hoach-hoi-khuyen-hoc.md";
        edit(e, "như sau.", "như sau, theo Quyết định 99/QĐ-UBND.");
        assert!(!step(content(e)).0);
        // The second to name it moves it: its page alone, the warning as it was.
        edit(e, "Thực hiện Kế hoạch số 45/KH-UBND, Hội", "Mở đầu.\n\nThực hiện Kế hoạch số 45/KH-UBND, Hội");
        assert!(step(content(e)).0);
        // The first moves it: its page alone, the warning at its new line.
        edit(d, "Thực hiện Kế hoạch số 30/KH-UBND, UBND", "Một dòng mới.\n\nThực hiện Kế hoạch số 30/KH-UBND, UBND");
        let (pages_only, _, warnings, _) = step(content(d));
        assert!(pages_only);
        let warned = |line: usize| {
            let at = format!("{d}:{line}:");
            warnings.iter().any(|w| w.contains("99/QĐ-UBND") && w.contains(&at) && w.contains('2'))
        };
        let body_line =
            std::fs::read_to_string(root.join(d)).unwrap().lines().position(|l| l.contains("99/")).unwrap() + 1;
        assert!(warned(body_line) && !warned(body_line - 2), "the warning moved with its line");
        // Naming another document of the site: its backlinks change, so the whole site.
        edit(d, "đoạn văn", "Chỉ thị 1-CT/TW, đoạn văn");
        assert!(!step(content(d)).0);
        // Front matter: the whole site is linked and assessed again, and only the pages
        // whose templates or values changed are rendered; the others are kept.
        let page_e = "van-ban/12-kh-hkh-2021/index.html";
        let front_matter = |step: (bool, Vec<String>, Vec<String>, usize)| {
            let (pages_only, changed, _, kept) = step;
            assert!(!pages_only);
            assert!(kept > 0, "some pages kept");
            changed
        };
        // Its title: on its page and wherever it is listed.
        edit(d, "title: \"Thực hiện", "title: \"Triển khai thực hiện");
        let changed = front_matter(step(content(d)));
        assert!(changed.iter().any(|p| p == page_d) && changed.iter().any(|p| p == page_e), "{changed:?}");
        assert!(!changed.iter().any(|p| p == "404.html"), "{changed:?}");
        // Its kind, issuer, date (within the year, then to another year: a new address)
        // and what it implements move it between lists; each is undone after.
        for (from, to) in [
            ("kind: Kế hoạch", "kind: Chương trình"),
            ("issuer: \"UBND huyện Tiên Du\"", "issuer: \"UBND huyện Quế Võ\""),
            ("date: 2020-09-15", "date: 2020-03-02"),
            ("date: 2020-09-15", "date: 2019-09-15"),
            ("implements: [\"30/KH-UBND\"]", "implements: [\"2-KH/TU\"]"),
            ("implements: [\"30/KH-UBND\"]", "implements: []"),
        ] {
            edit(d, from, to);
            front_matter(step(content(d)));
            edit(d, to, from);
            front_matter(step(content(d)));
        }
        // A new document, a removed one, a template: the whole site.
        let new = "content/plans/f-ke-hoach-moi.md";
        let text = std::fs::read_to_string(root.join(d)).unwrap();
        std::fs::write(root.join(new), text.replace("45/KH-UBND", "46/KH-UBND")).unwrap();
        assert!(!step(content(new)).0);
        std::fs::remove_file(root.join("content/plans/e-ke-hoach-hoi-khuyen-hoc.md")).unwrap();
        assert!(!step(content("content/plans/e-ke-hoach-hoi-khuyen-hoc.md")).0);
        let document = include_str!("../../themes/default/templates/document.html");
        std::fs::create_dir_all(root.join("templates")).unwrap();
        let marked = document.replacen("{% block content %}", "{% block content %}<p>Mẫu đã sửa.</p>", 1);
        assert_ne!(marked, document);
        std::fs::write(root.join("templates/document.html"), marked).unwrap();
        let (pages_only, changed, _, kept) = step(Changes { theme: true, ..Default::default() });
        assert!(!pages_only && kept > 0 && changed.contains(&page_d.to_string()), "{changed:?}");
        // A template the documents' pages do not use: they are kept, not rendered.
        let listing = include_str!("../../themes/default/templates/listing.html");
        let marked = listing.replacen("{% block content %}", "{% block content %}<p>Danh sách đã sửa.</p>", 1);
        assert_ne!(marked, listing);
        std::fs::write(root.join("templates/listing.html"), marked).unwrap();
        let (pages_only, changed, _, kept) = step(Changes { theme: true, ..Default::default() });
        // The five documents' pages at least (a, b, c, d and the new one).
        assert!(!pages_only && kept >= 5 && !changed.is_empty(), "{kept}");
        let site = state.site();
        for path in &changed {
            assert!(String::from_utf8_lossy(&site[path.as_str()]).contains("Danh sách đã sửa."), "{path}");
        }
        // The interface's way of writing a date (in every list's summary lines): the
        // theme alone changed, yet the summaries made from the documents are made again.
        std::fs::create_dir_all(root.join("strings")).unwrap();
        std::fs::write(root.join("strings/vi.toml"), "[date]\nshort = \"{dd}.{mm}.{y}\"\n").unwrap();
        let (pages_only, changed, _, _) = step(Changes { theme: true, ..Default::default() });
        assert!(!pages_only && changed.iter().any(|p| p == "van-ban/index.html"), "{changed:?}");
        assert!(String::from_utf8_lossy(&state.site()["van-ban/index.html"]).contains("15.09.2020"));
        // A text edited after all these: its page alone again, with the edited template.
        edit(new, "như sau.", "như sau, sửa lần nữa.");
        let (pages_only, changed, _, _) = step(content(new));
        assert!(pages_only);
        assert_eq!(changed, ["van-ban/46-kh-ubnd-2020/index.html"]);
        assert!(String::from_utf8_lossy(&state.site()[changed[0].as_str()]).contains("Mẫu đã sửa."));
    }

    /// After a template or front matter edit, the pages open are rendered and served
    /// first; the whole rebuild that follows keeps them and serves what a clean build
    /// makes. A listing open is served first too; no page open, nothing first.
    #[test]
    fn pages_open_are_served_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chain"), &root);
        let overrides = || Overrides { preview: true, ..Default::default() };
        let spinner = Spinner::start();
        let everything = || Changes { config: true, theme: true, ..Default::default() };
        let state = State::new("/".into());
        let mut builder = Builder::new(&root, overrides());
        state.publish(builder.build(&everything(), &Files::new(), &spinner, None).unwrap().files);
        let (page_d, page_e, listing) =
            ("van-ban/45-kh-ubnd-2020/index.html", "van-ban/12-kh-hkh-2021/index.html", "van-ban/index.html");
        let theme = || Changes { theme: true, ..Default::default() };
        let d = "content/plans/d-ke-hoach-ubnd-huyen.md";
        let content = || Changes { content: BTreeSet::from([root.join(d)]), ..Default::default() };
        let mark = |template: &str, text: &str, marker: &str| {
            let marked = text.replacen("{% block content %}", &format!("{{% block content %}}<p>{marker}</p>"), 1);
            assert_ne!(marked, text);
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(root.join("templates").join(template), marked).unwrap();
        };
        // Rebuilds as `serve` does; what was served first, and then changed.
        let rebuild = |builder: &mut Builder, changes: Changes, state: &State| {
            let built = builder.build(&changes, &state.site(), &spinner, Some(state)).unwrap();
            state.publish(built.files);
            if builder.search_pending {
                assert_eq!(builder.search_index(state, &|| false), Some(true));
            }
            let clean =
                Builder::new(&root, overrides()).build(&everything(), &Files::new(), &spinner, None).unwrap().files;
            let served = state.site();
            assert_eq!(served.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>());
            for (path, bytes) in clean.iter() {
                assert!(served[path] == *bytes, "{path} differs from a clean build's");
            }
            (built.shown_first, built.changed)
        };

        // No page open: nothing first.
        mark("document.html", include_str!("../../themes/default/templates/document.html"), "Mẫu đã sửa.");
        let (first, changed) = rebuild(&mut builder, theme(), &state);
        assert!(first.is_empty() && changed.iter().any(|p| p == page_d));

        state.note_viewed(page_d);
        mark("document.html", include_str!("../../themes/default/templates/document.html"), "Mẫu sửa lần hai.");
        let (first, changed) = rebuild(&mut builder, theme(), &state);
        assert_eq!(first, [page_d]);
        assert!(changed.iter().any(|p| p == page_e) && !changed.iter().any(|p| p == page_d), "{changed:?}");

        // Its title: its page first, then the lists and the pages that name it.
        let text = std::fs::read_to_string(root.join(d)).unwrap();
        std::fs::write(root.join(d), text.replacen("title: \"Thực hiện", "title: \"Triển khai thực hiện", 1)).unwrap();
        let (first, changed) = rebuild(&mut builder, content(), &state);
        assert_eq!(first, [page_d]);
        assert!(changed.iter().any(|p| p == page_e) && !changed.iter().any(|p| p == page_d), "{changed:?}");

        // A listing open, with its template edited: served first; the document's page
        // is rendered again too, and is as it was.
        state.note_viewed(listing);
        mark("listing.html", include_str!("../../themes/default/templates/listing.html"), "Danh sách đã sửa.");
        let (first, changed) = rebuild(&mut builder, theme(), &state);
        assert_eq!(first, [listing]);
        assert!(changed.iter().any(|p| p == "nam/2020/index.html") && !changed.iter().any(|p| p == listing));
    }

    /// Copies the folder `from`, with all it holds, to `to`.
    fn copy_tree(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// Every kind of front matter edit on the default site (real documents, chains of
    /// directives, reports feeding targets, short names, amendments): the pages a
    /// rebuild keeps without making their values are as a clean build makes them.
    #[test]
    fn pages_kept_after_front_matter_edits_are_a_clean_builds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&repo.join("content"), &root.join("content"));
        std::fs::copy(repo.join("congbo.toml"), root.join("congbo.toml")).unwrap();
        let overrides = || Overrides { preview: true, ..Default::default() };
        let spinner = Spinner::start();
        let everything = || Changes { config: true, theme: true, ..Default::default() };
        let state = State::new("/".into());
        let mut builder = Builder::new(&root, overrides());
        state.publish(builder.build(&everything(), &Files::new(), &spinner, None).unwrap().files);
        let mut kept_in_all = 0;
        // Each edit, then each compared with a clean build; they add up.
        for (file, from, to) in [
            // A directive's title: in the chain above every plan below it.
            ("directives/11-ct-tw-2007.md", "title: \"Về tăng cường", "title: \"Về việc tăng cường"),
            // A plan in the middle of a chain: its number, named in others' texts.
            ("directives/05-kh-ubnd-2007.md", "number: \"05/KH-UBND\"", "number: \"06/KH-UBND\""),
            // Its short name, found in texts.
            ("directives/387-qd-ttg-2022.md", "aliases: [\"Chương trình 387\"]", "aliases: [\"Chương trình 388\"]"),
            // A report's figure: the plan's progress, and the summaries above it.
            ("reports/ha-noi/ha-noi-2023.md", "gia-dinh-hoc-tap: 71.25", "gia-dinh-hoc-tap: 61.25"),
            // Its source alone: shown beside the figure on the plan's page.
            ("reports/ha-noi/ha-noi-2023.md", "source: \"https://thanglong", "source: \"https://www.thanglong"),
            // A province's figure for a national programme (shown elsewhere).
            ("reports/son-la/son-la-2022.md", "gia-dinh-hoc-tap: 70.1", "gia-dinh-hoc-tap: 60.1"),
            // A target's milestone, and a plan's date (lists and backlinks reordered).
            (
                "plans/thai-binh/chuong-trinh-hanh-dong-41-cthd-hkh.md",
                "{ year: 2025, value: 40 }",
                "{ year: 2025, value: 45 }",
            ),
            ("plans/thai-binh/chuong-trinh-hanh-dong-41-cthd-hkh.md", "date: 2022-06-01", "date: 2019-06-01"),
            // What it amends (the amended one's legal status), and what it carries out.
            ("plans/thai-binh/chuong-trinh-hanh-dong-41-cthd-hkh.md", "amends: \"25-CTrHĐ/HKH\"\n", ""),
            ("plans/ha-noi/ke-hoach-thuc-hien-chi-thi-11-ct-tw.md", ", \"05/KH-UBND\"]", "]"),
            // Its issuer and region: other lists, another province's page.
            ("plans/ha-noi/ke-hoach-thuc-hien-chi-thi-11-ct-tw.md", "region: \"Hà Nội\"", "region: \"Hải Phòng\""),
            // Not a document: a free page's title is in every page's navigation, and an
            // indicator's name beside every target that measures it.
            ("pages/gioi-thieu.md", "title: \"Giới thiệu\"", "title: \"Về trang này\""),
            ("indicators.yaml", "name: \"Tỷ lệ gia đình được công nhận", "name: \"Tỷ lệ hộ gia đình được công nhận"),
        ] {
            let path = root.join("content").join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} holds {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            let changes = Changes { content: BTreeSet::from([path]), ..Default::default() };
            let built = builder.build(&changes, &state.site(), &spinner, None).unwrap();
            assert!(!built.pages_only, "{file}: {to}");
            kept_in_all += built.kept;
            state.publish(built.files);
            assert_eq!(builder.search_index(&state, &|| false), Some(true));
            let clean =
                Builder::new(&root, overrides()).build(&everything(), &Files::new(), &spinner, None).unwrap().files;
            let served = state.site();
            assert_eq!(served.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>(), "{file}: {to}");
            for (path, bytes) in clean.iter() {
                assert!(served[path] == *bytes, "after {to:?} in {file}, {path} differs from a clean build's");
            }
        }
        assert!(kept_in_all > 0, "pages were kept");
    }

    /// A rebuild reads again only the file that changed, and announces only the pages
    /// whose rendering changed.
    #[test]
    fn rebuild_rereads_only_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("congbo.toml", "title = \"Thử\"\nas_of = \"2024-01-01\"\n");
        let doc = |title: &str| {
            format!(
                "---\nkind: Kế hoạch\nnumber: \"{title}/KH-UBND\"\ntitle: \"Kế hoạch {title}\"\nissuer: \"UBND\"\ndate: 2020-01-01\n---\nNội dung {title}.\n"
            )
        };
        write("content/plans/a.md", &doc("1"));
        write("content/plans/b.md", &doc("2"));
        let mut builder = Builder::new(&root, Overrides::default());
        let spinner = Spinner::start();
        let first = builder
            .build(&Changes { config: true, theme: true, ..Default::default() }, &Files::new(), &spinner, None)
            .unwrap();
        assert_eq!(first.reread, 2);
        assert!(first.changed.contains(&"van-ban/1-kh-ubnd-2020/index.html".to_string()));

        write("content/plans/b.md", &doc("2").replace("Nội dung 2.", "Nội dung mới."));
        let mut changes = Changes::default();
        changes.content.insert(root.join("content/plans/b.md"));
        let second = builder.build(&changes, &first.files, &spinner, None).unwrap();
        assert_eq!(second.reread, 1, "only the changed file is read again");
        assert!(second.changed.contains(&"van-ban/2-kh-ubnd-2020/index.html".to_string()), "{:?}", second.changed);
        assert!(!second.changed.contains(&"van-ban/1-kh-ubnd-2020/index.html".to_string()), "{:?}", second.changed);
        let page = &second.files["van-ban/2-kh-ubnd-2020/index.html"];
        assert!(String::from_utf8_lossy(page).contains("Nội dung mới."));
        // Unchanged files are shared with the build served before, not copied.
        let unchanged = "van-ban/1-kh-ubnd-2020/index.html";
        assert!(Arc::ptr_eq(&first.files[unchanged], &second.files[unchanged]));
        // Its text alone changed: its page alone was rendered; the search index follows.
        assert!(second.pages_only);
        let state = State::new("/".into());
        state.publish(second.files.clone());
        // Stopped by the next change, it serves nothing and is still to be done.
        assert_eq!(builder.search_index(&state, &|| true), Some(false));
        assert!(builder.search_pending && *state.site() == second.files);
        assert_eq!(builder.search_index(&state, &|| false), Some(true));
        assert!(!builder.search_pending && *state.site() != second.files);
        let served = (*state.site()).clone();

        // A template edit that renders the same pages changes nothing served.
        let base = include_str!("../../themes/default/templates/base.html");
        write("templates/base.html", &base.replace("</footer>", "</footer>\n{# a note for editors #}"));
        let changes = Changes { theme: true, ..Default::default() };
        let same = builder.build(&changes, &served, &spinner, None).unwrap();
        assert!(same.changed.is_empty(), "{:?}", same.changed);
        assert_eq!(same.reread, 0, "a theme change reads no content again");

        // A removed document is announced too, and forgotten by the cache.
        std::fs::remove_file(root.join("content/plans/a.md")).unwrap();
        let mut changes = Changes::default();
        changes.content.insert(root.join("content/plans/a.md"));
        let third = builder.build(&changes, &served, &spinner, None).unwrap();
        assert!(third.changed.contains(&unchanged.to_string()) && !third.files.contains_key(unchanged));
        assert_eq!(builder.documents.lock().unwrap().len(), 1);
    }
}
