//! Text from a file (values, sheet names, paths) may hold control characters
//! or terminal escape sequences; they are shown escaped, never printed raw.

/// Escape control characters, terminal escapes and bidirectional overrides.
///
/// ```
/// use foiguard::report::escape::escape;
/// assert_eq!(escape("a\x1b[31mb\n"), "a\\u{1b}[31mb\\n");
/// assert_eq!(escape("Ó Néill"), "Ó Néill");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}
