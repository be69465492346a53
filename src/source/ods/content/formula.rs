//! ODF formula and range-address syntax: an ODF formula
//! (`of:=SUM([.A1:.B2])`) in the A1 style the detectors read, and the sheet
//! an address (`'My sheet'.A1:.C9`) names.

/// The sheet named by an ODF range address (`Sheet1.A1:Sheet1.C9`,
/// `'My sheet'.A1`, `$Sheet1.$A$1`).
pub(crate) fn sheet_of_address(addr: &str) -> Option<String> {
    let s = addr.trim().trim_start_matches('$');
    if let Some(rest) = s.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some(out);
                }
            } else {
                out.push(c);
            }
        }
        return None;
    }
    let first = s.split(':').next().unwrap_or(s);
    let dot = first.rfind('.')?;
    let name = &first[..dot];
    (!name.is_empty()).then(|| name.to_string())
}

/// An ODF formula (`of:=SUM([.A1:.B2])+[Sheet2.C3]`) in the A1 style the
/// detectors read (`SUM(A1:B2)+Sheet2!C3`), without the leading `=`.
pub(crate) fn odf_formula(f: &str) -> String {
    let body = match f.split_once(':') {
        Some((ns, rest))
            if !ns.is_empty()
                && ns.chars().all(|c| c.is_ascii_alphanumeric())
                && rest.starts_with('=') =>
        {
            rest
        }
        _ => f,
    };
    let body = body.strip_prefix('=').unwrap_or(body);
    let mut out = String::with_capacity(body.len());
    let mut in_str = false;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '[' => {
                let mut inner = String::new();
                let mut quoted = false;
                for d in chars.by_ref() {
                    if d == '\'' {
                        quoted = !quoted;
                    }
                    if d == ']' && !quoted {
                        break;
                    }
                    inner.push(d);
                }
                let parts: Vec<String> = inner.split(':').map(odf_ref).collect();
                out.push_str(&parts.join(":"));
            }
            _ => out.push(c),
        }
    }
    out
}

/// One ODF cell reference (`.A1`, `Sheet2.B3`, `$'My sheet'.$C$4`) in A1 style.
fn odf_ref(r: &str) -> String {
    let r = r.trim();
    if let Some(cell) = r.strip_prefix('.') {
        return cell.to_string();
    }
    // Split at the last dot outside quotes.
    let mut quoted = false;
    let mut split = None;
    for (i, c) in r.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '.' if !quoted => split = Some(i),
            _ => {}
        }
    }
    match split {
        Some(i) => format!("{}!{}", r[..i].trim_start_matches('$'), &r[i + 1..]),
        None => r.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_addresses() {
        assert_eq!(
            odf_formula("of:=SUM([.A1:.B2])+[Sheet2.C3]"),
            "SUM(A1:B2)+Sheet2!C3"
        );
        assert_eq!(
            odf_formula("of:=['My sheet'.$A$1]&\"[x]\""),
            "'My sheet'!$A$1&\"[x]\""
        );
        assert_eq!(odf_formula("of:=[$Hidden.A1:.A9]"), "Hidden!A1:A9");
        assert_eq!(
            sheet_of_address("Sheet1.A1:Sheet1.C9").as_deref(),
            Some("Sheet1")
        );
        assert_eq!(sheet_of_address("$'It''s'.$A$1").as_deref(), Some("It's"));
        assert_eq!(sheet_of_address("A1"), None);
    }
}
