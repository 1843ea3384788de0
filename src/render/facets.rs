//! What each way of browsing shows of a document: its value (issuer, region, level,
//! kind, year) and the titles of its index and listings.

use crate::address::Facet;
use crate::model::Document;
use crate::text::slugify;
use crate::theme::Strings;

/// What a facet shows of documents: its index's title, a listing's title, and the
/// value a document has (its name), if any.
pub(super) fn title(facet: Facet, strings: &Strings) -> &str {
    strings.get(key(facet))
}

pub(super) fn listing_title(facet: Facet, name: &str, strings: &Strings) -> String {
    let name = if facet == Facet::Level { name.to_lowercase() } else { name.to_string() };
    strings.fill(&format!("{}_title", key(facet)), &[("name", &name)])
}

/// The facet's name in the interface's strings.
fn key(facet: Facet) -> &'static str {
    match facet {
        Facet::Issuer => "facet.issuer",
        Facet::Region => "facet.region",
        Facet::Level => "facet.level",
        Facet::Kind => "facet.kind",
        Facet::Year => "facet.year",
    }
}

/// A document's value for a facet, as (slug, name): its issuer, region, level, kind or year.
pub(super) fn value(facet: Facet, d: &Document) -> Option<(String, String)> {
    let named = |name: &str| (slugify(name), name.to_string());
    match facet {
        Facet::Issuer => Some(named(&d.issuer)),
        Facet::Region => d.region.as_deref().map(named),
        Facet::Level => d.level.map(|l| (l.slug().to_string(), l.name().to_string())),
        Facet::Kind => Some(named(&d.kind)),
        Facet::Year => d.year().map(|y| named(&y.to_string())),
    }
    // A value with no letters or digits ("—") has no address: not listed.
    .filter(|(slug, _)| !slug.is_empty())
}
