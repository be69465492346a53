//! What a link points at: one rule for every format, so a hyperlink to a
//! file on someone's computer or share reads the same in xlsx, xlsb, xls
//! and ods.

/// True for a link target that is a file on a computer or network share
/// (which can name a user, a server or a folder) rather than a web address:
/// `file:` URLs, drive letters, UNC paths, absolute or parent-relative paths,
/// anything under a `Users` folder, and a bare relative file name.
///
/// ```
/// use foiguard::source::link_target::is_local_path;
/// assert!(is_local_path("file:///C:/Users/jdoe/x.xlsx"));
/// assert!(is_local_path(r"\\hr-server\share\staff.xlsx"));
/// assert!(is_local_path(r"D:\data.xlsx"));
/// assert!(is_local_path("../Vetting/staff list.xlsx"));
/// assert!(is_local_path("staff list.xlsx"));
/// assert!(!is_local_path("https://example.org/"));
/// assert!(!is_local_path("mailto:foi@example.org"));
/// assert!(!is_local_path("www.example.org"));
/// ```
pub fn is_local_path(target: &str) -> bool {
    let t = target.trim();
    let lower = t.to_ascii_lowercase();
    let b = lower.as_bytes();
    if b.is_empty() || b[0] == b'#' {
        return false;
    }
    let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    if lower.starts_with("file:")
        || lower.starts_with('\\')
        || lower.starts_with('/')
        || lower.starts_with("..")
        || drive
        || lower.contains("/users/")
        || lower.contains("\\users\\")
    {
        return true;
    }
    // Anything else with a scheme (`https:`, `mailto:`, `tel:`) or a web
    // host is not a file; a bare name is one, relative to the workbook.
    let scheme = b.iter().position(|&c| c == b':').is_some_and(|i| {
        i >= 2
            && b[..i]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    });
    !scheme && !lower.starts_with("www.")
}

/// Decode `%XX` escapes (part names and link targets are URIs: a file
/// name's spaces are `%20`); invalid escapes stay, and so does the whole
/// text when the bytes are no UTF-8.
///
/// ```
/// use foiguard::source::link_target::percent_decode;
/// assert_eq!(percent_decode("Adaeze%20Nwosu%20-%20ET1.pdf"), "Adaeze Nwosu - ET1.pdf");
/// assert_eq!(percent_decode("100%"), "100%");
/// ```
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1).and_then(hex), b.get(i + 2).and_then(hex))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(c: &u8) -> Option<u8> {
    (*c as char).to_digit(16).map(|d| d as u8)
}
