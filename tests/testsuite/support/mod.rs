//! What every group of tests shares: the one runner of the binary ([`run`]), the one
//! reader of diagnostics ([`diagnostics`]), the one HTML reader ([`html`]), files and
//! snapshots of folders ([`files`]) and expected output files ([`expected`]).
//!
//! Nothing here is copied from src/: the tests read congbo's output the way an editor
//! or a browser does, so that a bug in congbo's own helpers cannot hide in them.

// Not every group uses every helper.
#![allow(dead_code)]

pub mod diagnostics;
pub mod expected;
pub mod files;
pub mod html;
pub mod run;
pub mod static_server;

pub use diagnostics::{At, Diagnostic, Severity, describe, diagnostics, place_in};
pub use files::*;
pub use html::{Select, Text, broken_links, collapse_ws, internal_links, link_values, page_text, parse, url_to_file};
pub use run::{Run, TestSite, congbo, congbo_command};
pub use scraper::{ElementRef, Html};
pub use static_server::{Reply, StaticServer};
