//! Central bodies (cơ quan trung ương) that issue the documents local plans carry out:
//! the Party's leading bodies, the State's, the ministries (by their names since
//! 1 March 2025 and the names they had before) and the national associations.
//!
//! Sources:
//! - Party: Điều lệ Đảng Cộng sản Việt Nam (Ban Chấp hành Trung ương, Bộ Chính trị, Ban
//!   Bí thư); Quyết định 178-QĐ/TW, 179-QĐ/TW, 180-QĐ/TW ngày 24/01/2025 of the Bộ Chính
//!   trị (Ban Tuyên giáo và Dân vận Trung ương from the merger of Ban Tuyên giáo Trung
//!   ương and Ban Dân vận Trung ương; Ban Chính sách, chiến lược Trung ương).
//! - State: Hiến pháp 2013 (Quốc hội, Ủy ban Thường vụ Quốc hội, Chủ tịch nước, Chính
//!   phủ, Thủ tướng Chính phủ); Nghị quyết 176/2025/QH15 ngày 18/02/2025 of the Quốc hội
//!   on the structure of the Government (14 ministries, 3 ministerial-level bodies) and
//!   Nghị định 25/2025/NĐ-CP … 42/2025/NĐ-CP on each ministry's functions (the merged
//!   ministries below and the ministry each went to).
//! - Associations: Điều lệ Hội Khuyến học Việt Nam (Quyết định 1393/QĐ-BNV), Điều lệ Hội
//!   Nông dân Việt Nam, Điều lệ Hội Liên hiệp Phụ nữ Việt Nam, Điều lệ Đoàn TNCS Hồ Chí
//!   Minh, Luật Mặt trận Tổ quốc Việt Nam 2015.
//!
//! Abbreviations are those the documents themselves print ("Bộ GD&ĐT", "Bộ LĐ-TB&XH").

/// A central body: its name, the other ways documents write it, and, for a body
/// merged or renamed in 2025, the body that does its work today.
#[derive(Debug)]
pub struct CentralBody {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The name of the body that took over its work, when it no longer exists.
    pub now: Option<&'static str>,
}

const fn body(name: &'static str, aliases: &'static [&'static str]) -> CentralBody {
    CentralBody { name, aliases, now: None }
}

const fn former(name: &'static str, aliases: &'static [&'static str], now: &'static str) -> CentralBody {
    CentralBody { name, aliases, now: Some(now) }
}

pub const BODIES: &[CentralBody] = &[
    // The Party.
    body("Ban Chấp hành Trung ương", &["Ban Chấp hành Trung ương Đảng", "BCH TW", "BCHTW", "Trung ương Đảng"]),
    body("Bộ Chính trị", &["BCT"]),
    body("Ban Bí thư", &["Ban Bí thư Trung ương Đảng"]),
    former("Ban Tuyên giáo Trung ương", &["BTGTW", "Ban TGTW"], "Ban Tuyên giáo và Dân vận Trung ương"),
    former("Ban Dân vận Trung ương", &[], "Ban Tuyên giáo và Dân vận Trung ương"),
    body("Ban Tuyên giáo và Dân vận Trung ương", &[]),
    body("Ban Tổ chức Trung ương", &["BTCTW"]),
    body("Ủy ban Kiểm tra Trung ương", &["UBKTTW"]),
    body("Văn phòng Trung ương Đảng", &[]),
    body("Ban Chính sách, chiến lược Trung ương", &[]),
    former("Ban Kinh tế Trung ương", &[], "Ban Chính sách, chiến lược Trung ương"),
    // The State.
    body("Quốc hội", &[]),
    body("Ủy ban Thường vụ Quốc hội", &["UBTVQH"]),
    body("Chủ tịch nước", &["Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"]),
    body("Chính phủ", &[]),
    body("Thủ tướng Chính phủ", &["Thủ tướng", "TTg"]),
    body("Văn phòng Chính phủ", &["VPCP"]),
    body("Thanh tra Chính phủ", &[]),
    body("Ngân hàng Nhà nước Việt Nam", &["NHNN"]),
    // Ministries since 1 March 2025 (Nghị quyết 176/2025/QH15).
    body("Bộ Quốc phòng", &["BQP"]),
    body("Bộ Công an", &["BCA"]),
    body("Bộ Ngoại giao", &["BNG"]),
    body("Bộ Nội vụ", &["BNV"]),
    body("Bộ Tư pháp", &["BTP"]),
    body("Bộ Tài chính", &["BTC"]),
    body("Bộ Công Thương", &["Bộ CT"]),
    body("Bộ Nông nghiệp và Môi trường", &["Bộ NN&MT", "BNNMT"]),
    body("Bộ Xây dựng", &["BXD"]),
    body("Bộ Văn hóa, Thể thao và Du lịch", &["Bộ VHTTDL", "Bộ VH,TT&DL", "BVHTTDL"]),
    body("Bộ Khoa học và Công nghệ", &["Bộ KH&CN", "BKHCN"]),
    body("Bộ Giáo dục và Đào tạo", &["Bộ GD&ĐT", "Bộ GDĐT", "BGDĐT"]),
    body("Bộ Y tế", &["BYT"]),
    body("Bộ Dân tộc và Tôn giáo", &[]),
    // Ministries merged on 1 March 2025, by their former names.
    former("Bộ Kế hoạch và Đầu tư", &["Bộ KH&ĐT", "BKHĐT"], "Bộ Tài chính"),
    former("Bộ Lao động - Thương binh và Xã hội", &["Bộ LĐ-TB&XH", "Bộ LĐTBXH", "BLĐTBXH"], "Bộ Nội vụ"),
    former("Bộ Thông tin và Truyền thông", &["Bộ TT&TT", "BTTTT"], "Bộ Khoa học và Công nghệ"),
    former("Bộ Giao thông vận tải", &["Bộ GTVT", "BGTVT"], "Bộ Xây dựng"),
    former("Bộ Tài nguyên và Môi trường", &["Bộ TN&MT", "BTNMT"], "Bộ Nông nghiệp và Môi trường"),
    former("Bộ Nông nghiệp và Phát triển nông thôn", &["Bộ NN&PTNT", "BNNPTNT"], "Bộ Nông nghiệp và Môi trường"),
    former("Ủy ban Dân tộc", &["UBDT"], "Bộ Dân tộc và Tôn giáo"),
    // National associations and the Front.
    body("Hội Khuyến học Việt Nam", &["Trung ương Hội Khuyến học Việt Nam", "TW Hội Khuyến học Việt Nam"]),
    body("Trung ương Hội Nông dân Việt Nam", &["Hội Nông dân Việt Nam"]),
    body("Hội Liên hiệp Phụ nữ Việt Nam", &["Trung ương Hội Liên hiệp Phụ nữ Việt Nam"]),
    body("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", &["Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn"]),
    body("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", &["Mặt trận Tổ quốc Việt Nam", "UBTƯ MTTQ Việt Nam"]),
    body("Tổng Liên đoàn Lao động Việt Nam", &[]),
    body("Hội Cựu chiến binh Việt Nam", &[]),
    body("Hội Người cao tuổi Việt Nam", &[]),
    body("Hội Cựu giáo chức Việt Nam", &[]),
];
