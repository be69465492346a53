//! A person's name inside a file name: photo indexes, ID-card systems and
//! HR folders name a file after its subject ("Jenkins_Sarah_825733.jpg",
//! "sarah-jenkins.png", "C:\Users\hr\ID photos\Rees_Owen.jpg"). The words
//! are joined by `_`, `-` or `.`, so the free-text name forms never see
//! two words; here the stem before a known extension is split on those
//! joiners and two neighbouring parts must read as forename and surname,
//! in either order, with the same checks as a name in prose (a listed
//! forename, a possible surname, not two everyday words, not a street).
//!
//! A staff number beside the name ("_825733") makes the file name point
//! at one person as surely as a payroll column does.
//!
//! ```
//! use foiguard::detect::content::names_in_file_names;
//! let found = names_in_file_names(r"ID photos\Jenkins_Sarah_825733.jpg");
//! assert_eq!(found.len(), 1);
//! assert!(found[0].staff_number);
//! assert!(names_in_file_names("Annual_Report_2024.pdf").is_empty());
//! ```

use crate::detect::content::lexicon::{is_capitalised, lexicon};

/// Extensions of the files people are named in.
const EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "heic", "webp", "pdf", "doc", "docx", "xls",
    "xlsx", "xlsm", "csv", "txt", "rtf", "odt", "ods", "msg", "eml", "ppt", "pptx", "mp4", "mov",
    "wav", "mp3", "zip",
];

/// A name found in a file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileNameName {
    /// Byte range of the two name parts in the text.
    pub start: usize,
    pub end: usize,
    /// A staff number (five to seven digits) is a part of the same stem.
    pub staff_number: bool,
}

/// Every name in the file names of `text` (see the module comment).
pub fn names_in_file_names(text: &str) -> Vec<FileNameName> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    for dot in memchr::memchr_iter(b'.', b) {
        if !known_extension(b, dot + 1) {
            continue;
        }
        let start = b[..dot]
            .iter()
            .rposition(|&c| {
                matches!(c, b'\\' | b'/' | b':' | b'"' | b'\'' | b'(' | b'[')
                    || c.is_ascii_whitespace()
            })
            .map_or(0, |i| i + 1);
        let stem = &text[start..dot];
        if !stem.bytes().any(|c| matches!(c, b'_' | b'-' | b'.')) {
            continue;
        }
        if let Some(hit) = name_in_joined_words(stem, start) {
            found.push(hit);
        }
    }
    found
}

/// Whether a known extension starts at `at`, followed by the end of the
/// text or a byte that is no letter or digit.
fn known_extension(b: &[u8], at: usize) -> bool {
    let mut z = at;
    while z < b.len() && b[z].is_ascii_alphanumeric() {
        z += 1;
    }
    (1..=4).contains(&(z - at))
        && EXTENSIONS
            .iter()
            .any(|e| e.as_bytes().eq_ignore_ascii_case(&b[at..z]))
}

/// The name in words joined by `_`, `-`, `.` or spaces: a file's stem
/// ("Jenkins_Sarah_825733") or a defined name ("Kowalski_Tomasz");
/// `offset` is its place in the text.
pub(super) fn name_in_joined_words(stem: &str, offset: usize) -> Option<FileNameName> {
    let lex = lexicon();
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for part in stem.split(['_', '-', '.', ' ']) {
        parts.push((at, part));
        at += part.len() + 1;
    }
    let staff_number = parts.iter().any(|(_, p)| {
        (5..=7).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()) && !p.starts_with('0')
    });
    let wordish = |w: &str| {
        w.len() >= 2
            && w.chars().all(char::is_alphabetic)
            && (is_capitalised(w) || w.chars().all(char::is_uppercase))
            && !lex.is_stop(w)
    };
    for pair in parts.windows(2) {
        let ((a_at, a), (_, b)) = (pair[0], pair[1]);
        if !wordish(a) || !wordish(b) || lex.is_street(a) || lex.is_street(b) {
            continue;
        }
        let caps = !a.chars().any(char::is_lowercase);
        let person = |first: &str, sur: &str| {
            lex.is_forename(first)
                && lex.could_be_surname(sur)
                && (sur.len() > 2 || lex.is_surname(sur))
                && !(lex.is_common(first) && lex.is_common(sur))
                && (!caps || lex.is_surname(sur))
        };
        if person(a, b) || person(b, a) {
            return Some(FileNameName {
                start: offset + a_at,
                end: offset + a_at + a.len() + 1 + b.len(),
                staff_number,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<(&str, bool)> {
        names_in_file_names(t)
            .into_iter()
            .map(|n| (&t[n.start..n.end], n.staff_number))
            .collect()
    }

    #[test]
    fn photo_index_names() {
        assert_eq!(names("Jenkins_Sarah_825733.jpg"), [("Jenkins_Sarah", true)]);
        assert_eq!(names("Sarah-Jenkins.PNG"), [("Sarah-Jenkins", false)]);
        assert_eq!(
            names(r"C:\Users\hr_admin\Pictures\ID photos\Okafor_Chidi_825750.jpg"),
            [("Okafor_Chidi", true)]
        );
        assert_eq!(
            names("see REES_OWEN_825741.jpeg and more"),
            [("REES_OWEN", true)]
        );
        // Invented surnames are found beside a listed forename.
        assert_eq!(names("Quarrendon_Jane.pdf"), [("Quarrendon_Jane", false)]);
    }

    #[test]
    fn file_names_without_people() {
        for t in [
            "Annual_Report_2024.pdf",
            "Mark_Scheme.pdf",
            "Grace_Road_plan.pdf",
            "budget-2024-25.xlsx",
            "IMG_20240315_101500.jpg",
            "Sarah Jenkins.jpg",
            "Jenkins_Sarah.jpgx",
            "Policing_Plan_Summary.docx",
            "Mark_Up.xlsx",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }
}
