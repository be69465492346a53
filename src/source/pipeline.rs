//! Read a sheet on one thread and visit its cells on another.
//!
//! A big sheet is three jobs: reading (inflating, parsing
//! XML or CSV), scanning each cell's text (content detectors) and keeping
//! the sheet's books (table profiling, findings). Run one after the other
//! they use one core; here the reader fills batches of cells and a visiting
//! thread replays them, in order, to the sheet's visitor. Nothing changes
//! for the visitor: it sees the same calls in the same order.
//!
//! Scanning and book-keeping both sit on the visiting thread, which makes it
//! the slower one. So once the visitor offers [`SheetVisitor::prework`] (the
//! collector does when a sheet's header row is settled: from then on a
//! cell's scan depends only on the cell), the reader does that prework on
//! the batches it hands over while the visiting thread is behind, instead of
//! waiting for room; the results reach the visitor with the cells, in
//! [`SheetVisitor::cells`].
//!
//! ```
//! use foiguard::model::{Cell, Hide, SheetLayout, SheetVisitor, Value};
//! use foiguard::source::pipeline;
//! use std::sync::{Arc, Mutex};
//!
//! struct Count(Arc<Mutex<u64>>);
//! impl SheetVisitor for Count {
//!     fn cell(&mut self, _: &Cell<'_>) { *self.0.lock().unwrap() += 1; }
//!     fn finish(self: Box<Self>, _: SheetLayout) {}
//! }
//! let seen = Arc::new(Mutex::new(0));
//! pipeline::run(Box::new(Count(seen.clone())), true, |mut sv| {
//!     for row in 0..1000 {
//!         sv.cell(&Cell { row, col: 0, value: Value::Text("x"), formula: None, hide: Hide::NONE });
//!     }
//!     sv.finish(SheetLayout::default());
//! });
//! assert_eq!(*seen.lock().unwrap(), 1000);
//! ```

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use crate::model::{
    Cell, CellFormat, CellPrework, Hide, Prepared, Presentation, SheetLayout, SheetVisitor, Value,
};

/// Sheets (parts, files) smaller than this are read and visited on one
/// thread: a second thread costs more than it saves.
pub const MIN_BYTES: u64 = 4 << 20;

/// Cells per batch handed to the visiting thread.
const BATCH_CELLS: usize = 4096;
/// Batches in flight; bounds the memory the reader can run ahead by.
const IN_FLIGHT: usize = 4;

/// Run `read` with a sheet visitor. With `parallel`, `read` gets a visitor
/// that forwards every call to `sheet` on a second thread, and `run` returns
/// once that thread has seen everything; without, `read` gets `sheet` itself.
/// `read` calls `finish` as usual (a sheet left unfinished, on an error, is
/// dropped unfinished, as it would be without the second thread).
///
/// A panic on the visiting thread is resumed on this one.
pub fn run<'v, T>(
    sheet: Box<dyn SheetVisitor + Send + 'v>,
    parallel: bool,
    read: impl FnOnce(Box<dyn SheetVisitor + Send + 'v>) -> T,
) -> T {
    if !parallel {
        return read(sheet);
    }
    run_helping(sheet, HELP_WHEN_QUEUED, read)
}

/// [`run`] in parallel, the reader helping with the prework once `help_when`
/// batches wait for the visiting thread.
fn run_helping<'v, T>(
    sheet: Box<dyn SheetVisitor + Send + 'v>,
    help_when: usize,
    read: impl FnOnce(Box<dyn SheetVisitor + Send + 'v>) -> T,
) -> T {
    let shared = Arc::new(Shared {
        help_when,
        ..Shared::default()
    });
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Batch>(IN_FLIGHT);
        let (back_tx, back_rx) = channel::<Batch>();
        let to_visitor = shared.clone();
        let visiting = s.spawn(move || replay(sheet, rx, back_tx, &to_visitor));
        let out = read(Box::new(Forward {
            tx,
            spare: back_rx,
            batch: Batch::default(),
            shared,
            work: None,
        }));
        if let Err(panic) = visiting.join() {
            std::panic::resume_unwind(panic);
        }
        out
    })
}

/// Batches waiting for the visiting thread at which the reader, rather than
/// wait for room, does the visitor's prework on the batch it hands over.
const HELP_WHEN_QUEUED: usize = 2;

/// What the two threads share besides the batches.
#[derive(Default)]
struct Shared {
    /// The visitor's prework, once it offers one.
    offer: Mutex<Option<Box<dyn CellPrework>>>,
    /// Batches sent and not yet taken by the visiting thread.
    queued: AtomicUsize,
    /// See [`HELP_WHEN_QUEUED`].
    help_when: usize,
}

/// What an [`Item`] holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Text,
    Number,
    DateTime,
    Bool,
    Error,
    /// A call other than a cell, in [`Batch::others`].
    Other,
}

/// One call to the visitor, in 24 bytes (every cell of a big sheet crosses
/// from one core to the other as one): a cell, with its texts in the
/// batch's buffer, or the index of a rarer call.
#[derive(Clone, Copy)]
struct Item {
    row: u32,
    col: u32,
    /// A number's bits, a text's span in the buffer (start << 32 | end),
    /// a bool, or (`Tag::Other`) the index in [`Batch::others`].
    value: u64,
    /// Index of the formula's span in [`Batch::formulas`], or [`NO_FORMULA`].
    formula: u32,
    hide: Hide,
    tag: Tag,
}

const NO_FORMULA: u32 = u32::MAX;

/// The calls other than cells.
enum Other {
    Format(u32, u32, CellFormat),
    Presentation(Presentation),
    Finish(SheetLayout),
}

#[derive(Default)]
struct Batch {
    text: String,
    items: Vec<Item>,
    formulas: Vec<(u32, u32)>,
    others: Vec<Other>,
    /// The visitor's prework for the batch's cells, when it ran.
    done: Option<Box<dyn Any + Send>>,
}

/// A span of the batch's text as one integer.
fn span((a, b): (u32, u32)) -> u64 {
    (a as u64) << 32 | b as u64
}

impl Batch {
    fn keep(&mut self, s: &str) -> (u32, u32) {
        let start = self.text.len();
        self.text.push_str(s);
        (start as u32, self.text.len() as u32)
    }

    fn get(&self, (a, b): (u32, u32)) -> &str {
        self.text.get(a as usize..b as usize).unwrap_or("")
    }

    fn get_span(&self, v: u64) -> &str {
        self.get(((v >> 32) as u32, v as u32))
    }

    /// Add a call other than a cell.
    fn push_other(&mut self, other: Other) {
        self.items.push(Item {
            row: 0,
            col: 0,
            value: self.others.len() as u64,
            formula: NO_FORMULA,
            hide: Hide::NONE,
            tag: Tag::Other,
        });
        self.others.push(other);
    }

    fn full(&self) -> bool {
        // Offsets are u32: hand over long before a batch's text could overflow.
        self.items.len() >= BATCH_CELLS || self.text.len() >= 1 << 24
    }

    fn clear(&mut self) {
        self.text.clear();
        self.items.clear();
        self.formulas.clear();
        self.others.clear();
        self.done = None;
    }

    /// The cell an item holds, with its text from this batch.
    #[inline]
    fn cell(&self, item: &Item) -> Option<Cell<'_>> {
        let value = match item.tag {
            Tag::Text => Value::Text(self.get_span(item.value)),
            Tag::Number => Value::Number(f64::from_bits(item.value)),
            Tag::DateTime => Value::DateTime(f64::from_bits(item.value)),
            Tag::Bool => Value::Bool(item.value != 0),
            Tag::Error => Value::Error(self.get_span(item.value)),
            Tag::Other => return None,
        };
        let formula = match item.formula {
            NO_FORMULA => None,
            i => self.formulas.get(i as usize).map(|&f| self.get(f)),
        };
        Some(Cell {
            row: item.row,
            col: item.col,
            value,
            formula,
            hide: item.hide,
        })
    }
}

/// The reader's side: collects calls into batches.
struct Forward {
    tx: SyncSender<Batch>,
    spare: Receiver<Batch>,
    batch: Batch,
    shared: Arc<Shared>,
    /// The visitor's prework, taken from the offer.
    work: Option<Box<dyn CellPrework>>,
}

impl Forward {
    fn push(&mut self, other: Other) {
        self.batch.push_other(other);
        if self.batch.full() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.items.is_empty() {
            return;
        }
        let mut next = self.spare.try_recv().unwrap_or_default();
        next.clear();
        let mut full = std::mem::replace(&mut self.batch, next);
        if self.work.is_none() {
            self.work = self.shared.offer.lock().ok().and_then(|mut o| o.take());
        }
        // The visiting thread is behind: help it rather than wait.
        if let Some(work) = self.work.as_mut()
            && self.shared.queued.load(Ordering::Relaxed) >= self.shared.help_when
        {
            let mut cells = Vec::with_capacity(VISIT_CELLS);
            let mut done = None;
            for chunk in full.items.chunks(VISIT_CELLS) {
                cells.clear();
                cells.extend(chunk.iter().filter_map(|item| full.cell(item)));
                work.run(&cells, &mut done);
            }
            drop(cells);
            full.done = done;
        }
        self.shared.queued.fetch_add(1, Ordering::Relaxed);
        // The visiting thread only stops early by panicking; `run` resumes
        // that panic, so a failed send needs no handling here.
        let _ = self.tx.send(full);
    }
}

impl SheetVisitor for Forward {
    fn cell(&mut self, cell: &Cell<'_>) {
        let (tag, value) = match cell.value {
            Value::Text(t) => (Tag::Text, span(self.batch.keep(t))),
            Value::Number(n) => (Tag::Number, n.to_bits()),
            Value::DateTime(n) => (Tag::DateTime, n.to_bits()),
            Value::Bool(b) => (Tag::Bool, b as u64),
            Value::Error(e) => (Tag::Error, span(self.batch.keep(e))),
        };
        let formula = match cell.formula {
            Some(f) => {
                let f = self.batch.keep(f);
                self.batch.formulas.push(f);
                (self.batch.formulas.len() - 1) as u32
            }
            None => NO_FORMULA,
        };
        // Row and column read one at a time: a reader stores them one at a
        // time, and one 8-byte load of both just after waits for the stores
        // to drain (no store-to-load forwarding) on every cell.
        let col = std::hint::black_box(cell.col);
        self.batch.items.push(Item {
            row: cell.row,
            col,
            value,
            formula,
            hide: cell.hide,
            tag,
        });
        if self.batch.full() {
            self.flush();
        }
    }

    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.push(Other::Format(row, col, format.clone()));
    }

    fn presentation(&mut self, presentation: &Presentation) {
        self.push(Other::Presentation(presentation.clone()));
    }

    fn finish(mut self: Box<Self>, layout: SheetLayout) {
        self.batch.push_other(Other::Finish(layout));
        self.flush();
    }
}

impl Drop for Forward {
    /// A reader that stops early (an error) has still shown these cells.
    fn drop(&mut self) {
        self.flush();
    }
}

/// The visiting side: replays batches to the sheet visitor in order.
fn replay(
    mut sheet: Box<dyn SheetVisitor + Send + '_>,
    rx: Receiver<Batch>,
    back: Sender<Batch>,
    shared: &Shared,
) {
    let mut offered = false;
    while let Ok(mut batch) = rx.recv() {
        shared.queued.fetch_sub(1, Ordering::Relaxed);
        // The rarer calls are moved out of the batch, so a finished sheet
        // takes its layout rather than a copy; they go back, emptied, with
        // the rest of the batch and its capacity.
        let mut others = std::mem::take(&mut batch.others);
        let mut cells = Vec::with_capacity(VISIT_CELLS);
        let done = batch.done.take();
        // One pass: cells gather until a chunk is full or another item comes;
        // `seen` counts the batch's cells visited so far (where the
        // prework's result for the next ones starts).
        let mut seen = 0;
        for item in &batch.items {
            if let Some(cell) = batch.cell(item) {
                cells.push(cell);
                if cells.len() == VISIT_CELLS {
                    visit_cells(sheet.as_mut(), &mut cells, done.as_deref(), &mut seen);
                }
                continue;
            }
            visit_cells(sheet.as_mut(), &mut cells, done.as_deref(), &mut seen);
            match others.get_mut(item.value as usize) {
                None => {}
                Some(Other::Format(row, col, f)) => sheet.cell_format(*row, *col, f),
                Some(Other::Presentation(p)) => sheet.presentation(p),
                Some(Other::Finish(layout)) => {
                    sheet.finish(std::mem::take(layout));
                    return;
                }
            }
        }
        visit_cells(sheet.as_mut(), &mut cells, done.as_deref(), &mut seen);
        drop(cells);
        if !offered && let Some(work) = sheet.prework() {
            if let Ok(mut o) = shared.offer.lock() {
                *o = Some(work);
            }
            offered = true;
        }
        batch.clear();
        others.clear();
        batch.others = others;
        let _ = back.send(batch);
    }
    // The reader stopped without finishing (an error): drop the sheet
    // unfinished, as the reader would have.
}

/// Cells handed to the visitor at a time: few enough to stay in the L1
/// cache while each layer of the visitor walks them in turn.
const VISIT_CELLS: usize = 256;

/// Hand `cells` (if any) to the visitor and clear them; `seen` counts the
/// batch's cells visited before them.
fn visit_cells(
    sheet: &mut (dyn SheetVisitor + Send + '_),
    cells: &mut Vec<Cell<'_>>,
    done: Option<&(dyn Any + Send)>,
    seen: &mut usize,
) {
    if cells.is_empty() {
        return;
    }
    let first = *seen;
    sheet.cells(cells, done.map(|result| Prepared { result, first }));
    *seen += cells.len();
    cells.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Debug, PartialEq)]
    enum Seen {
        Cell(u32, u32, String, Option<String>, Hide),
        Format(u32, u32, Option<String>),
        Presentation(usize),
        Finish(usize),
    }

    struct Rec(Arc<Mutex<Vec<Seen>>>);
    impl SheetVisitor for Rec {
        fn cell(&mut self, c: &Cell<'_>) {
            let v = match c.value {
                Value::Text(t) => format!("t:{t}"),
                Value::Number(n) => format!("n:{n}"),
                Value::DateTime(n) => format!("d:{n}"),
                Value::Bool(b) => format!("b:{b}"),
                Value::Error(e) => format!("e:{e}"),
            };
            self.0.lock().unwrap().push(Seen::Cell(
                c.row,
                c.col,
                v,
                c.formula.map(str::to_string),
                c.hide,
            ));
        }
        fn cell_format(&mut self, row: u32, col: u32, f: &CellFormat) {
            self.0
                .lock()
                .unwrap()
                .push(Seen::Format(row, col, f.num_format.clone()));
        }
        fn presentation(&mut self, p: &Presentation) {
            self.0
                .lock()
                .unwrap()
                .push(Seen::Presentation(p.merged.len()));
        }
        fn finish(self: Box<Self>, layout: SheetLayout) {
            self.0
                .lock()
                .unwrap()
                .push(Seen::Finish(layout.hidden_rows.len() as usize));
        }
    }

    /// Five cells a row, with a format item before the first cell of every
    /// `format_every`th row.
    fn feed_with(sv: &mut dyn SheetVisitor, rows: u32, format_every: u32) {
        for row in 0..rows {
            let text = format!("row {row}");
            if row % format_every == 0 {
                sv.cell_format(
                    row,
                    0,
                    &CellFormat {
                        bold: false,
                        num_format: Some("0.00".into()),
                        ..Default::default()
                    },
                );
            }
            sv.cell(&Cell {
                row,
                col: 0,
                value: Value::Text(&text),
                formula: Some("A1&B1"),
                hide: Hide::ROW,
            });
            sv.cell(&Cell {
                row,
                col: 1,
                value: Value::Number(row as f64 + 0.5),
                formula: None,
                hide: Hide::NONE,
            });
            sv.cell(&Cell {
                row,
                col: 2,
                value: Value::Error("#N/A"),
                formula: None,
                hide: Hide::NONE,
            });
            sv.cell(&Cell {
                row,
                col: 3,
                value: Value::Bool(row % 2 == 0),
                formula: None,
                hide: Hide::NONE,
            });
            sv.cell(&Cell {
                row,
                col: 4,
                value: Value::DateTime(45000.25),
                formula: None,
                hide: Hide::COLUMN,
            });
        }
    }

    fn feed(sv: &mut dyn SheetVisitor, rows: u32) {
        feed_with(sv, rows, 1);
    }

    fn visit(parallel: bool, rows: u32, format_every: u32) -> Vec<Seen> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        run(Box::new(Rec(seen.clone())), parallel, |mut sv| {
            feed_with(sv.as_mut(), rows, format_every);
            sv.presentation(&Presentation {
                column_widths: vec![],
                merged: vec![(0, 0, 1, 1)],
                ..Default::default()
            });
            let mut layout = SheetLayout::default();
            layout.hidden_rows.insert(3);
            sv.finish(layout);
        });
        Arc::try_unwrap(seen).unwrap().into_inner().unwrap()
    }

    #[test]
    fn the_visitor_sees_the_same_calls_in_the_same_order() {
        // Several batches' worth, so batches are recycled.
        let one = visit(false, 5000, 1);
        let two = visit(true, 5000, 1);
        assert_eq!(one.len(), 5000 * 6 + 2);
        assert_eq!(one, two);
    }

    /// Prework that answers each cell with its own coordinates.
    struct Coords;
    impl CellPrework for Coords {
        fn run(&mut self, cells: &[Cell<'_>], result: &mut Option<Box<dyn Any + Send>>) {
            let all = result.get_or_insert_with(|| Box::new(Vec::<(u32, u32)>::new()));
            let all = all.downcast_mut::<Vec<(u32, u32)>>().unwrap();
            all.extend(cells.iter().map(|c| (c.row, c.col)));
        }
    }

    /// Records like [`Rec`], offers [`Coords`] once it has seen a cell, and
    /// checks that each prepared result is the cell's own.
    struct Offering {
        rec: Rec,
        prepared: Arc<Mutex<u64>>,
    }
    impl SheetVisitor for Offering {
        fn cell(&mut self, c: &Cell<'_>) {
            self.rec.cell(c);
        }
        fn cell_format(&mut self, row: u32, col: u32, f: &CellFormat) {
            self.rec.cell_format(row, col, f);
        }
        fn presentation(&mut self, p: &Presentation) {
            self.rec.presentation(p);
        }
        fn finish(self: Box<Self>, layout: SheetLayout) {
            Box::new(self.rec).finish(layout);
        }
        fn prework(&mut self) -> Option<Box<dyn CellPrework>> {
            let seen = !self.rec.0.lock().unwrap().is_empty();
            seen.then(|| Box::new(Coords) as Box<dyn CellPrework>)
        }
        fn cells(&mut self, cells: &[Cell<'_>], done: Option<Prepared<'_>>) {
            for (i, c) in cells.iter().enumerate() {
                if let Some(d) = done {
                    let coords = d.result.downcast_ref::<Vec<(u32, u32)>>().unwrap();
                    assert_eq!(coords[d.first + i], (c.row, c.col));
                    *self.prepared.lock().unwrap() += 1;
                }
                self.rec.cell(c);
            }
        }
    }

    #[test]
    fn prework_results_come_back_with_their_own_cells() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let prepared = Arc::new(Mutex::new(0));
        let visitor = Offering {
            rec: Rec(seen.clone()),
            prepared: prepared.clone(),
        };
        // Formats between the cells split each batch into runs of cells,
        // most longer than the chunks the runs are visited and prepared in.
        // The reader helps with every batch once it has the prework.
        let rows = 40_000;
        run_helping(Box::new(visitor), 0, |mut sv| {
            feed_with(sv.as_mut(), rows, 97);
            sv.finish(SheetLayout::default());
        });
        let prepared = *prepared.lock().unwrap();
        // Batches read before the offer reached the reader go unprepared (a
        // few of about 50); the rest are prepared.
        assert!(prepared > rows as u64 * 5 / 2, "{prepared} cells prepared");
        let mut one = visit(false, rows, 97);
        one.retain(|s| !matches!(s, Seen::Presentation(_)));
        if let Some(Seen::Finish(n)) = one.last_mut() {
            *n = 0;
        }
        assert_eq!(*seen.lock().unwrap(), one);
    }

    #[test]
    fn an_unfinished_sheet_is_dropped_unfinished() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let r: Result<(), &str> = run(Box::new(Rec(seen.clone())), true, |mut sv| {
            feed(sv.as_mut(), 10);
            Err("corrupt")
        });
        assert_eq!(r, Err("corrupt"));
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 10 * 6);
        assert!(!seen.iter().any(|s| matches!(s, Seen::Finish(_))));
    }

    #[test]
    fn a_panic_while_visiting_reaches_the_reader() {
        struct Boom;
        impl SheetVisitor for Boom {
            fn cell(&mut self, _: &Cell<'_>) {
                panic!("visitor bug");
            }
            fn finish(self: Box<Self>, _: SheetLayout) {}
        }
        let r = std::panic::catch_unwind(|| {
            run(Box::new(Boom), true, |mut sv| {
                feed(sv.as_mut(), 10_000);
                sv.finish(SheetLayout::default());
            })
        });
        assert!(r.is_err());
    }
}
