//! What one text is, for the column profile: a name, a rank, a gender, a
//! staff category, a date, an integer written as text... (depends on the
//! text only).

use crate::detect::content::lexicon::CHARACTERISTIC_WORDS;
use crate::detect::content::lexicon::is_rank_value;
use crate::detect::content::{is_vetting_value, name_shape};
use crate::detect::normalize::word_key;

// What a text is, for the column profile (bits of `text_shape`).
pub(super) const T_VETTING: u16 = 1;
pub(super) const T_NAME: u16 = 1 << 1;
pub(super) const T_LISTED: u16 = 1 << 2;
pub(super) const T_ID: u16 = 1 << 3;
pub(super) const T_RANK: u16 = 1 << 4;
pub(super) const T_GENDER: u16 = 1 << 5;
pub(super) const T_DIGITS: u16 = 1 << 6;
pub(super) const T_DATEISH: u16 = 1 << 7;
pub(super) const T_LONG: u16 = 1 << 8;
pub(super) const T_CATEGORY: u16 = 1 << 9;
pub(super) const T_COLLAR_NAME: u16 = 1 << 10;
/// [`T_COLLAR_NAME`] with a staff number of six or seven digits.
pub(super) const T_STAFF_NAME: u16 = 1 << 11;
/// One letter, as a first initial is written ("J", "J.").
pub(super) const T_INITIAL: u16 = 1 << 12;
/// One word that could be a surname ("DRUMGOOLE", "McAlinden", "O'Hagan"):
/// capitalised, not an everyday word unless a listed surname.
pub(super) const T_SURNAME_WORD: u16 = 1 << 13;
/// A councillor by title ("Cllr Oonagh Devlin", "Councillor J Smith").
pub(super) const T_COUNCILLOR: u16 = 1 << 14;

/// The shape of one text for the column profile; depends on the text only.
pub(super) fn text_shape(t: &str) -> u16 {
    let mut s = 0;
    if t.len() <= 40 && is_vetting_value(t) {
        s |= T_VETTING;
    }
    if let Some((_, listed)) = name_shape(t) {
        s |= T_NAME;
        if listed {
            s |= T_LISTED;
        }
    }
    // A photo index's file names: "Jenkins_Sarah_825733.jpg".
    if t.len() <= 120 && t.contains('.') {
        for n in crate::detect::content::names_in_file_names(t) {
            s |= T_NAME | T_LISTED;
            if n.staff_number {
                s |= T_STAFF_NAME;
            }
        }
    }
    if crate::detect::content::payroll_id_value(t) {
        s |= T_ID;
    }
    if is_rank_value(t) {
        s |= T_RANK;
    }
    if is_collar_and_name(t) {
        s |= T_COLLAR_NAME;
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        if digits >= 6 && !t.split(' ').any(|w| w.starts_with('0')) {
            s |= T_STAFF_NAME;
        }
    }
    if is_gender_value(t) {
        s |= T_GENDER;
    }
    if initial_letter(t).is_some() {
        s |= T_INITIAL;
    } else if is_surname_word(t) {
        s |= T_SURNAME_WORD;
    }
    let b = t.trim_ascii().as_bytes();
    if [&b"cllr "[..], b"cllr. ", b"councillor "]
        .iter()
        .any(|p| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p))
    {
        s |= T_COUNCILLOR;
    }
    if b.iter().any(u8::is_ascii_digit) {
        s |= T_DIGITS;
        if is_dateish(b) {
            s |= T_DATEISH;
        }
    }
    if b.len() > 40 || b.iter().filter(|&&x| x == b' ').count() >= 4 {
        s |= T_LONG;
    } else if b.len() <= 48 && is_staff_category(t) {
        s |= T_CATEGORY;
    }
    s
}

/// Whether a text is a collar or staff number and a surname, as rotas and
/// duty sheets write an officer: "3887 DRUMGOOLE", "Pellowe 4554",
/// "4521AB Quarrendon J", "Quarrendon 825729".
/// Everyday words are not surnames ("1200 HOURS", "2024 Budget") unless
/// they are in the surname list ("8084 SMITH").
pub(super) fn is_collar_and_name(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 40 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let collar = |w: &str| {
        crate::detect::content::number_token_digits(w).is_some_and(|d| (3..=7).contains(&d))
    };
    let (number, name) = match (t.split_once(' '), t.rsplit_once(' ')) {
        (Some((first, rest)), _) if collar(first) => (first, rest),
        (_, Some((rest, last))) if collar(last) => (last, rest),
        _ => return false,
    };
    // "SAR 2020", "DHR 2019": a review's acronym and its year.
    let year = number.len() == 4
        && number
            .parse::<u32>()
            .is_ok_and(|y| (1990..=2039).contains(&y));
    let acronym = name.len() <= 4 && name.bytes().all(|c| c.is_ascii_uppercase());
    if year && acronym {
        return false;
    }
    let lex = crate::detect::content::lexicon::lexicon();
    !number.is_empty()
        && name_shape(name).is_some_and(|(words, _)| words >= 1)
        && name
            .split([' ', ','])
            .filter(|w| w.trim_end_matches('.').len() > 1)
            .all(|w| (lex.is_surname(w) || !lex.is_common(w)) && !lex.is_stop(w))
}

/// The letter of a text that is one initial ("J", "j.", " P "), upper-cased.
pub(super) fn initial_letter(t: &str) -> Option<u8> {
    match t.trim().trim_end_matches('.').as_bytes() {
        [c] if c.is_ascii_alphabetic() => Some(c.to_ascii_uppercase()),
        _ => None,
    }
}

/// Whether a text is one word that could be a surname: capitalised or in
/// capitals ("DRUMGOOLE", "McAlinden", "O'Hagan"), not a rank, a sex or an
/// everyday word ("Burglary", "Theft") unless a listed surname.
fn is_surname_word(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 30
        && !t.contains(' ')
        && crate::detect::content::lexicon::is_capitalised(t)
        && !is_rank_value(t)
        && !is_gender_value(t)
        && crate::detect::content::lexicon::lexicon().could_be_surname(t)
}

/// Posts whose holders' names and pay a public body publishes (statement
/// of accounts, chief officer team pages): a table listing only these is a
/// published list, for the officer to confirm, not a staff list.
const SENIOR_POSTS: &[&str] = &[
    "chief constable",
    "commissioner",
    "chief executive",
    "chief officer",
    "chief fire officer",
    "chief finance officer",
    "chief financial officer",
    "chief operating officer",
    "director",
    "monitoring officer",
    "head of paid service",
    "section 151 officer",
    "s151 officer",
    "treasurer",
    "mayor",
    "leader of the council",
    "chair",
    "chairman",
    "chairperson",
    "chief nurse",
    // Chief officer ranks as organograms abbreviate them: "ACC Crime
    // Operations", "DCC".
    "acc",
    "dcc",
];

/// Whether a role names a senior post ("Deputy Chief Constable",
/// "Director of Finance", "Assistant Commissioner").
///
/// "Assistant Director" counts; "Director's PA", "PA to the Chief Executive" do not.
pub(super) fn is_senior_post(v: &str) -> bool {
    // "Director of Finance (police staff)": staff as opposed to officers.
    let k = word_key(v).replace("police staff", "");
    // Not the post's own staff: "PA to the Director", "Support officer".
    if k.split(' ')
        .any(|w| matches!(w, "pa" | "secretary" | "support" | "to" | "staff"))
    {
        return false;
    }
    // "Chief People Officer", "Chief Digital Officer".
    let chief_officer = k.starts_with("chief ") && k.ends_with(" officer");
    chief_officer
        || SENIOR_POSTS.iter().any(|p| {
            // The post as whole words, not followed by a possessive
            // ("Chief Constable's staff officer").
            k.match_indices(p).any(|(i, _)| {
                let before = k[..i].chars().next_back();
                let rest = &k[i + p.len()..];
                before.is_none_or(|c| c == ' ')
                    && (rest.is_empty() || rest.starts_with(' '))
                    && !rest.starts_with(" s ")
                    && rest != " s"
            })
        })
}

pub(super) fn is_gender_value(v: &str) -> bool {
    let v = v.trim_ascii();
    v.len() <= 10
        && [
            "male",
            "female",
            "m",
            "f",
            "man",
            "woman",
            "non-binary",
            "nonbinary",
            "other",
        ]
        .iter()
        .any(|g| g.eq_ignore_ascii_case(v))
}

/// A row label that names a group of staff or a personal characteristic.
pub(super) fn is_staff_category(v: &str) -> bool {
    if is_rank_value(v) || is_gender_value(v) {
        return true;
    }
    let k = word_key(v);
    let w: Vec<&str> = k.split(' ').collect();
    if w.iter().any(|x| CHARACTERISTIC_WORDS.contains(x)) {
        return true;
    }
    // A staff group is named in a few words ("Police staff", "Chief
    // officers", "Band C"); in a longer label the word is part of
    // something else ("Police action following contact").
    const GROUPS: &[&str] = &[
        "grade",
        "band",
        "scale",
        "officer",
        "officers",
        "staff",
        "constable",
        "constables",
        "sergeant",
        "sergeants",
        "inspector",
        "inspectors",
        "pcso",
        "pcsos",
        "police",
        "detective",
        "superintendent",
        "chief",
        "specials",
        "volunteers",
        "cadets",
        "apprentice",
        "apprentices",
        "manager",
        "managers",
        "analyst",
        "analysts",
        "investigator",
        "investigators",
    ];
    if w.len() <= 3 && w.iter().any(|x| GROUPS.contains(x)) {
        return true;
    }
    // Staff grades: "SO1", "PO2", "AO", "EO", "HEO", "SEO", "G7", "Band C".
    let t = v.trim();
    t.len() <= 5
        && (t.starts_with("SO")
            || t.starts_with("PO")
            || t.starts_with("SEO")
            || t.starts_with("HEO"))
        && t.bytes().skip(2).all(|c| c.is_ascii_digit() || c == b'O')
}

/// A date or a time of day written as text: "12/03/2023", "2024-03-01",
/// "14:30", "2024-03-01 14:30" (not "2022/23" or "Q1 2023").
fn is_dateish(b: &[u8]) -> bool {
    if !(4..=25).contains(&b.len()) || !b.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut seps = 0;
    let mut colon = false;
    for &c in b {
        match c {
            b'0'..=b'9' => {}
            b'/' | b'-' | b'.' => seps += 1,
            b':' => colon = true,
            b' ' | b'T' => {}
            _ => return false,
        }
    }
    colon || seps >= 2
}

/// A plain integer written as text ("3", " 12 ").
#[inline]
pub(super) fn text_integer(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    let mut digits = 0;
    let mut seen_end = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            if seen_end || digits >= 9 {
                return None;
            }
            v = v * 10 + (c - b'0') as u64;
            digits += 1;
        } else if c == b' ' || c == b'\t' {
            if digits > 0 {
                seen_end = true;
            }
        } else {
            let _ = i;
            return None;
        }
    }
    (digits > 0).then_some(v as f64)
}

#[cfg(test)]
mod tests {
    use super::is_senior_post;

    #[test]
    fn collar_and_name() {
        use super::is_collar_and_name;
        for t in [
            "3887 DRUMGOOLE",
            "Pellowe 4554",
            "4521AB Quarrendon J",
            "8084 SMITH",
        ] {
            assert!(is_collar_and_name(t), "{t}");
        }
        for t in [
            "1200 HOURS",
            "2024 Budget",
            "Lisburn",
            "BT7 1AA",
            "Response 3",
            "999 calls",
            "A38 Northbound",
            "SAR 2020",
            "DHR 2019",
        ] {
            assert!(!is_collar_and_name(t), "{t}");
        }
    }

    #[test]
    fn surname_words_and_initials() {
        use super::{T_INITIAL, T_SURNAME_WORD, text_shape};
        for t in [
            "DRUMGOOLE",
            "McALINDEN",
            "O'HAGAN",
            "Vellacott",
            "Ashdown-Pryce",
        ] {
            assert_ne!(text_shape(t) & T_SURNAME_WORD, 0, "{t}");
        }
        for t in [
            "Burglary",
            "THEFT",
            "Constable",
            "Male",
            "BT7",
            "north",
            "J",
            "Other",
        ] {
            assert_eq!(text_shape(t) & T_SURNAME_WORD, 0, "{t}");
        }
        for t in ["J", "p", "K."] {
            assert_ne!(text_shape(t) & T_INITIAL, 0, "{t}");
        }
        for t in ["JP", "1", "J.A."] {
            assert_eq!(text_shape(t) & T_INITIAL, 0, "{t}");
        }
    }

    #[test]
    fn senior_posts() {
        for p in [
            "Chief Constable",
            "Deputy Chief Constable",
            "Assistant Commissioner",
            "Police and Crime Commissioner",
            "Director of Finance",
            "Assistant Director, Legal Services",
            "Chief Executive",
            "Director of Children's Services",
            "Chief People Officer",
            "Chair",
            "Director of Finance (police staff)",
        ] {
            assert!(is_senior_post(p), "{p}");
        }
        for p in [
            "Chief Constable's staff officer",
            "PA to the Chief Executive",
            "Executive support officer",
            "Chief Inspector",
            "Head of ICT",
            "Directorate administrator",
        ] {
            assert!(!is_senior_post(p), "{p}");
        }
    }
}
