//! Masking values for reports: enough to recognise, not enough to leak.

/// Keep the first letter or digit of each word, star the rest.
///
/// ```
/// use foiguard::report::mask::mask;
/// assert_eq!(mask("Jane Quarrendon"), "J*** Q*********");
/// assert_eq!(mask("PC 4521"), "P* 4***");
/// assert_eq!(mask("j.doe@force.police.uk"), "j.d**@f****.p*****.u*");
/// ```
pub fn mask(value: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    let mut prev_alnum = false;
    for (i, ch) in value.chars().enumerate() {
        if i >= MAX {
            out.push('…');
            break;
        }
        if ch.is_alphanumeric() {
            out.push(if prev_alnum { '*' } else { ch });
            prev_alnum = true;
        } else {
            out.push(ch);
            prev_alnum = false;
        }
    }
    out
}
