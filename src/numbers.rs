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

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }
}
