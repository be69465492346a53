//! Text gathered from an element and everything inside it: a cell's
//! paragraphs, a comment (annotation) and its author, a shape's text, the
//! tracked changes, a DDE link's cached values. Each `Sink` closes with
//! its element and becomes a cell value, a feature or scanned text.
use super::Content;
use crate::finding::Kind;
use crate::model::{Feature, Location};
use crate::numbers::thousands;
use crate::source::ods::PART_CONTENT;
use crate::source::{Result, SourceError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SinkKind {
    /// A cell's paragraphs.
    Cell,
    /// A comment's paragraphs.
    Annotation,
    /// `dc:creator` of a comment or a tracked change.
    Creator,
    /// Text to drop (a comment's `dc:date`).
    Ignore,
    /// A shape's text and alternative text.
    Shape,
    /// Tracked changes (old cell values).
    Revision,
    /// Cached values of a DDE link.
    Dde,
}

pub(super) struct Sink {
    pub(super) depth: usize,
    pub(super) kind: SinkKind,
    pub(super) buf: String,
    /// Where it sits (sheet, cell).
    pub(super) loc: Location,
    pub(super) hidden: bool,
    pub(super) count: u64,
}

impl Content<'_, '_> {
    pub(super) fn push_sink(&mut self, kind: SinkKind, loc: Location, hidden: bool) {
        self.sinks.push(Sink {
            depth: self.depth,
            kind,
            buf: String::new(),
            loc,
            hidden,
            count: 0,
        });
    }

    pub(super) fn top_sink(&mut self) -> Option<&mut Sink> {
        self.sinks.last_mut()
    }

    pub(super) fn append(&mut self, s: &str) -> Result<()> {
        let max = self.limits.max_xml_text_bytes;
        if let Some(sink) = self.sinks.last_mut() {
            sink.buf.push_str(s);
            if sink.buf.len() > max {
                return Err(SourceError::Limit(format!(
                    "a text in {PART_CONTENT} is longer than {max} bytes",
                    max = thousands(max as u64)
                )));
            }
        }
        Ok(())
    }

    pub(super) fn close_sink(&mut self, sink: Sink) -> Result<()> {
        let text = sink.buf.trim();
        match sink.kind {
            SinkKind::Cell => {
                if let Some(c) = self.cell.as_mut() {
                    c.text = sink.buf;
                }
            }
            SinkKind::Annotation => {
                let mut f = Feature::new(
                    Kind::Comment,
                    sink.loc.clone(),
                    "A comment (note) is attached to a cell.",
                );
                if !text.is_empty() {
                    f = f.sample(text.to_string());
                }
                self.visitor.feature(f);
                if !text.is_empty() {
                    self.text_at(Kind::Comment, &sink.loc, None, sink.hidden, text);
                }
            }
            SinkKind::Creator => {
                let kind = match self.sinks.last().map(|s| s.kind) {
                    Some(SinkKind::Revision) => Kind::RevisionLog,
                    _ => Kind::Comment,
                };
                if !text.is_empty() {
                    self.text_at(kind, &sink.loc, Some("author"), true, text);
                }
            }
            SinkKind::Ignore => {}
            SinkKind::Shape => {
                if !text.is_empty() {
                    self.visitor.feature(
                        Feature::new(
                            Kind::DrawingText,
                            sink.loc.clone(),
                            "A shape or text box holds text.",
                        )
                        .sample(text.to_string()),
                    );
                    self.text_at(Kind::DrawingText, &sink.loc, None, sink.hidden, text);
                }
            }
            SinkKind::Revision => {
                self.visitor.feature(
                    Feature::new(
                        Kind::RevisionLog,
                        sink.loc.clone(),
                        "The file keeps a history of tracked changes, including old cell values and who made them.",
                    )
                    .count(sink.count.max(1)),
                );
                if !text.is_empty() {
                    self.text_at(Kind::RevisionLog, &sink.loc, None, true, text);
                }
            }
            SinkKind::Dde => {
                if !text.is_empty() {
                    self.text_at(Kind::DataConnection, &sink.loc, Some("cached"), true, text);
                }
            }
        }
        Ok(())
    }
}
