//! Redaction masks: text that is only mask labels (`[REDACTED s40(2)]`, the
//! policy's label) carries no evidence; masks inside text are blanked.

/// Whether the text is only redaction mask labels (and spaces/punctuation).
pub(super) fn is_only_mask(text: &str, label: &str) -> bool {
    let mut rest = text.trim_ascii();
    if rest.is_empty() {
        return false;
    }
    // Quick exit: a mask starts with '[' or the label's first byte.
    let first = rest.as_bytes()[0];
    if first != b'[' && label.as_bytes().first() != Some(&first) {
        return false;
    }
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if rest.is_empty() {
            return true;
        }
        if !label.is_empty() && rest.starts_with(label) {
            rest = &rest[label.len()..];
            continue;
        }
        match mask_len(rest) {
            Some(n) => rest = rest.get(n..).unwrap_or(""),
            None => return false,
        }
    }
}

/// The length of a `[REDACTED ...]` label at the start of `s`.
fn mask_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 10 || b[0] != b'[' || !b[1..9].eq_ignore_ascii_case(b"REDACTED") {
        return None;
    }
    let close = s.find(']')?;
    if close > 60 {
        return None;
    }
    Some(close + 1)
}

/// Replace every mask label in `text` with spaces (same length, so offsets hold).
pub(super) fn blank_masks(text: &str, label: &str) -> Option<String> {
    let has_label = !label.is_empty() && text.contains(label);
    let has_generic = text
        .as_bytes()
        .windows(9)
        .any(|w| w[0] == b'[' && w[1..].eq_ignore_ascii_case(b"REDACTED"));
    if !has_label && !has_generic {
        return None;
    }
    let mut out = text.to_string();
    if has_label {
        out = out.replace(label, &" ".repeat(label.len()));
    }
    if has_generic {
        let mut i = 0;
        while let Some(p) = out.get(i..).and_then(|s| s.find('[')) {
            let at = i + p;
            match out.get(at..).and_then(mask_len) {
                Some(n) => {
                    out.replace_range(at..at + n, &" ".repeat(n));
                    i = at + n;
                }
                None => i = at + 1,
            }
        }
    }
    Some(out)
}
