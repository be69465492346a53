//! `email_address`: an e-mail address. Strong when it is on one of the
//! organisation's own domains (`org_email_domains`), spells out a name
//! (`jane.quarrendon@...`) or is a free personal mailbox (`@gmail.com`);
//! other addresses, and a team's (`psd.enquiries@`), are weak. A mailbox
//! that is only a role (`foi@`, `foi.requests@`, `dpo@`: the address a
//! requester writes to for a review) is no one's personal data and not
//! reported. Allow-list any other public mailbox in the policy.

use regex::Regex;

use super::context::H;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct EmailAddress {
    rx: Regex,
    /// An address written to dodge harvesters: "jane.quarrendon[at]psni.police.uk",
    /// "j.smith (at) council (dot) gov (dot) uk".
    spelled_out: Regex,
}

const ID: &str = "email_address";

const ROLE_MAILBOXES: &[&str] = &[
    // Welsh: freedom (of) information, enquiries, information, office,
    // complaints, services, post.
    "rhyddid",
    "gwybodaeth",
    "ymholiadau",
    "swyddfa",
    "cwynion",
    "gwasanaethau",
    "post",
    "foi",
    "info",
    "enquiries",
    "enquiry",
    "contact",
    "contactus",
    "admin",
    "press",
    "media",
    "noreply",
    "no-reply",
    "donotreply",
    "webmaster",
    "support",
    "help",
    "helpdesk",
    "office",
    "reception",
    "customerservice",
    "customerservices",
    "complaints",
    "dataprotection",
    "dpo",
    "recruitment",
    "hr",
    "jobs",
    "careers",
    "postmaster",
    "abuse",
    "sales",
    "accounts",
    "finance",
    "communications",
    "comms",
    "digital",
    "it",
    "servicedesk",
    "feedback",
    "mail",
    "team",
    "general",
    "foi.requests",
    "foirequests",
    "freedomofinformation",
    "disclosure",
    "information",
    "records",
    "privacy",
    "security",
    "procurement",
    "switchboard",
];

/// Domains of free personal mailboxes: an address there is a private
/// person's (a team would use the organisation's domain).
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "aol.co.uk",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "blueyonder.co.uk",
    "talktalk.net",
    "tiscali.co.uk",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.co.uk",
    "mail.com",
];

impl EmailAddress {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(EmailAddress {
            rx: re(
                r"(?i)\b[a-z0-9][a-z0-9._%+'\-]{0,63}@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b",
            )?,
            spelled_out: re(
                r"(?i)\b([a-z0-9][a-z0-9._%+'\-]{0,63})\s?[\[(\{]\s?at\s?[\])\}]\s?((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.|\s?[\[(\{]\s?dot\s?[\])\}]\s?))+[a-z]{2,24})\b",
            )?,
        })
    }

    /// Whether an address with this local part (as written) and domain
    /// (lower case) is strong evidence of a person.
    fn strong(s: &Scan<'_>, written: &str, domain: &str) -> bool {
        let local = written.to_ascii_lowercase();
        let org = s
            .shared
            .org_domains
            .iter()
            .any(|d| domain == d || domain.ends_with(&format!(".{d}")));
        // "foi@", and a team's "psd.enquiries@" or "foi-team@".
        let role = ROLE_MAILBOXES.contains(&local.as_str())
            || local
                .split(['.', '_', '-'])
                .any(|p| ROLE_MAILBOXES.contains(&p));
        let named = name_like_local(written);
        let free = FREE_MAIL.contains(&domain);
        !role && (org || named || free)
    }

    /// Whether the local part names only a role: every part a role word
    /// or a team's acronym ("foi", "foi.requests", "psd-foi").
    fn role_only(written: &str) -> bool {
        let local = written.to_ascii_lowercase();
        let acronym = |p: &str| {
            (3..=5).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_lowercase()) && no_vowel(p)
        };
        ROLE_MAILBOXES.contains(&local.as_str())
            || local
                .split(['.', '_', '-'])
                .all(|p| ROLE_MAILBOXES.contains(&p) || acronym(p))
    }

    fn push(s: &Scan<'_>, start: usize, end: usize, strong: bool, out: &mut Vec<Hit>) {
        let mut ev = vec![Evidence::Pattern];
        if s.header.has(H::EMAIL) {
            ev.push(Evidence::Header);
        }
        out.push(Hit {
            kind: ID,
            start,
            end,
            evidence: ev,
            strong,
        });
    }
}

/// Whether `t` may hold a spelled-out "at" ("[at]", "(at)", "{at}").
fn may_spell_out(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memmem::find_iter(b, b"t")
        .chain(memchr::memmem::find_iter(b, b"T"))
        .any(|i| {
            i >= 2
                && matches!(b[i - 1], b'a' | b'A')
                && b.get(i + 1..)
                    .map(|r| r.trim_ascii_start())
                    .is_some_and(|r| matches!(r.first(), Some(b']' | b')' | b'}')))
        })
}

/// Whether a word has no vowel (`y` counted as one), as a team's
/// abbreviation ("npt", "psd") has none.
fn no_vowel(p: &str) -> bool {
    !p.bytes().any(|c| {
        matches!(
            c.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        )
    })
}

/// Whether the local part (as written) spells a name: "jane.quarrendon",
/// "J_Quarrendon"; not a team's "England.NHSdata" (capitals inside a word
/// are an acronym, not a name).
fn name_like_local(local: &str) -> bool {
    let parts: Vec<&str> = local
        .split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    let acronym_inside = |p: &str| {
        p.chars().skip(1).any(|c| c.is_ascii_uppercase())
            && p.chars().any(|c| c.is_ascii_lowercase())
    };
    // A team's "northbelfast.npt" or "custody.suite": a part of three
    // letters or more with no vowel is an abbreviation, and a person's
    // address has a part that is a name or no everyday word.
    let lex = super::lexicon::lexicon();
    let abbreviation = |p: &str| p.len() >= 3 && no_vowel(p);
    let namey = |p: &str| lex.is_forename(p) || lex.is_surname(p) || !lex.is_common(p);
    parts.len() >= 2
        && parts.len() <= 3
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.iter().any(|p| p.len() >= 3)
        && !parts.iter().any(|p| acronym_inside(p) || abbreviation(p))
        && parts.iter().filter(|p| p.len() >= 3).all(|p| namey(p))
}

impl Detector for EmailAddress {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "An e-mail address; strong on the organisation's own domains, on a free personal \
             mailbox or when it spells a name, weak for role mailboxes and other addresses.",
            true,
            "s40(2)",
        )
    }

    fn gate(&self) -> Gate {
        Gate {
            // A spelled-out address has a full stop in its domain.
            feat: feat::AT | feat::DOT_LOWER,
            header: 0,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if s.feat & feat::AT != 0 {
            for m in self.rx.find_iter(s.text) {
                let Some((written, domain)) = m.as_str().rsplit_once('@') else {
                    continue;
                };
                if Self::role_only(written) {
                    continue;
                }
                let strong = Self::strong(s, written, &domain.to_ascii_lowercase());
                Self::push(s, m.start(), m.end(), strong, out);
            }
        }
        if !may_spell_out(s.text) {
            return;
        }
        for c in self.spelled_out.captures_iter(s.text) {
            let (Some(m), Some(local), Some(domain)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            // "council (dot) gov (dot) uk" -> "council.gov.uk".
            let domain: String = domain
                .as_str()
                .to_ascii_lowercase()
                .split(['.', '[', ']', '(', ')', '{', '}'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && *p != "dot")
                .collect::<Vec<_>>()
                .join(".");
            if Self::role_only(local.as_str()) {
                continue;
            }
            let strong = Self::strong(s, local.as_str(), &domain);
            Self::push(s, m.start(), m.end(), strong, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str, org: &[&str]) -> Vec<(String, bool)> {
        let cfg = DetectorsConfig {
            org_email_domains: org.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let s = ContentScanner::new(&cfg, None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::default(), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "email_address")
            .map(|h| (t[h.start..h.end].to_string(), h.strong))
            .collect()
    }

    #[test]
    fn strength() {
        assert_eq!(
            found("mail jq4521@police.example.uk now", &["police.example.uk"]),
            vec![("jq4521@police.example.uk".into(), true)]
        );
        assert!(found("jq4521@mail.police.example.uk", &["police.example.uk"])[0].1);
        // A free mailbox is a private person's.
        assert!(found("jq4521@gmail.com", &["police.example.uk"])[0].1);
        assert!(!found("jq4521@supplier.example.com", &["police.example.uk"])[0].1);
        // A team's mailbox with an acronym in it.
        assert!(!found("England.NHSdata@NHS.net", &[])[0].1);
        assert!(found("Jane.Quarrendon@nhs.net", &[])[0].1);
        assert!(found("jane.quarrendon@gmail.com", &[])[0].1);
        // A mailbox that is only a role is no one's: not reported.
        for t in [
            "foi@police.example.uk",
            "foi-team@council.example.gov.uk",
            "FOI.Requests@police.example.uk",
            "psd-foi@police.example.uk",
            "dpo@council.example.gov.uk",
            "psd.enquiries@police.example.uk",
        ] {
            assert!(found(t, &["police.example.uk"]).is_empty(), "{t}");
        }
        // A role word beside a name or other word is still reported (weak).
        assert!(!found("hr.quarrendon@police.example.uk", &["police.example.uk"])[0].1);
        assert!(!found("info.js@supplier.example.com", &[])[0].1);
    }

    #[test]
    fn spelled_out_addresses() {
        assert_eq!(
            found("jane.quarrendon[at]psni.police.uk", &[]),
            vec![("jane.quarrendon[at]psni.police.uk".into(), true)]
        );
        assert_eq!(
            found(
                "Write to j.brackley (at) council (dot) gov (dot) uk today",
                &[]
            )
            .len(),
            1
        );
        assert!(found("tomas.brackley(AT)gmail.com", &[])[0].1);
        // A role mailbox spelled out is still no one's.
        assert!(found("foi[at]police.example.uk", &["example.org"]).is_empty());
        // "Meet at (the) station." is no address.
        assert!(found("Meet at (the) station. Then go.", &[]).is_empty());
        assert!(found("Seen at [redacted] address.", &[]).is_empty());
    }

    #[test]
    fn team_mailboxes_spell_no_name() {
        for t in [
            "northbelfast.npt@psni.police.uk",
            "custody.suite@police.example.uk",
            "road.safety@council.example.gov.uk",
        ] {
            assert!(!found(t, &[])[0].1, "{t}");
        }
        // Invented surnames still spell a person.
        assert!(found("mobrine.henswick@nhs.net", &[])[0].1);
        assert!(found("j_quarrendon@nhs.net", &[])[0].1);
    }

    #[test]
    fn not_emails() {
        assert!(found("@username on social media", &[]).is_empty());
        assert!(found("cost @ £5 each", &[]).is_empty());
        assert!(found("a@b", &[]).is_empty());
    }
}
