//! Numbers as an FOI officer reads them in a message.

/// A count with a comma between each group of three digits, for messages
/// ("holds 1,407 cells"). Not for years, row or column numbers, line
/// numbers or cell references, which are written plainly.
///
/// ```
/// use foiguard::numbers::thousands;
/// assert_eq!(thousands(999), "999");
/// assert_eq!(thousands(7137), "7,137");
/// assert_eq!(thousands(1_234_567), "1,234,567");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with its noun, singular or plural ("1 cell", "1,407 cells"), so
/// messages never say "cell(s)".
///
/// ```
/// use foiguard::numbers::count;
/// assert_eq!(count(1, "row", "rows"), "1 row");
/// assert_eq!(count(2500, "box", "boxes"), "2,500 boxes");
/// ```
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{count, thousands};

    #[test]
    fn nouns_agree_with_counts() {
        assert_eq!(count(0, "cell", "cells"), "0 cells");
        assert_eq!(count(1, "cell", "cells"), "1 cell");
        assert_eq!(count(1000, "value", "values"), "1,000 values");
    }

    #[test]
    fn groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }
}
