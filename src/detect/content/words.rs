//! Word tokens of a text as byte spans, without allocating.

/// Word tokens of a text: runs of letters, inner apostrophes and hyphens
/// (bytes of multi-byte characters count as letters), as byte spans.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    b: &'a [u8],
    i: usize,
}

/// Iterate the word tokens of `b` without allocating.
pub(crate) fn words(b: &[u8]) -> Words<'_> {
    Words { b, i: 0 }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
        while self.i < b.len() && !letter(b[self.i]) {
            self.i += 1;
        }
        if self.i >= b.len() {
            return None;
        }
        let s = self.i;
        while self.i < b.len()
            && (letter(b[self.i])
                || ((b[self.i] == b'\'' || b[self.i] == b'-')
                    && b.get(self.i + 1).is_some_and(|&n| letter(n))))
        {
            self.i += 1;
        }
        Some((s, self.i))
    }
}
