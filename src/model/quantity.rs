//! Quantities: the one rule for shares ("%") and the one way numbers are written on
//! the site, the Vietnamese way ("80.000", "75,9%").

/// Whether a unit is a share, whose values lie between 0 and 100.
pub fn is_share(unit: &str) -> bool {
    unit.trim() == "%"
}

/// A number the Vietnamese way: "." between thousands, "," before decimals:
/// 80000 → "80.000", 75.9 → "75,9".
pub fn format_value(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let int = rounded.trunc().abs() as u64;
    let frac = ((rounded.abs() - int as f64) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        0 => format!("{sign}{grouped}"),
        f if f % 10 == 0 => format!("{sign}{grouped},{}", f / 10),
        f => format!("{sign}{grouped},{f:02}"),
    }
}

/// A number with its unit: "75,9%", "80.000 đồng/người".
pub fn with_unit(value: f64, unit: &str) -> String {
    if is_share(unit) { format!("{}%", format_value(value)) } else { format!("{} {unit}", format_value(value)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(format_value(80000.0), "80.000");
        assert_eq!(format_value(75.9), "75,9");
        assert_eq!(format_value(70.0), "70");
        assert_eq!(format_value(1234567.25), "1.234.567,25");
        assert_eq!(format_value(0.05), "0,05");
        assert_eq!(with_unit(75.9, "%"), "75,9%");
        assert_eq!(with_unit(80000.0, "đồng/người"), "80.000 đồng/người");
        assert!(is_share(" % ") && !is_share("người"));
    }
}
