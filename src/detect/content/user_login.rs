//! `user_login`: a computer login in a file path: the user folder of
//! `C:\Users\jsmith\...`, `/Users/jsmith/`, `/home/jsmith/` or a home
//! share (`\\server\home$\jsmith`). A login points at a member of staff
//! (review). When the roster (`--roster`) lists the person a login spells
//! ("dquarrendon", "david.quarrendon"), in a path or alone in an author
//! field, the hit is a roster match and blocks.
//!
//! The folder a workbook was saved in (`absPath`) is reported on its own as
//! a document property; there only the roster is looked up.

use regex::Regex;

use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct UserLogin {
    path: Regex,
    onedrive: Regex,
}

const ID: &str = "user_login";

/// Folders that hold one user's files, by the name of the folder above.
const KEYWORDS: &[&str] = &["users", "home", "homes", "settings", "profiles", "personal"];

/// Folder names under `Users` that are no one's login.
const NOT_LOGINS: &[&str] = &[
    "public",
    "default",
    "default user",
    "all users",
    "administrator",
    "admin",
    "user",
    "username",
    "user name",
    "yourname",
    "your name",
    "name",
    "guest",
    "owner",
    "shared",
    "root",
    "runner",
    "runneradmin",
    "ubuntu",
    "vagrant",
    "docker",
    "jenkins",
    "build",
    "builder",
    "appveyor",
    "travis",
    "circleci",
    "me",
    "you",
    "xxx",
];

impl UserLogin {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(UserLogin {
            // The user folder: after a drive and `Users` or `Documents and
            // Settings`, after `/Users/` or `/home/`, or after a share's
            // `home$`, `homes` or `profiles` folder; followed by another
            // folder (a bare "/home/about" is a web page, not a login).
            path: re(
                r#"(?i)(?:\b[a-z]:[\\/](?:users|documents and settings)|[\\/](?:users|home|home\$|homes|profiles\$?))[\\/]([^\\/:*?"<>|\r\n\t]{2,40}?)[\\/]"#,
            )?,
            // A OneDrive: the site is named after its owner's sign-in
            // address ("jane_doe_force_police_uk" for jane.doe@force.police.uk).
            onedrive: re(
                r"(?i)-my\.sharepoint\.(?:com|us|de|cn)/personal/([a-z0-9][a-z0-9_.\-]{2,80})",
            )?,
        })
    }
}

/// Whether a folder name can be someone's login.
fn login_like(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    !lower.is_empty()
        && lower.chars().any(char::is_alphabetic)
        && !lower.contains(['%', '$', '<', '>', '{', '}', '~'])
        && !lower.contains("  ")
        && !NOT_LOGINS.contains(&lower.as_str())
}

/// Whether the path at `start` is part of a web address ("https://x/users/jo/");
/// a `file:` address is a local path ("file:///C:/Users/jo/...").
fn in_url(b: &[u8], start: usize) -> bool {
    let token_start = b[..start]
        .iter()
        .rposition(|c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'(' | b'<'))
        .map_or(0, |p| p + 1);
    let token = &b[token_start..start];
    if token
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"file:"))
    {
        return false;
    }
    token.windows(3).any(|w| w == b"://")
        || b[token_start..start]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
}

impl Detector for UserLogin {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A computer login in a file path (C:\\Users\\jsmith\\..., /home/jsmith/): it points \
             at a member of staff; a login the roster's names spell is a roster match.",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        KEYWORDS.iter().map(|s| s.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            person_field: true,
            ..Gate::default()
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let saved_folder = s.field == Some("absPath");
        // An author field holding a login ("PSNI\dquarrendon").
        if s.person_field && !s.text.trim().contains(' ') {
            if let Some(r) = s.roster
                && r.is_login(s.text)
            {
                let (a, z) = trimmed_span(s.text);
                out.push(Hit::new(
                    "roster_match",
                    a,
                    z,
                    &[Evidence::Roster, Evidence::PersonField],
                    true,
                ));
            }
            return;
        }
        if !s.has_kw(KEYWORDS) {
            return;
        }
        let login =
            |m: regex::Match<'_>| Hit::new(ID, m.start(), m.end(), &[Evidence::Pattern], false);
        if !saved_folder {
            out.extend(
                self.onedrive
                    .captures_iter(s.text)
                    .filter_map(|c| c.get(1).map(login)),
            );
        }
        for c in self.path.captures_iter(s.text) {
            let (Some(all), Some(m)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !login_like(m.as_str()) || in_url(s.bytes(), all.start()) {
                continue;
            }
            if let Some(r) = s.roster
                && r.is_login(m.as_str())
            {
                out.push(Hit::new(
                    "roster_match",
                    m.start(),
                    m.end(),
                    &[Evidence::Roster, Evidence::Pattern],
                    true,
                ));
            } else if !saved_folder {
                out.push(login(m));
            }
        }
    }
}

/// The span of a text without its surrounding white space.
fn trimmed_span(t: &str) -> (usize, usize) {
    let a = t.len() - t.trim_start().len();
    (a, a + t.trim().len())
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::{default_scanner, found_count};
    use crate::detect::content::{DetectorsConfig, Hit, TextContext};
    use crate::detect::roster::Roster;

    #[test]
    fn a_user_folder_is_a_login() {
        for (t, login) in [
            (
                r"C:\Users\dquarrendon\Desktop\complaints_2023.xlsx",
                "dquarrendon",
            ),
            (r"Saved to c:\users\j.bloggs\Documents\FOI\", "j.bloggs"),
            ("file:///C:/Users/jdarnley/Documents/staff.xlsx", "jdarnley"),
            ("/Users/jason/Projects/returns/", "jason"),
            ("/home/nhendry/exports/log.csv", "nhendry"),
            (r"\\fs01\home$\hendryn\FOI\", "hendryn"),
            (
                r"C:\Documents and Settings\kmurphy\My Documents\",
                "kmurphy",
            ),
            (
                "https://psni-my.sharepoint.com/personal/fatima_al-zahrani_psni_police_uk/Documents/x.docx",
                "fatima_al-zahrani_psni_police_uk",
            ),
        ] {
            let found = crate::detect::content::test_support::found_texts("user_login", t, None);
            assert_eq!(found, vec![login.to_string()], "{t}");
        }
    }

    #[test]
    fn generic_folders_and_web_pages_are_not() {
        for t in [
            r"C:\Users\Public\Documents\rates.xlsx",
            r"C:\Users\%USERNAME%\AppData\",
            r"C:\Users\Default\",
            "https://example.org/users/jsmith/profile",
            "www.example.org/home/about/",
            "/home/about",
            "Number of users at home: 12",
        ] {
            assert_eq!(found_count("user_login", t, None), 0, "{t}");
        }
    }

    fn roster_hits(t: &str, field: &'static str) -> Vec<Hit> {
        let roster = Roster::from_csv_reader(&b"forename,surname\nDavid,Quarrendon\n"[..]).unwrap();
        let scanner = default_scanner()
            .with_roster(&DetectorsConfig::default(), Some(&roster))
            .unwrap();
        let mut v = Vec::new();
        scanner.scan(t, &TextContext::field(field), &mut v);
        v
    }

    #[test]
    fn a_login_the_roster_spells_is_a_roster_match() {
        let kinds = |t: &str, field| {
            roster_hits(t, field)
                .iter()
                .map(|h| h.kind)
                .collect::<Vec<_>>()
        };
        let k = kinds(r"C:\Users\dquarrendon\Desktop\x.xlsx", "target");
        assert_eq!(k, ["roster_match"]);
        let k = kinds(r"C:\Users\kmurphy\Desktop\x.xlsx", "target");
        assert_eq!(k, ["user_login"]);
        // The folder a workbook was saved in is a document property already:
        // only the roster is looked up there.
        assert_eq!(
            kinds(r"C:\Users\david.quarrendon\Docs\", "absPath"),
            ["roster_match"]
        );
        assert!(kinds(r"C:\Users\kmurphy\Docs\", "absPath").is_empty());
        // An author field holding a login.
        assert!(kinds(r"PSNI\dquarrendon", "author").contains(&"roster_match"));
        assert!(!kinds("jquarrendon", "author").contains(&"roster_match"));
    }
}
