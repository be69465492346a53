//! Masking values for reports: enough to recognise, not enough to leak.

/// Mask what an error reason quotes from the file: every span in double
/// quotes (as `{:?}` writes a sheet name, with `\"` escapes) or in
/// backticks (as the XML reader quotes a tag). The rest of the reason (the
/// part name, what went wrong) stays readable.
///
/// ```
/// use foiguard::report::mask::mask_quoted;
/// assert_eq!(
///     mask_quoted(r#"the part xl/worksheets/sheet2.xml of sheet "PC 4521 Quillfeather" is missing"#),
///     r#"the part xl/worksheets/sheet2.xml of sheet "P* 4*** Q***********" is missing"#
/// );
/// assert_eq!(
///     mask_quoted("expected `</Quillfeather>`, but `</sheetData>` was found"),
///     "expected `</Q***********>`, but `</s********>` was found"
/// );
/// assert_eq!(mask_quoted(r#"sheet "a \"b\" c" x"#), r#"sheet "a \"b\" c" x"#);
/// ```
pub fn mask_quoted(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(start) = rest.find(['"', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=start]);
        let body = &rest[start + 1..];
        // The closing quote (a `\"` inside double quotes is not one).
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' && quote == '"' {
                escaped = true;
            } else if c == quote {
                end = Some(i);
                break;
            }
        }
        match end {
            Some(e) => {
                out.push_str(&mask(&body[..e]));
                out.push(quote);
                rest = &body[e + 1..];
            }
            None => {
                // An unmatched quote: mask to the end.
                out.push_str(&mask(body));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

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
