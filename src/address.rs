//! Addresses: every path of the built site is spelled here and nowhere else.
//!
//! A site path is relative to the site's root, without a leading "/", and a page's
//! path ends in "/" ("van-ban/49-kl-tw-2019/"); [`crate::config::BaseUrl`] turns it
//! into a link under the portal's sub-path. A document's address is computed once, when
//! it is loaded, and carried on the document as a [`DocAddress`]; views and templates
//! ask for it. Renaming a segment (say "van-ban") is a change of one line below.

use crate::text::slugify;

/// All documents, and each document's own page under it.
const DOCUMENTS: &str = "van-ban";
/// Under a document's page: the documents carrying it out.
const IMPLEMENTERS: &str = "thuc-hien";
const BASED_ON_BY: &str = "can-cu-vao";
const MENTIONED_BY: &str = "nhac-den";
/// Under a listing: its further pages ("van-ban/trang/2/").
const PAGE: &str = "trang";
const INDICATORS: &str = "chi-tieu";
/// The documents in force (còn hiệu lực, or hết hiệu lực một phần).
const IN_FORCE: &str = "hieu-luc";
const SEARCH: &str = "tim-kiem";
const DATA: &str = "du-lieu";
const RULE: &str = "cach-danh-gia";
const STATIC: &str = "static";
const FEED: &str = "feed.xml";
const SITEMAP: &str = "sitemap.xml";
const ROBOTS: &str = "robots.txt";
const NOT_FOUND: &str = "404.html";

/// A way to browse documents: each value gets a listing under `/<segment>/<value>/`,
/// and the segment an index of the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// Cơ quan ban hành.
    Issuer,
    /// Địa phương.
    Region,
    /// Cấp ban hành.
    Level,
    /// Loại văn bản.
    Kind,
    /// Năm ban hành.
    Year,
}

impl Facet {
    pub const ALL: [Facet; 5] = [Facet::Issuer, Facet::Region, Facet::Level, Facet::Kind, Facet::Year];

    /// The first segment of the facet's pages.
    pub fn segment(self) -> &'static str {
        match self {
            Facet::Issuer => "co-quan",
            Facet::Region => "dia-phuong",
            Facet::Level => "cap",
            Facet::Kind => "loai",
            Facet::Year => "nam",
        }
    }

    /// The index of the facet's values: "co-quan/".
    pub fn index(self) -> String {
        format!("{}/", self.segment())
    }

    /// The listing of one value, from its name or slug: "co-quan/ubnd-tinh-cao-bang/".
    pub fn value(self, value: &str) -> String {
        format!("{}/{}/", self.segment(), slugify(value))
    }
}

/// All documents of one former unit within a place's page, when they are too many to
/// show there: "dia-phuong/cao-bang/huyen-hoa-an-tinh-cao-bang/".
pub fn place_part(place: &str, part: &str) -> String {
    format!("{}{}/", Facet::Region.value(place), slugify(part))
}

/// First segments the site uses itself; free pages cannot take them.
pub fn reserved_segments() -> impl Iterator<Item = &'static str> {
    [DOCUMENTS, IN_FORCE, INDICATORS, SEARCH, DATA, RULE, STATIC, PAGE, FEED, SITEMAP, ROBOTS, NOT_FOUND]
        .into_iter()
        .chain(Facet::ALL.iter().map(|f| f.segment()))
}

/// Whether a free page's slug would take an address the site uses itself.
pub fn is_reserved(segment: &str) -> bool {
    reserved_segments().any(|s| s == segment)
}

/// Where a document is published: computed once, from its number and year (or Party
/// term), else its file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DocAddress {
    slug: String,
    page: String,
}

impl DocAddress {
    /// A document's address. Numbers restart each year (State) or term (Party): the
    /// year, else the term, makes the address unique. `number` is the number as
    /// displayed, `number_has_year` whether it carries its own year ("30/2020/NĐ-CP").
    pub fn for_document(
        number: Option<&str>,
        number_has_year: bool,
        year: Option<i16>,
        term: Option<&str>,
        file_stem: &str,
    ) -> Self {
        let slug = match (number, year, term) {
            (Some(n), Some(y), _) if !number_has_year => format!("{}-{y}", slugify(n)),
            (Some(n), None, Some(t)) => format!("{}-khoa-{}", slugify(n), slugify(t)),
            (Some(n), _, _) => slugify(n),
            (None, _, _) => slugify(file_stem),
        };
        Self::from_slug(slug)
    }

    fn from_slug(slug: String) -> Self {
        let page = format!("{DOCUMENTS}/{slug}/");
        DocAddress { slug, page }
    }

    /// The URL segment that names the document: "49-kl-tw-2019". Empty when neither
    /// number nor file name has a letter or digit (the loader reports it).
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The document's page: "van-ban/49-kl-tw-2019/".
    pub fn page(&self) -> &str {
        &self.page
    }

    /// The listing of the documents carrying it out: "van-ban/49-kl-tw-2019/thuc-hien/".
    pub fn implementers(&self) -> String {
        format!("{}{IMPLEMENTERS}/", self.page)
    }

    /// The listing of the documents citing it as their legal basis, when its page cannot
    /// show them all: "van-ban/11-ct-tw-2007/can-cu-vao/".
    pub fn based_on_by(&self) -> String {
        format!("{}{BASED_ON_BY}/", self.page)
    }

    /// The listing of the documents naming it in their text, when its page cannot show
    /// them all: "van-ban/11-ct-tw-2007/nhac-den/".
    pub fn mentioned_by(&self) -> String {
        format!("{}{MENTIONED_BY}/", self.page)
    }

    /// Its open data file: "du-lieu/van-ban/49-kl-tw-2019.json".
    pub fn data(&self) -> String {
        document_data(&self.slug)
    }
}

/// A document's open data file, from its slug (or a placeholder for the data page).
pub fn document_data(slug: &str) -> String {
    format!("{DATA}/{DOCUMENTS}/{slug}.json")
}

/// The home page.
pub const HOME: &str = "";

/// Every document, newest first.
pub fn documents() -> String {
    format!("{DOCUMENTS}/")
}

/// The documents still in force, newest first: "hieu-luc/".
pub fn documents_in_force() -> String {
    format!("{IN_FORCE}/")
}

/// Page `page` (1-based) of a listing whose first page is `first`.
pub fn listing_page(first: &str, page: usize) -> String {
    if page <= 1 { first.to_string() } else { format!("{first}{PAGE}/{page}/") }
}

/// A free page from content/pages/: "gioi-thieu/".
pub fn free_page(slug: &str) -> String {
    format!("{slug}/")
}

/// The indicators: "chi-tieu/".
pub fn indicators() -> String {
    format!("{INDICATORS}/")
}

/// One indicator across every plan: "chi-tieu/gia-dinh-hoc-tap/".
pub fn indicator(key: &str) -> String {
    format!("{INDICATORS}/{}/", slugify(key))
}

/// One indicator's figures as CSV, beside its page: "chi-tieu/gia-dinh-hoc-tap/du-lieu.csv".
pub fn indicator_data(key: &str) -> String {
    format!("{}du-lieu.csv", indicator(key))
}

/// How progress is assessed: "cach-danh-gia/".
pub fn rule() -> String {
    format!("{RULE}/")
}

/// The search page: "tim-kiem/".
pub fn search() -> String {
    format!("{SEARCH}/")
}

/// The search index's manifest, naming the files below: "tim-kiem/chi-muc.json".
pub fn search_manifest() -> String {
    format!("{SEARCH}/chi-muc.json")
}

/// The folder of the search index's word shards: "tim-kiem/chi-muc/".
pub fn search_words_dir() -> String {
    format!("{SEARCH}/chi-muc/")
}

/// A word shard of the search index, named by its content's hash:
/// "tim-kiem/chi-muc/ab.0123456789.json".
pub fn search_words(shard: &str, hash: &str) -> String {
    format!("{}{shard}.{hash}.json", search_words_dir())
}

/// The folder of the search index's document records: "tim-kiem/tai-lieu/".
pub fn search_documents_dir() -> String {
    format!("{SEARCH}/tai-lieu/")
}

/// A file of the search index's document records: "tim-kiem/tai-lieu/3.0123456789.json".
pub fn search_documents(chunk: u32, hash: &str) -> String {
    format!("{}{chunk}.{hash}.json", search_documents_dir())
}

/// The folder of the search index's vocabulary, by words' endings: "tim-kiem/tu-vung/".
pub fn search_vocabulary_dir() -> String {
    format!("{SEARCH}/tu-vung/")
}

/// A file of the search index's vocabulary, the words ending in `suffix`:
/// "tim-kiem/tu-vung/ng.abc.json".
pub fn search_vocabulary(suffix: &str, hash: &str) -> String {
    format!("{}{suffix}.{hash}.json", search_vocabulary_dir())
}

/// A page of the hashes of the search index's record files, the `page`th:
/// "tim-kiem/tai-lieu/trang-0.0123456789.json".
pub fn search_record_page(page: usize, hash: &str) -> String {
    format!("{}trang-{page}.{hash}.json", search_documents_dir())
}

/// The open data page: "du-lieu/".
pub fn data() -> String {
    format!("{DATA}/")
}

/// A file of open data: "du-lieu/targets.csv".
pub fn data_file(name: &str) -> String {
    format!("{DATA}/{name}")
}

pub fn feed() -> &'static str {
    FEED
}

pub fn sitemap() -> &'static str {
    SITEMAP
}

/// Part `n` (from 1) of a sitemap too long for one file, listed by the sitemap index.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

pub fn robots() -> &'static str {
    ROBOTS
}

pub fn not_found() -> &'static str {
    NOT_FOUND
}

/// The name a stylesheet or script is published under, with a fingerprint of its
/// content ("style.css" → "style.5d41402a.css"), so that servers can let browsers keep
/// it for a year: a changed file is a new address. Other static files keep their name
/// (a portal's templates link its logo by name).
pub fn fingerprinted(path: &str, bytes: &[u8]) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    matches!(ext, "css" | "js").then(|| format!("{stem}.{:08x}.{ext}", crc32fast::hash(bytes)))
}

/// The file an HTML page's site path is written to: "van-ban/x/" → "van-ban/x/index.html".
pub fn file_of(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') { format!("{page}index.html") } else { page.to_string() }
}

/// The site path of a written file: "van-ban/x/index.html" → "van-ban/x/".
pub fn page_of(file: &str) -> &str {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_addresses() {
        let a = DocAddress::for_document(Some("49-KL/TW"), false, Some(2019), None, "x");
        assert_eq!(a.page(), "van-ban/49-kl-tw-2019/");
        assert_eq!(a.implementers(), "van-ban/49-kl-tw-2019/thuc-hien/");
        assert_eq!(a.data(), "du-lieu/van-ban/49-kl-tw-2019.json");
        let t = DocAddress::for_document(Some("1-CT/TW"), false, None, Some("XI"), "x");
        assert_eq!(t.slug(), "1-ct-tw-khoa-xi");
        let y = DocAddress::for_document(Some("30/2011/QĐ-TTg"), true, Some(2011), None, "x");
        assert_eq!(y.slug(), "30-2011-qd-ttg");
        let f = DocAddress::for_document(None, false, Some(2020), None, "Kế hoạch học tập");
        assert_eq!(f.slug(), "ke-hoach-hoc-tap");
    }

    #[test]
    fn listings_and_files() {
        assert_eq!(listing_page("van-ban/", 1), "van-ban/");
        assert_eq!(listing_page("van-ban/", 2), "van-ban/trang/2/");
        assert_eq!(file_of("van-ban/x/"), "van-ban/x/index.html");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(page_of("van-ban/x/index.html"), "van-ban/x/");
        assert_eq!(page_of("style.css"), "style.css");
        assert!(is_reserved("co-quan") && is_reserved("van-ban") && !is_reserved("gioi-thieu"));
    }
}
