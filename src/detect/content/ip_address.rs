//! `ip_address`: an IPv4 or IPv6 address. Weak on its own (section numbers
//! and versions look alike; a private address says little); strong with an
//! IP header or keyword.

use std::net::Ipv6Addr;
use std::str::FromStr;

use regex::Regex;

use super::context::{H, pattern_evidence};
use super::{Detector, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct IpAddress {
    v4: Regex,
    v6: Regex,
}

const ID: &str = "ip_address";

const KEYWORDS: &[&str] = &[
    "ip",
    "ipv4",
    "ipv6",
    "host",
    "address",
    "logged",
    "login",
    "server",
    "connection",
];

impl IpAddress {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(IpAddress {
            v4: re(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b")?,
            v6: re(r"(?i)(?:^|[^0-9a-f:])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?:$|[^0-9a-f:])")?,
        })
    }
}

impl Detector for IpAddress {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "An IPv4 or IPv6 address; strong with an IP header or keyword, weak alone.",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        KEYWORDS.iter().map(|s| s.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::DOTS3 | feat::COLONS2,
            header: H::IP,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let b = s.bytes();
        let header = s.header.has(H::IP);
        if s.feat & feat::DOTS3 != 0 {
            for c in self.v4.captures_iter(s.text) {
                let Some(m) = c.get(0) else { continue };
                let octets: Vec<u32> = (1..=4)
                    .filter_map(|i| c.get(i).and_then(|g| g.as_str().parse().ok()))
                    .collect();
                if octets.len() != 4 || octets.iter().any(|&o| o > 255) {
                    continue;
                }
                // Leading zeros ("01.02.03.04") are dates or codes, not addresses.
                if (1..=4).any(|i| {
                    c.get(i)
                        .is_some_and(|g| g.as_str().len() > 1 && g.as_str().starts_with('0'))
                }) {
                    continue;
                }
                // Part of a longer dotted sequence, or a version ("v1.2.3.4").
                if b.get(m.end()) == Some(&b'.')
                    && b.get(m.end() + 1).is_some_and(u8::is_ascii_digit)
                {
                    continue;
                }
                if m.start() > 0
                    && matches!(b.get(m.start() - 1), Some(b'.') | Some(b'v') | Some(b'V'))
                {
                    continue;
                }
                let kw = s.kw_near(m.start(), m.end(), 30, KEYWORDS);
                // Section numbers ("1.2.3.4") look like addresses: need context.
                if octets.iter().all(|&o| o < 32) && !(kw || header) {
                    continue;
                }
                self.push(out, m.start(), m.end(), header, kw);
            }
        }
        if s.feat & feat::COLONS2 != 0 {
            for c in self.v6.captures_iter(s.text) {
                let Some(m) = c.get(1) else { continue };
                let t = m.as_str();
                if t.matches(':').count() < 3 || t.bytes().filter(u8::is_ascii_hexdigit).count() < 4
                {
                    continue;
                }
                if Ipv6Addr::from_str(t).is_err() {
                    continue;
                }
                let kw = s.kw_near(m.start(), m.end(), 30, KEYWORDS);
                self.push(out, m.start(), m.end(), header, kw);
            }
        }
    }
}

impl IpAddress {
    fn push(&self, out: &mut Vec<Hit>, start: usize, end: usize, header: bool, kw: bool) {
        out.push(Hit {
            kind: ID,
            start,
            end,
            evidence: pattern_evidence(header, kw),
            strong: header || kw,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str) -> Vec<(String, bool)> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::default(), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "ip_address")
            .map(|h| (t[h.start..h.end].to_string(), h.strong))
            .collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(
            found("from 203.0.113.45"),
            vec![("203.0.113.45".into(), false)]
        );
        assert_eq!(
            found("IP address 198.51.100.7"),
            vec![("198.51.100.7".into(), true)]
        );
        assert_eq!(
            found("host 2001:db8::ff00:42:8329 seen"),
            vec![("2001:db8::ff00:42:8329".into(), true)]
        );
    }

    #[test]
    fn lookalikes() {
        for t in [
            "Section 1.2.3.4",
            "v10.2.33.4",
            "256.1.1.1",
            "12.03.2023",
            "14:30:00",
            "1.2.3.4.5",
            "Mon 12:30:45 to 13:00:00",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
