//! The official list of administrative units before and after 1 July 2025, read once
//! from data/admin-units/ (compiled in): the 63 former provinces and the 34 current
//! ones, every former district and commune, and the commune each became part of.

use std::collections::HashMap;

use super::key;

const PROVINCES: &str = include_str!("../../data/admin-units/provinces-2025.tsv");
const WARDS: &str = include_str!("../../data/admin-units/wards-2025.tsv");

/// A province or centrally-run city as it was until 30 June 2025.
#[derive(Debug)]
pub struct Province {
    /// Official code: "34".
    pub code: String,
    /// "Tỉnh Thái Bình".
    pub name: String,
    /// "Thái Bình".
    pub short: String,
    /// The current province holding its territory, by index into [`Table::current`].
    pub now: usize,
}

/// One of the 34 provinces from 1 July 2025.
#[derive(Debug)]
pub struct CurrentProvince {
    pub code: String,
    pub name: String,
    pub short: String,
    /// A representative point, for the map.
    pub lat: f64,
    pub lon: f64,
    /// The former provinces merged into it, by index into [`Table::provinces`].
    pub former: Vec<usize>,
}

/// A former district (huyện, quận, thị xã, thành phố thuộc tỉnh); the level ended on
/// 1 July 2025. The data gives no district codes.
#[derive(Debug)]
pub struct District {
    /// Index into [`Table::provinces`].
    pub province: usize,
    /// "Huyện Hòa An".
    pub name: String,
    pub communes: Vec<usize>,
}

/// How much of a former commune went to a current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    Whole,
    /// Split; this part holds most of it.
    MostOf,
    /// Split; this part holds some of it.
    PartOf,
}

/// A former commune, ward or township.
#[derive(Debug)]
pub struct Commune {
    pub district: usize,
    pub name: String,
    pub code: String,
    /// The current communes holding its territory, by index into [`Table::new_communes`].
    pub now: Vec<(usize, Share)>,
}

/// A commune or ward from 1 July 2025.
#[derive(Debug)]
pub struct NewCommune {
    /// Index into [`Table::current`].
    pub province: usize,
    pub name: String,
    pub code: String,
}

/// The official list, with indexes by folded name and by code.
#[derive(Debug, Default)]
pub struct Table {
    pub provinces: Vec<Province>,
    pub current: Vec<CurrentProvince>,
    pub districts: Vec<District>,
    pub communes: Vec<Commune>,
    pub new_communes: Vec<NewCommune>,
    /// Folded short name ("thai binh") → indexes, for each kind of unit.
    pub province_by_name: HashMap<String, Vec<usize>>,
    pub current_by_name: HashMap<String, Vec<usize>>,
    pub district_by_name: HashMap<String, Vec<usize>>,
    pub commune_by_name: HashMap<String, Vec<usize>>,
    pub new_commune_by_name: HashMap<String, Vec<usize>>,
    /// Every central body's name and alias, folded, with the body's index.
    pub central_keys: Vec<(usize, String)>,
}

/// The word naming a unit's type and the rest: "Huyện Hòa An" → ("Huyện", "Hòa An").
pub fn split_type(name: &str) -> (&str, &str) {
    for t in ["Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Đặc khu"]
    {
        if let Some(rest) = name.strip_prefix(t) {
            if let Some(rest) = rest.strip_prefix(' ') {
                return (t, rest);
            }
        }
    }
    ("", name)
}

impl Table {
    pub(super) fn parse() -> Table {
        let mut t = Table::default();
        let mut current_by_code: HashMap<String, usize> = HashMap::new();
        for line in PROVINCES.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 {
                continue;
            }
            let now = *current_by_code.entry(f[3].to_string()).or_insert_with(|| {
                t.current.push(CurrentProvince {
                    code: f[3].to_string(),
                    name: f[4].to_string(),
                    short: f[5].to_string(),
                    lat: f[6].parse().unwrap_or(0.0),
                    lon: f[7].parse().unwrap_or(0.0),
                    former: Vec::new(),
                });
                t.current.len() - 1
            });
            t.current[now].former.push(t.provinces.len());
            t.provinces.push(Province { code: f[0].to_string(), name: f[1].to_string(), short: f[2].to_string(), now });
        }
        let province_by_full: HashMap<String, usize> =
            t.provinces.iter().enumerate().map(|(i, p)| (p.name.clone(), i)).collect();
        let current_by_full: HashMap<String, usize> =
            t.current.iter().enumerate().map(|(i, p)| (p.name.clone(), i)).collect();
        let mut district_of: HashMap<(usize, String), usize> = HashMap::new();
        let mut commune_of: HashMap<String, usize> = HashMap::new();
        let mut new_commune_of: HashMap<String, usize> = HashMap::new();
        for line in WARDS.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 {
                continue;
            }
            let (Some(&p), Some(&np)) = (province_by_full.get(f[0]), current_by_full.get(f[4])) else {
                continue;
            };
            let d = *district_of.entry((p, f[1].to_string())).or_insert_with(|| {
                t.districts.push(District { province: p, name: f[1].to_string(), communes: Vec::new() });
                t.districts.len() - 1
            });
            let c = *commune_of.entry(f[3].to_string()).or_insert_with(|| {
                t.communes.push(Commune {
                    district: d,
                    name: f[2].to_string(),
                    code: f[3].to_string(),
                    now: Vec::new(),
                });
                t.districts[d].communes.push(t.communes.len() - 1);
                t.communes.len() - 1
            });
            let n = *new_commune_of.entry(f[6].to_string()).or_insert_with(|| {
                t.new_communes.push(NewCommune { province: np, name: f[5].to_string(), code: f[6].to_string() });
                t.new_communes.len() - 1
            });
            let share = match f[7] {
                "whole" => Share::Whole,
                "part-default" => Share::MostOf,
                _ => Share::PartOf,
            };
            if !t.communes[c].now.iter().any(|(x, _)| *x == n) {
                t.communes[c].now.push((n, share));
            }
        }
        for (i, p) in t.provinces.iter().enumerate() {
            t.province_by_name.entry(key(&p.short)).or_default().push(i);
        }
        for (i, p) in t.current.iter().enumerate() {
            t.current_by_name.entry(key(&p.short)).or_default().push(i);
        }
        for (i, d) in t.districts.iter().enumerate() {
            t.district_by_name.entry(key(split_type(&d.name).1)).or_default().push(i);
        }
        for (i, c) in t.communes.iter().enumerate() {
            t.commune_by_name.entry(key(split_type(&c.name).1)).or_default().push(i);
        }
        for (i, c) in t.new_communes.iter().enumerate() {
            t.new_commune_by_name.entry(key(split_type(&c.name).1)).or_default().push(i);
        }
        t.central_keys = super::central::BODIES
            .iter()
            .enumerate()
            .flat_map(|(i, b)| std::iter::once(b.name).chain(b.aliases.iter().copied()).map(move |n| (i, key(n))))
            .filter(|(_, k)| !k.is_empty())
            .collect();
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_list_is_read_whole() {
        let t = Table::parse();
        assert_eq!(t.provinces.len(), 63);
        assert_eq!(t.current.len(), 34);
        assert_eq!(t.districts.len(), 691);
        assert!(t.communes.len() > 10_000, "{}", t.communes.len());
        assert_eq!(t.new_communes.len(), 3316);
        let thai_binh = &t.provinces[t.province_by_name["thai binh"][0]];
        assert_eq!((thai_binh.code.as_str(), t.current[thai_binh.now].short.as_str()), ("34", "Hưng Yên"));
        assert_eq!(split_type("Thành phố Tam Kỳ"), ("Thành phố", "Tam Kỳ"));
    }
}
