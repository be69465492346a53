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

/// How a report names a path: as the file system spells it, with any bytes
/// that are not UTF-8 written as `\xNN`, so two names that differ only in
/// such bytes ("caf\xe9.csv" in Latin-1, "caf\xc3" cut short) stay two
/// different names a hook can act on, rather than both showing "caf\u{fffd}".
///
/// ```
/// use foiguard::report::escape::shown_path;
/// use std::path::Path;
/// assert_eq!(shown_path(Path::new("out/ranks.csv")), "out/ranks.csv");
/// #[cfg(unix)]
/// {
///     use std::os::unix::ffi::OsStrExt;
///     let latin1 = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.csv"));
///     assert_eq!(shown_path(latin1), "caf\\xe9.csv");
/// }
/// ```
pub fn shown_path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if std::str::from_utf8(bytes).is_ok() {
            return path.display().to_string();
        }
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}
