//! The keyword table of every detector, looked up word by word, the
//! keyword classes ([`kwc`]: ranks, titles) and the per-text keyword hits.

use crate::detect::normalize::FxMap;

use super::Kw;
use super::words::ascii_letter_runs;

/// Keyword classes, so detectors test "is this a rank?" with one lookup.
pub(crate) mod kwc {
    use crate::detect::content::lexicon::{
        NUMBERED_RANKS_CY_GD, RANK_ABBREVIATIONS, RANK_WORDS, TITLES,
    };
    pub const RANK_ABBR: u8 = 1;
    pub const RANK_WORD: u8 = 2;
    pub const TITLE: u8 = 4;
    pub const JOINER: u8 = 8;
    /// Words that join a rank phrase ("Police Constable", "Acting Sergeant").
    /// Welsh: "Prif" (chief, "Brif" after "Dirprwy"), "Dirprwy" (deputy).
    pub const JOINERS: &[&str] = &[
        "police",
        "acting",
        "temporary",
        "special",
        "ch",
        "chief",
        "prif",
        "brif",
        "dirprwy",
    ];

    /// The class of a lower-case keyword.
    pub fn of(k: &str) -> u8 {
        let mut c = 0;
        let same = |x: &&str| x.trim_end_matches('.').eq_ignore_ascii_case(k);
        if RANK_ABBREVIATIONS.iter().any(same) {
            c |= RANK_ABBR;
        }
        if RANK_WORDS.contains(&k) || NUMBERED_RANKS_CY_GD.contains(&k) {
            c |= RANK_WORD;
        }
        if TITLES.iter().any(same) {
            c |= TITLE;
        }
        if JOINERS.contains(&k) {
            c |= JOINER;
        }
        c
    }
}

/// Keywords of every detector, looked up word by word: a keyword is a
/// sequence of letter runs ("sort code", "d.o.b", "A/Sgt"); one written with
/// capitals ("PC", "Sgt", "eSC") matches only as written, one in lower case
/// matches in any case. Words are runs of letters, so "PC4521" holds "PC".
#[derive(Default)]
pub(super) struct KwTable {
    by_first: FxMap<Box<[u8]>, Vec<KwSeq>>,
    /// Per first two letters (see [`kw_slot`]): bit n set when a keyword's
    /// first word starting with them has n letters (n < 64). Rejects almost
    /// every word of ordinary prose without hashing it.
    lens: Vec<u64>,
    /// Per first two letters: bit n set when a keyword's first word
    /// starting with them ends with letter n ("a" = 0). A second cheap
    /// rejection ("day" against "dac").
    lasts: Vec<u32>,
}

/// The [`KwTable::lens`] slot of a word by its first two letters, any case
/// (a one-letter word has its own slot per letter).
#[inline]
fn kw_slot(word: &[u8]) -> Option<usize> {
    let a = word.first()?.to_ascii_lowercase().checked_sub(b'a')? as usize;
    let b = match word.get(1) {
        Some(c) => c.to_ascii_lowercase().checked_sub(b'a')? as usize,
        None => 26,
    };
    (a < 26 && b <= 26).then_some(a * 27 + b)
}

struct KwSeq {
    id: u32,
    /// Lower-case words after the first.
    rest: Vec<Box<[u8]>>,
    /// The keyword as written, when it must match exactly.
    exact: Option<Box<[u8]>>,
}

/// The letter runs of a keyword, lower-cased.
fn kw_words(k: &str) -> Vec<Vec<u8>> {
    k.as_bytes()
        .split(|c| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

impl KwTable {
    pub(super) fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    pub(super) fn add(&mut self, keyword: &str, id: u32) {
        let k = keyword.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let words = kw_words(k);
        let Some(first) = words.first() else {
            return;
        };
        if self.lens.is_empty() {
            self.lens = vec![0; 26 * 27];
            self.lasts = vec![0; 26 * 27];
        }
        if let Some(i) = kw_slot(first) {
            if first.len() < 64
                && let Some(slot) = self.lens.get_mut(i)
            {
                *slot |= 1 << first.len();
            }
            if let Some(last) = self.lasts.get_mut(i)
                && let Some(&c) = first.last()
                && c.is_ascii_lowercase()
            {
                *last |= 1 << (c - b'a');
            }
        }
        let exact = k
            .chars()
            .any(|c| c.is_ascii_uppercase())
            .then(|| k.as_bytes().into());
        let seq = KwSeq {
            id,
            rest: words[1..]
                .iter()
                .map(|w| w.clone().into_boxed_slice())
                .collect(),
            exact,
        };
        let list = self
            .by_first
            .entry(first.clone().into_boxed_slice())
            .or_default();
        if !list
            .iter()
            .any(|x| x.id == seq.id && x.rest == seq.rest && x.exact == seq.exact)
        {
            list.push(seq);
        }
    }

    /// Call `hit` for every keyword in `b`, left to right.
    #[inline]
    pub(super) fn find(&self, b: &[u8], mut hit: impl FnMut(Kw)) {
        ascii_letter_runs(b, |s, i| {
            // Most words fail the cheap length and last-letter checks.
            if b.get(s..i).is_some_and(|w| self.may_start_keyword(w)) {
                self.word_hits(b, s, i, &mut hit);
            }
        });
    }

    /// Whether a keyword's first word could be `word` (ASCII letters): one
    /// with its first two letters, its length and its last letter exists.
    #[inline]
    fn may_start_keyword(&self, word: &[u8]) -> bool {
        let n = word.len();
        let Some(slot) = kw_slot(word) else {
            return false;
        };
        let last = word
            .last()
            .map_or(u8::MAX, |c| c.to_ascii_lowercase().wrapping_sub(b'a'));
        n < 64
            && last < 26
            && self.lens.get(slot).is_some_and(|m| m & (1 << n) != 0)
            && self.lasts.get(slot).is_some_and(|m| m & (1 << last) != 0)
    }

    /// The keywords that start with the letter run `b[s..i]`.
    #[inline(never)]
    fn word_hits(&self, b: &[u8], s: usize, i: usize, hit: &mut impl FnMut(Kw)) {
        let letter = |c: u8| c.is_ascii_alphabetic();
        let n = i - s;
        // Words glued to a digit before, or to a non-ASCII letter, are
        // part of something else.
        if (s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] >= 0x80))
            || b.get(i).is_some_and(|&c| c >= 0x80)
        {
            return;
        }
        let mut buf = [0u8; 64];
        let Some(dst) = buf.get_mut(..n) else {
            return;
        };
        for (d, c) in dst.iter_mut().zip(&b[s..i]) {
            *d = c.to_ascii_lowercase();
        }
        let Some(list) = self.by_first.get(&buf[..n]) else {
            return;
        };
        let mut last: Option<(u32, usize)> = None;
        for seq in list {
            let mut end = i;
            let mut ok = true;
            for w in &seq.rest {
                // At most three separator bytes, none a letter or digit.
                let mut p = end;
                while p < b.len() && p - end < 3 && !b[p].is_ascii_alphanumeric() && b[p] < 0x80 {
                    p += 1;
                }
                let e = p + w.len();
                if p == end
                    || e > b.len()
                    || !b[p..e].eq_ignore_ascii_case(w)
                    || b.get(e).is_some_and(|&c| letter(c) || c >= 0x80)
                {
                    ok = false;
                    break;
                }
                end = e;
            }
            if !ok {
                continue;
            }
            if let Some(x) = &seq.exact
                && b.get(s..end) != Some(&x[..])
            {
                continue;
            }
            // The same keyword may be listed in several forms ("PC", "pc").
            if last == Some((seq.id, end)) {
                continue;
            }
            last = Some((seq.id, end));
            hit(Kw {
                id: seq.id,
                start: s,
                end,
            });
        }
    }
}

/// Keyword hits of one text, kept on the stack for the common case.
pub(super) struct KwBuf {
    inline: [Kw; 8],
    len: usize,
    spill: Vec<Kw>,
}

impl KwBuf {
    pub(super) fn new() -> Self {
        KwBuf {
            inline: [Kw {
                id: 0,
                start: 0,
                end: 0,
            }; 8],
            len: 0,
            spill: Vec::new(),
        }
    }
    #[inline]
    pub(super) fn push(&mut self, k: Kw) {
        if self.len < self.inline.len() && self.spill.is_empty() {
            self.inline[self.len] = k;
            self.len += 1;
        } else {
            if self.spill.is_empty() {
                self.spill.extend_from_slice(&self.inline[..self.len]);
            }
            self.spill.push(k);
        }
    }
    pub(super) fn as_slice(&self) -> &[Kw] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word looked up in full ([`KwTable::word_hits`]), found by a
    /// byte-at-a-time loop: what [`KwTable::find`] must give, prefilters and all.
    fn find_slow(t: &KwTable, b: &[u8]) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        for (s, i) in crate::detect::content::words::ascii_letter_runs_slow(b) {
            t.word_hits(b, s, i, &mut |k: Kw| out.push((k.id, k.start, k.end)));
        }
        out
    }

    fn find_fast(t: &KwTable, b: &[u8]) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        t.find(b, |k| out.push((k.id, k.start, k.end)));
        out
    }

    #[test]
    fn find_agrees_with_the_byte_loop() {
        let sc = crate::detect::content::ContentScanner::new(&Default::default(), None)
            .expect("default scanner");
        let t = &sc.inner.kw_table;
        // Keywords' first words, their near misses, prose and glue.
        let mut pieces: Vec<String> = t
            .by_first
            .keys()
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .collect();
        for k in pieces.clone() {
            pieces.push(k.to_ascii_uppercase());
            pieces.push(format!("{k}s"));
            pieces.push(k[..k.len() - 1].to_string());
            let mut y = k.clone().into_bytes();
            if let Some(c) = y.last_mut() {
                *c = if *c == b'z' { b'a' } else { *c + 1 };
            }
            pieces.push(String::from_utf8(y).expect("ascii"));
        }
        for p in [
            "day",
            "sort code",
            "d.o.b",
            "A/Sgt",
            "PC4521",
            "date of birth",
            "Police Constable",
            "é",
            "caféPC",
            "1",
            "42",
            " ",
            "  ",
            ".",
            "/",
            "-",
            ",",
            "\u{a0}",
            "x",
            "CCTV",
            "vehicle",
            "registration number",
            "ni number",
            "Det. Sgt",
            "a",
            "S",
        ] {
            pieces.push(p.to_string());
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let seps = ["", " ", "  ", ".", "-", "/", ",", "1", "é", "\t"];
        let mut hits = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                text.push_str(&pieces[next(pieces.len())]);
                text.push_str(seps[next(seps.len())]);
            }
            let b = text.as_bytes();
            let fast = find_fast(t, b);
            assert_eq!(fast, find_slow(t, b), "{text:?}");
            hits += fast.len();
        }
        assert!(hits > 10_000, "the generated texts hold keywords: {hits}");
    }
}
