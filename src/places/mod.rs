//! Places: the administrative units documents come from, then and now.
//!
//! From 1 July 2025 Vietnam has 34 provinces instead of 63, no district level and
//! merged communes (Nghị quyết 202/2025/QH15). A document names its issuer and region
//! as they were on its date ("UBND tỉnh Thái Bình", "UBND xã Thạnh Lợi, huyện Tháp
//! Mười"); this module resolves such a name against the official list
//! (data/admin-units/, compiled in and read once) to a [`Unit`] of that time, with its
//! code, and says which unit holds that territory today. Names are compared with their
//! diacritics and case folded; a name that matches nothing gets the closest known
//! names. It is the one owner of administrative units: the loader, the checks, the
//! pages and the open data ask it.

pub mod central;
mod table;

use std::sync::OnceLock;

use jiff::civil::Date;

pub use table::{CurrentProvince, Share, Table, split_type};

/// The day the two-level local government began (Nghị quyết 202/2025/QH15, Luật Tổ chức
/// chính quyền địa phương 2025).
pub const REFORM: Date = jiff::civil::date(2025, 7, 1);

/// The official list, parsed on first use.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::parse)
}

/// A name as compared: diacritics and case folded, punctuation as spaces ("Bộ GD&ĐT" →
/// "bo gd dt", "Bà Rịa - Vũng Tàu" → "ba ria vung tau").
pub fn key(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// An administrative unit or central body, as named on a document's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// The whole country ("Cả nước", "Toàn quốc").
    Nation,
    /// A central body, by index into [`central::BODIES`].
    Central(usize),
    /// A province as it was until 30 June 2025.
    Province(usize),
    /// A district (the level ended on 1 July 2025).
    District(usize),
    /// A commune as it was until 30 June 2025.
    Commune(usize),
    /// One of the 34 provinces from 1 July 2025.
    Current(usize),
    /// A commune from 1 July 2025.
    NewCommune(usize),
}

/// Which list a document's names are read against: the one in force on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    Before,
    After,
}

impl Era {
    /// Undated documents are read against the former list, which nearly all are from.
    pub fn of(date: Option<Date>) -> Era {
        match date {
            Some(d) if d >= REFORM => Era::After,
            _ => Era::Before,
        }
    }
}

/// What a name or code resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Nothing to resolve (no region given).
    Nothing,
    Unit(Unit),
    /// Several units carry the name; the code settles it.
    Ambiguous {
        written: String,
        units: Vec<Unit>,
    },
    /// No unit or central body carries the name: the closest ones, as the whole field
    /// would read with each ("UBND tỉnh Khánh Hòa").
    Unknown {
        written: String,
        suggestions: Vec<String>,
    },
    /// A code no unit of that time has.
    BadCode(String),
    /// A local body that does not say where ("Ban Thường vụ Huyện ủy"), with no region.
    NoPlace(String),
}

impl Resolution {
    pub fn unit(&self) -> Option<Unit> {
        match self {
            Resolution::Unit(u) => Some(*u),
            _ => None,
        }
    }
}

/// The kinds of unit a name introduced by a word ("tỉnh", "huyện" …) may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Province,
    /// "thành phố": a centrally-run city, else a city of a province.
    City,
    District,
    Commune,
    /// A bare name in a region ("Thái Bình"): a province first, then smaller units.
    Any,
}

/// The words that introduce a unit's name, folded, with the unit type they prefer
/// (as written in the list, "Huyện") and the tier. Longer first.
const INTRODUCERS: &[(&str, &str, Tier)] = &[
    ("tinh uy", "Tỉnh", Tier::Province),
    ("thanh uy", "Thành phố", Tier::City),
    ("huyen uy", "Huyện", Tier::District),
    ("quan uy", "Quận", Tier::District),
    ("thi uy", "Thị xã", Tier::District),
    ("thanh pho", "Thành phố", Tier::City),
    ("thi xa", "Thị xã", Tier::District),
    ("thi tran", "Thị trấn", Tier::Commune),
    ("dac khu", "Đặc khu", Tier::Commune),
    ("tinh", "Tỉnh", Tier::Province),
    ("tp", "Thành phố", Tier::City),
    ("huyen", "Huyện", Tier::District),
    ("quan", "Quận", Tier::District),
    ("xa", "Xã", Tier::Commune),
    ("phuong", "Phường", Tier::Commune),
];

/// A unit's name as written in a field: "huyện Tháp Mười" in "UBND xã Thạnh Lợi,
/// huyện Tháp Mười".
#[derive(Debug, Clone)]
struct Mention {
    tier: Tier,
    /// The unit type the introducing word names ("Huyện"); empty for a bare name.
    kind: &'static str,
    /// Byte range of the name in the field.
    span: std::ops::Range<usize>,
    /// Byte ranges of the name's words, to try shorter names ("Cao Bằng Ban Chỉ").
    words: Vec<std::ops::Range<usize>>,
}

/// Words of `s` with their byte ranges; "," ";" "(" ")" end a word and stand alone.
fn words(s: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let sep = c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':');
        if sep {
            if let Some(st) = start.take() {
                out.push((st..i, &s[st..i]));
            }
            if !c.is_whitespace() {
                out.push((i..i + c.len_utf8(), &s[i..i + c.len_utf8()]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st..s.len(), &s[st..]));
    }
    out
}

/// A word that can be part of a proper name: capitalised, a number ("Quận 1"), or the
/// hyphen of "Bà Rịa - Vũng Tàu".
fn name_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w == "-" || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The units a field names, each introduced by its word ("tỉnh", "huyện", "Tỉnh ủy").
fn mentions(s: &str) -> Vec<Mention> {
    let ws = words(s);
    let folded: Vec<String> = ws.iter().map(|(_, w)| key(w)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < ws.len() {
        for (intro, kind, tier) in INTRODUCERS {
            let n = intro.split(' ').count();
            if i + n > ws.len() || folded[i..i + n].join(" ") != *intro {
                continue;
            }
            let mut j = i + n;
            // "xã hội" is society, not a commune.
            if *tier == Tier::Commune && folded.get(j).is_some_and(|w| w == "hoi") {
                break;
            }
            let mut name = Vec::new();
            while j < ws.len() && name_word(ws[j].1) && !is_introducer(&folded, j) {
                name.push(ws[j].0.clone());
                j += 1;
            }
            while name.last().is_some_and(|r| &s[r.clone()] == "-") {
                name.pop();
            }
            if let (Some(first), Some(last)) = (name.first(), name.last()) {
                out.push(Mention { tier: *tier, kind, span: first.start..last.end, words: name.clone() });
                i = j;
                continue 'outer;
            }
            break;
        }
        i += 1;
    }
    out
}

/// Whether an introducing phrase of two words starts at word `j` ("THỊ XÃ" in "XÃ A
/// THỊ XÃ B"); single words ("Tĩnh" in "Hà Tĩnh", "Quan" in "Quan Hóa") are too often
/// part of a name.
fn is_introducer(folded: &[String], j: usize) -> bool {
    INTRODUCERS.iter().any(|(intro, _, _)| {
        let parts: Vec<&str> = intro.split(' ').collect();
        parts.len() > 1 && folded.get(j..j + parts.len()).is_some_and(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
    })
}

/// The mentions of a region: each comma-separated part, introduced by its word or bare.
fn region_mentions(s: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in s.split([',', ';']) {
        let found = mentions(part);
        if found.is_empty() {
            let lead = part.len() - part.trim_start().len();
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let start = offset + lead;
                let words = words(trimmed).into_iter().map(|(r, _)| start + r.start..start + r.end).collect();
                out.push(Mention { tier: Tier::Any, kind: "", span: start..start + trimmed.len(), words });
            }
        } else {
            out.extend(found.into_iter().map(|m| Mention {
                span: offset + m.span.start..offset + m.span.end,
                words: m.words.iter().map(|r| offset + r.start..offset + r.end).collect(),
                ..m
            }));
        }
        offset += part.len() + 1;
    }
    out
}

const NATION: &[&str] = &["ca nuoc", "toan quoc", "viet nam", "trung uong", "nuoc cong hoa xa hoi chu nghia viet nam"];

/// Words of an issuer that name a body of a place given by the region ("Ban Thường vụ
/// Tỉnh ủy", "UBND" with region "Cao Bằng").
const LOCAL_BODIES: &[&str] = &[
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "dang uy",
    "ubnd",
    "uy ban nhan dan",
    "hdnd",
    "hoi dong nhan dan",
    "ban chi dao",
    "so",
    "phong",
    "hoi khuyen hoc",
    "hoi nong dan",
    "hoi lien hiep phu nu",
    "hoi cuu chien binh",
    "hoi cuu giao chuc",
    "doan thanh nien",
    "mat tran to quoc",
    "trung tam",
];

fn contains_words(haystack: &str, needle: &str) -> bool {
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

impl Table {
    /// The central body an issuer names, the longest name found ("Thủ tướng Chính
    /// phủ" rather than "Chính phủ").
    pub fn central_body(&self, issuer: &str) -> Option<usize> {
        let k = format!(" {} ", key(issuer));
        self.central_keys
            .iter()
            .filter(|(_, n)| k.contains(&format!(" {n} ")))
            .max_by_key(|(_, n)| n.len())
            .map(|(i, _)| *i)
    }

    fn depth(u: Unit) -> u8 {
        match u {
            Unit::Nation | Unit::Central(_) => 0,
            Unit::Province(_) | Unit::Current(_) => 1,
            Unit::District(_) => 2,
            Unit::Commune(_) | Unit::NewCommune(_) => 3,
        }
    }

    /// The units containing `u`, itself included.
    fn ancestors(&self, u: Unit) -> Vec<Unit> {
        let mut out = vec![u];
        match u {
            Unit::Commune(c) => {
                let d = self.communes[c].district;
                out.extend([Unit::District(d), Unit::Province(self.districts[d].province)]);
            }
            Unit::District(d) => out.push(Unit::Province(self.districts[d].province)),
            Unit::NewCommune(n) => out.push(Unit::Current(self.new_communes[n].province)),
            _ => {}
        }
        out
    }

    /// Units of the tier named `name` in `era`, those of the introduced type first.
    fn named(&self, tier: Tier, kind: &str, name: &str, era: Era) -> Vec<Unit> {
        let k = key(name);
        let prefer = |units: Vec<(Unit, &str)>| -> Vec<Unit> {
            let exact: Vec<Unit> = units.iter().filter(|(_, n)| split_type(n).0 == kind).map(|(u, _)| *u).collect();
            if exact.is_empty() { units.into_iter().map(|(u, _)| u).collect() } else { exact }
        };
        let get = |m: &std::collections::HashMap<String, Vec<usize>>| m.get(&k).cloned().unwrap_or_default();
        let provinces = || -> Vec<(Unit, &str)> {
            match era {
                Era::Before => get(&self.province_by_name)
                    .into_iter()
                    .map(|i| (Unit::Province(i), self.provinces[i].name.as_str()))
                    .collect(),
                Era::After => get(&self.current_by_name)
                    .into_iter()
                    .map(|i| (Unit::Current(i), self.current[i].name.as_str()))
                    .collect(),
            }
        };
        let districts = || -> Vec<(Unit, &str)> {
            get(&self.district_by_name)
                .into_iter()
                .map(|i| (Unit::District(i), self.districts[i].name.as_str()))
                .collect()
        };
        let communes = || -> Vec<(Unit, &str)> {
            match era {
                Era::Before => get(&self.commune_by_name)
                    .into_iter()
                    .map(|i| (Unit::Commune(i), self.communes[i].name.as_str()))
                    .collect(),
                Era::After => get(&self.new_commune_by_name)
                    .into_iter()
                    .map(|i| (Unit::NewCommune(i), self.new_communes[i].name.as_str()))
                    .collect(),
            }
        };
        let pick = |found: Vec<(Unit, &str)>| if found.is_empty() { None } else { Some(prefer(found)) };
        match tier {
            Tier::Province => pick(provinces()),
            Tier::City => pick(provinces().into_iter().filter(|(_, n)| n.starts_with("Thành phố")).collect())
                .or_else(|| pick(districts())),
            Tier::District => pick(districts()),
            Tier::Commune => pick(communes()),
            Tier::Any => pick(provinces()).or_else(|| pick(districts())).or_else(|| pick(communes())),
        }
        .unwrap_or_default()
    }

    /// Whether `u`'s own name, without its type, is `written` letter for letter (case
    /// aside): "Phú Yên" is tỉnh Phú Yên's, not huyện Phù Yên's.
    fn spelled(&self, u: Unit, written: &str) -> bool {
        let own = self.own_name(u);
        let (_, name) = table::split_type(&own);
        name.to_lowercase() == written.trim().to_lowercase()
    }

    /// The units a mention may be, trying shorter names when the whole run of
    /// capitalised words names nothing ("Cao Bằng Ban Chỉ" → "Cao Bằng"). The mention's
    /// span is narrowed to the name found.
    fn candidates(&self, field: &str, m: &mut Mention, era: Era) -> Vec<Unit> {
        for n in (1..=m.words.len()).rev() {
            let span = m.words[0].start..m.words[n - 1].end;
            let written = &field[span.clone()];
            let mut found = self.named(m.tier, m.kind, written, era);
            if era == Era::After && !found.iter().any(|&u| self.spelled(u, written)) {
                // A former unit named in a document dated after the reform: "Phú Yên" is
                // the former province, not today's district Phù Yên, which names alike
                // once folded.
                let before = self.named(m.tier, m.kind, written, Era::Before);
                if found.is_empty() || before.iter().any(|&u| self.spelled(u, written)) {
                    found = before;
                }
            }
            if !found.is_empty() {
                m.span = span;
                return found;
            }
        }
        Vec::new()
    }

    /// Resolves a field's mentions: the most specific one, narrowed by the others and
    /// by `context` (the units the other field names).
    fn resolve_mentions(&self, field: &str, mut ms: Vec<Mention>, context: &[Vec<Unit>], era: Era) -> Resolution {
        let mut lists = Vec::new();
        for m in ms.iter_mut() {
            let found = self.candidates(field, m, era);
            if found.is_empty() {
                return Resolution::Unknown {
                    written: field[m.span.clone()].to_string(),
                    suggestions: self.closest(field, m, era),
                };
            }
            lists.push(found);
        }
        let Some(best) = (0..lists.len()).max_by_key(|&i| (Self::depth(lists[i][0]), std::cmp::Reverse(i))) else {
            return Resolution::Nothing;
        };
        let depth = Self::depth(lists[best][0]);
        let others: Vec<&Vec<Unit>> = lists
            .iter()
            .enumerate()
            .filter(|(i, l)| *i != best && Self::depth(l[0]) < depth)
            .map(|(_, l)| l)
            .chain(context.iter().filter(|l| !l.is_empty() && Self::depth(l[0]) < depth))
            .collect();
        let fits = |u: &Unit| {
            let up = self.ancestors(*u);
            others.iter().all(|o| o.iter().any(|x| up.contains(x) || self.same_place(*x, &up)))
        };
        let mut units: Vec<Unit> = lists[best].iter().copied().filter(fits).collect();
        if units.is_empty() {
            units = lists[best].clone();
        }
        units.sort();
        units.dedup();
        if units.len() == 1 {
            Resolution::Unit(units[0])
        } else {
            Resolution::Ambiguous { written: field[ms[best].span.clone()].to_string(), units }
        }
    }

    /// Whether `x` (a province of one list) is the province of `up` in the other list.
    fn same_place(&self, x: Unit, up: &[Unit]) -> bool {
        up.iter().any(|u| match (x, *u) {
            (Unit::Current(c), Unit::Province(p)) => self.provinces[p].now == c,
            _ => false,
        })
    }

    /// The closest known names to an unknown mention, as the field would read with
    /// each: edit distance on folded names, at most three.
    fn closest(&self, field: &str, m: &Mention, era: Era) -> Vec<String> {
        let written = key(&field[m.span.clone()]);
        let names: Vec<&str> = match (m.tier, era) {
            (Tier::Province, Era::Before) => self.provinces.iter().map(|p| p.short.as_str()).collect(),
            (Tier::Province, Era::After) => self.current.iter().map(|p| p.short.as_str()).collect(),
            (Tier::City, _) => self
                .provinces
                .iter()
                .filter(|p| p.name.starts_with("Thành phố"))
                .map(|p| p.short.as_str())
                .chain(self.districts.iter().filter(|d| d.name.starts_with("Thành phố")).map(|d| split_type(&d.name).1))
                .collect(),
            (Tier::District, _) => self.districts.iter().map(|d| split_type(&d.name).1).collect(),
            (Tier::Commune, Era::Before) => self.communes.iter().map(|c| split_type(&c.name).1).collect(),
            (Tier::Commune, Era::After) => self.new_communes.iter().map(|c| split_type(&c.name).1).collect(),
            (Tier::Any, _) => self
                .provinces
                .iter()
                .map(|p| p.short.as_str())
                .chain(self.districts.iter().map(|d| split_type(&d.name).1))
                .collect(),
        };
        let mut scored: Vec<(usize, &str)> = names
            .into_iter()
            .map(|n| {
                let k = key(n);
                let d = strsim::levenshtein(&written, &k);
                // A name cut short ("Khánh H") is as close as a typo.
                let d = if !written.is_empty() && k.starts_with(&written) { d.min(1) } else { d };
                (d, n)
            })
            .filter(|(d, n)| *d <= (key(n).len() / 3).max(1))
            .collect();
        scored.sort();
        // Only the closest: a name one letter off is not offered beside one three off.
        let best = scored.first().map_or(0, |(d, _)| *d);
        let mut out: Vec<String> = Vec::new();
        for (_, n) in scored.into_iter().take_while(|(d, _)| *d == best) {
            let s = format!("{}{}{}", &field[..m.span.start], n, &field[m.span.end..]);
            if !out.contains(&s) {
                out.push(s);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    /// The closest central bodies to an issuer that names none and no place.
    fn closest_central(&self, issuer: &str) -> Vec<String> {
        let k = key(issuer);
        let mut scored: Vec<(usize, &str)> = central::BODIES
            .iter()
            .map(|b| (strsim::levenshtein(&k, &key(b.name)), b.name))
            .filter(|(d, n)| *d <= key(n).len() / 4)
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, n)| n.to_string()).collect()
    }

    /// A unit by its official code, in the list of `era`: two digits for a province,
    /// five for a commune.
    pub fn by_code(&self, code: &str, era: Era) -> Option<Unit> {
        let code = code.trim();
        match (code.len(), era) {
            (2, Era::Before) => self.provinces.iter().position(|p| p.code == code).map(Unit::Province),
            (2, Era::After) => self.current.iter().position(|p| p.code == code).map(Unit::Current),
            (5, Era::Before) => self.communes.iter().position(|c| c.code == code).map(Unit::Commune),
            (5, Era::After) => self.new_communes.iter().position(|c| c.code == code).map(Unit::NewCommune),
            _ => None,
        }
    }

    /// Resolves a region ("Thái Bình", "huyện Hậu Lộc, Thanh Hóa", "Cả nova") with the
    /// issuer's units as context.
    pub fn resolve_region(&self, region: &str, issuer: &str, era: Era) -> Resolution {
        if region.trim().is_empty() {
            return Resolution::Nothing;
        }
        if NATION.contains(&key(region).as_str()) {
            return Resolution::Unit(Unit::Nation);
        }
        let context = self.context(&mentions(issuer), issuer, era);
        self.resolve_mentions(region, region_mentions(region), &context, era)
    }

    /// Resolves an issuer ("UBND tỉnh Thái Bình", "Tỉnh ủy Cao Bằng", "Bộ GD&ĐT") with
    /// the region's units as context; a local body that names no place ("Ban Thường
    /// vụ Tỉnh ủy") takes the region's unit.
    pub fn resolve_issuer(&self, issuer: &str, region: &str, era: Era) -> Resolution {
        let ms = mentions(issuer);
        let region_resolution =
            || if region.trim().is_empty() { Resolution::Nothing } else { self.resolve_region(region, "", era) };
        if ms.is_empty() {
            if let Some(i) = self.central_body(issuer) {
                return Resolution::Unit(Unit::Central(i));
            }
            let k = key(issuer);
            let local = !issuer.chars().any(|c| c.is_ascii_digit())
                && LOCAL_BODIES.iter().any(|b| k == *b || k.starts_with(&format!("{b} ")) || contains_words(&k, b));
            if local {
                return match region_resolution() {
                    Resolution::Unit(u) => Resolution::Unit(u),
                    Resolution::Nothing => Resolution::NoPlace(issuer.to_string()),
                    // The region's own problem is reported on the region.
                    _ => Resolution::Nothing,
                };
            }
            return Resolution::Unknown { written: issuer.to_string(), suggestions: self.closest_central(issuer) };
        }
        let context = self.context(&region_mentions(region), region, era);
        self.resolve_mentions(issuer, ms, &context, era)
    }

    fn context(&self, ms: &[Mention], field: &str, era: Era) -> Vec<Vec<Unit>> {
        ms.iter()
            .map(|m| {
                let mut m = m.clone();
                self.candidates(field, &mut m, era)
            })
            .collect()
    }
}

/// Where a document is from: its issuer's and its region's units as on its date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placed {
    pub issuer: Option<Unit>,
    pub region: Option<Unit>,
}

impl Placed {
    /// The unit a document belongs to for browsing by place: its region's, else its
    /// issuer's (a central body belongs to no province).
    pub fn unit(&self) -> Option<Unit> {
        self.region.or(self.issuer)
    }
}

/// A document's issuer and region resolved, with a code from front matter settling
/// either; each [`Resolution`] that is not a unit is for the checks to report.
pub fn resolve(
    issuer: &str,
    region: Option<&str>,
    date: Option<Date>,
    issuer_code: Option<&str>,
    region_code: Option<&str>,
) -> (Placed, Resolution, Resolution) {
    let t = table();
    let era = Era::of(date);
    let region = region.unwrap_or("");
    let by_code = |code: &str| t.by_code(code, era).map_or(Resolution::BadCode(code.to_string()), Resolution::Unit);
    let region_r = match region_code {
        Some(c) => by_code(c),
        None => t.resolve_region(region, issuer, era),
    };
    let issuer_r = match issuer_code {
        Some(c) => by_code(c),
        None => t.resolve_issuer(issuer, region, era),
    };
    (Placed { issuer: issuer_r.unit(), region: region_r.unit() }, issuer_r, region_r)
}

#[cfg(test)]
mod tests;

/// "Tỉnh Thái Bình" → "tỉnh Thái Bình": a unit's name inside a sentence.
fn inline(name: &str) -> String {
    let (kind, rest) = split_type(name);
    if kind.is_empty() { name.to_string() } else { format!("{} {rest}", kind.to_lowercase()) }
}

/// Names in a list: "xã A, xã B và xã C".
fn joined(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

impl Table {
    /// A unit's name inside a sentence, with the units above it: "tỉnh Thái Bình",
    /// "huyện Hòa An, tỉnh Cao Bằng", "Bộ Chính trị", "cả nước".
    pub fn name(&self, u: Unit) -> String {
        match u {
            Unit::Nation => "cả nước".to_string(),
            Unit::Central(i) => central::BODIES[i].name.to_string(),
            Unit::Province(p) => inline(&self.provinces[p].name),
            Unit::Current(c) => inline(&self.current[c].name),
            Unit::District(d) => {
                format!(
                    "{}, {}",
                    inline(&self.districts[d].name),
                    self.name(Unit::Province(self.districts[d].province))
                )
            }
            Unit::Commune(c) => {
                format!("{}, {}", inline(&self.communes[c].name), self.name(Unit::District(self.communes[c].district)))
            }
            Unit::NewCommune(n) => format!(
                "{}, {}",
                inline(&self.new_communes[n].name),
                self.name(Unit::Current(self.new_communes[n].province))
            ),
        }
    }

    /// The unit's own name without the units above it, as a heading: "Tỉnh Thái Bình".
    pub fn own_name(&self, u: Unit) -> String {
        match u {
            Unit::Nation => "Cả nước".to_string(),
            Unit::Central(i) => central::BODIES[i].name.to_string(),
            Unit::Province(p) => self.provinces[p].name.clone(),
            Unit::Current(c) => self.current[c].name.clone(),
            Unit::District(d) => self.districts[d].name.clone(),
            Unit::Commune(c) => self.communes[c].name.clone(),
            Unit::NewCommune(n) => self.new_communes[n].name.clone(),
        }
    }

    /// The official code of a province or commune (the data gives none for districts).
    pub fn code(&self, u: Unit) -> Option<&str> {
        match u {
            Unit::Province(p) => Some(&self.provinces[p].code),
            Unit::Current(c) => Some(&self.current[c].code),
            Unit::Commune(c) => Some(&self.communes[c].code),
            Unit::NewCommune(n) => Some(&self.new_communes[n].code),
            _ => None,
        }
    }

    /// The former province a unit was in (for a unit of the former list).
    pub fn former_province(&self, u: Unit) -> Option<usize> {
        match u {
            Unit::Province(p) => Some(p),
            Unit::District(d) => Some(self.districts[d].province),
            Unit::Commune(c) => Some(self.districts[self.communes[c].district].province),
            _ => None,
        }
    }

    /// The current province holding a unit's territory today.
    pub fn current_province(&self, u: Unit) -> Option<usize> {
        match u {
            Unit::Current(c) => Some(c),
            Unit::NewCommune(n) => Some(self.new_communes[n].province),
            _ => self.former_province(u).map(|p| self.provinces[p].now),
        }
    }

    /// The current communes holding a former district's or commune's territory, the
    /// one holding most of it first.
    pub fn current_communes(&self, u: Unit) -> Vec<usize> {
        let communes: Vec<usize> = match u {
            Unit::District(d) => self.districts[d].communes.clone(),
            Unit::Commune(c) => vec![c],
            Unit::NewCommune(n) => return vec![n],
            _ => return Vec::new(),
        };
        let mut out: Vec<usize> = Vec::new();
        for c in communes {
            let mut parts = self.communes[c].now.clone();
            parts.sort_by_key(|(_, s)| *s != Share::MostOf && *s != Share::Whole);
            for (n, _) in parts {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The unit holding the territory today: a current province, or a current commune.
    pub fn now(&self, u: Unit) -> Option<Unit> {
        match u {
            Unit::Nation | Unit::Current(_) | Unit::NewCommune(_) => Some(u),
            Unit::Central(_) => Some(u),
            Unit::Province(_) | Unit::District(_) => self.current_province(u).map(Unit::Current),
            Unit::Commune(_) => self.current_communes(u).first().map(|&n| Unit::NewCommune(n)),
        }
    }

    /// What became of a unit on 1 July 2025 (or of a central body in 2025), to show in
    /// brackets after its name: "nay thuộc tỉnh Hưng Yên"; `None` when it goes on
    /// unchanged.
    pub fn now_note(&self, u: Unit) -> Option<String> {
        match u {
            Unit::Central(i) => central::BODIES[i].now.map(|n| format!("nay hợp nhất vào {n}")),
            Unit::Province(p) => {
                let cur = &self.current[self.provinces[p].now];
                if cur.short != self.provinces[p].short {
                    Some(format!("nay thuộc {}", inline(&cur.name)))
                } else if cur.former.len() > 1 {
                    let others: Vec<String> =
                        cur.former.iter().filter(|&&f| f != p).map(|&f| inline(&self.provinces[f].name)).collect();
                    Some(format!("từ 1/7/2025 hợp nhất với {} thành {}", joined(&others), inline(&cur.name)))
                } else {
                    None
                }
            }
            Unit::District(_) => {
                let province = self.current_province(u).map(|c| inline(&self.current[c].name)).unwrap_or_default();
                let communes: Vec<String> =
                    self.current_communes(u).iter().map(|&n| inline(&self.new_communes[n].name)).collect();
                if communes.is_empty() {
                    Some("cấp huyện không còn từ 1/7/2025".to_string())
                } else {
                    Some(format!(
                        "cấp huyện không còn từ 1/7/2025; địa bàn nay thuộc {} của {province}",
                        joined(&communes)
                    ))
                }
            }
            Unit::Commune(c) => {
                let parts = &self.communes[c].now;
                let province = self.current_province(u).map(|c| inline(&self.current[c].name)).unwrap_or_default();
                match parts.as_slice() {
                    [(n, Share::Whole)]
                        if self.new_communes[*n].name == self.communes[c].name
                            && self.new_communes[*n].code == self.communes[c].code =>
                    {
                        None
                    }
                    [(n, _)] => Some(format!("nay thuộc {}, {province}", inline(&self.new_communes[*n].name))),
                    _ => {
                        let names: Vec<String> =
                            self.current_communes(u).iter().map(|&n| inline(&self.new_communes[n].name)).collect();
                        Some(format!("từ 1/7/2025 chia về {}, {province}", joined(&names)))
                    }
                }
            }
            Unit::Nation | Unit::Current(_) | Unit::NewCommune(_) => None,
        }
    }
}
