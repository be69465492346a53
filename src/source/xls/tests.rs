//! Tests for the xls reader: hand-built BIFF8 workbooks inside compound
//! files, and the real files of the shared corpus when present.

use std::io::{Cursor, Write};

use super::*;
use crate::model::{Hide, SheetLayout, SheetState};
use crate::source::recorder::Recorder;

// ---------------------------------------------------------------------------
// What the shared recording visitor saw, as plain data.

#[derive(Default, Debug)]
pub(crate) struct Seen {
    pub sheets: Vec<SheetInfo>,
    /// (sheet, row, col, value, formula, hide)
    pub cells: Vec<(String, u32, u32, String, Option<String>, Hide)>,
    pub layouts: Vec<(String, SheetLayout)>,
    pub features: Vec<Feature>,
    /// (kind, field, hidden, text, location)
    pub texts: Vec<(Kind, Option<String>, bool, String, Location)>,
    pub incomplete: Vec<(Location, String)>,
    /// (sheet, row, col, format) from `cell_format`.
    pub formats: Vec<(String, u32, u32, crate::model::CellFormat)>,
    pub presentations: Vec<(String, crate::model::Presentation)>,
}

impl From<Recorder> for Seen {
    /// Everything `rec` recorded; values as
    /// [`V::show`](crate::source::recorder::V::show) prints them.
    fn from(rec: Recorder) -> Seen {
        let texts = rec.texts.into_inner().unwrap();
        Seen {
            sheets: rec.sheets.into_inner().unwrap(),
            cells: (rec.cells.into_inner().unwrap().into_iter())
                .map(|c| (c.sheet, c.row, c.col, c.value.show(), c.formula, c.hide))
                .collect(),
            layouts: rec.layouts.into_inner().unwrap(),
            features: rec.features.into_inner().unwrap(),
            texts: (texts.into_iter())
                .map(|t| (t.kind, t.field, t.hidden, t.text, t.location))
                .collect(),
            incomplete: rec.incomplete.into_inner().unwrap(),
            formats: rec.formats.into_inner().unwrap(),
            presentations: rec.presentations.into_inner().unwrap(),
        }
    }
}

impl Seen {
    pub fn cell(
        &self,
        sheet: &str,
        row: u32,
        col: u32,
    ) -> Option<&(String, u32, u32, String, Option<String>, Hide)> {
        self.cells
            .iter()
            .find(|c| c.0 == sheet && c.1 == row && c.2 == col)
    }
    pub fn features_of(&self, k: Kind) -> Vec<&Feature> {
        self.features.iter().filter(|f| f.kind == k).collect()
    }
    pub fn has_text(&self, k: Kind, needle: &str) -> bool {
        self.texts.iter().any(|t| t.0 == k && t.3.contains(needle))
    }
}

pub(crate) fn run(bytes: &[u8]) -> (Result<()>, Seen) {
    let v = Recorder::default();
    let ctx = Context::new("t.xls", Limits::default());
    let r = XlsReader.inspect(Input::Bytes(bytes), &ctx, &v);
    (r, Seen::from(v))
}

// ---------------------------------------------------------------------------
// A tiny BIFF8 writer.

fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend(dt.to_le_bytes());
    d.extend([0u8; 12]);
    d
}

/// XLUnicodeString, compressed.
fn xlstr(s: &str) -> Vec<u8> {
    let mut d = (s.len() as u16).to_le_bytes().to_vec();
    d.push(0);
    d.extend(s.as_bytes());
    d
}

fn rcx(row: u16, col: u16, xf: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(xf.to_le_bytes());
    d
}

fn label(row: u16, col: u16, s: &str) -> (u16, Vec<u8>) {
    let mut d = rcx(row, col, 0);
    d.extend(xlstr(s));
    (0x0204, d)
}

fn number(row: u16, col: u16, v: f64) -> (u16, Vec<u8>) {
    let mut d = rcx(row, col, 0);
    d.extend(v.to_le_bytes());
    (0x0203, d)
}

fn row_rec(row: u16, hidden: bool, level: u16) -> (u16, Vec<u8>) {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(0u16.to_le_bytes());
    d.extend(2u16.to_le_bytes());
    d.extend(300u16.to_le_bytes());
    d.extend([0u8; 4]);
    let flags: u16 = level | if hidden { 0x0020 } else { 0 } | 0x0100;
    d.extend(flags.to_le_bytes());
    d.extend(15u16.to_le_bytes());
    (0x0208, d)
}

fn colinfo(first: u16, last: u16, hidden: bool) -> (u16, Vec<u8>) {
    let mut d = first.to_le_bytes().to_vec();
    d.extend(last.to_le_bytes());
    d.extend(2000u16.to_le_bytes());
    d.extend(15u16.to_le_bytes());
    d.extend((if hidden { 1u16 } else { 0 }).to_le_bytes());
    d.extend(0u16.to_le_bytes());
    (0x007D, d)
}

struct SheetSpec {
    name: &'static str,
    hs: u8,
    dt: u8,
    records: Vec<(u16, Vec<u8>)>,
}

fn sheet(name: &'static str, hs: u8, records: Vec<(u16, Vec<u8>)>) -> SheetSpec {
    SheetSpec {
        name,
        hs,
        dt: 0,
        records,
    }
}

/// Build a Workbook stream: globals (with `globals` records) and sheets.
fn workbook(globals: Vec<(u16, Vec<u8>)>, sheets: &[SheetSpec]) -> Vec<u8> {
    let mut out = Vec::new();
    rec(&mut out, 0x0809, &bof(0x0005));
    rec(&mut out, 0x0042, &1200u16.to_le_bytes());
    for (t, d) in &globals {
        rec(&mut out, *t, d);
    }
    let mut patch = Vec::new();
    for s in sheets {
        let mut d = 0u32.to_le_bytes().to_vec();
        d.push(s.hs);
        d.push(s.dt);
        d.push(s.name.len() as u8);
        d.push(0);
        d.extend(s.name.as_bytes());
        patch.push(out.len() + 4);
        rec(&mut out, 0x0085, &d);
    }
    rec(&mut out, 0x000A, &[]);
    for (s, p) in sheets.iter().zip(patch) {
        let pos = out.len() as u32;
        out[p..p + 4].copy_from_slice(&pos.to_le_bytes());
        rec(
            &mut out,
            0x0809,
            &bof(if s.dt == 2 { 0x0020 } else { 0x0010 }),
        );
        for (t, d) in &s.records {
            rec(&mut out, *t, d);
        }
        rec(&mut out, 0x000A, &[]);
    }
    out
}

/// Wrap streams in a compound file.
pub(crate) fn cfb_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (path, data) in streams {
        let parent = std::path::Path::new(path).parent().unwrap();
        if parent != std::path::Path::new("/") {
            cf.create_storage_all(parent).unwrap();
        }
        let mut s = cf.create_stream(path).unwrap();
        s.write_all(data).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn xls(globals: Vec<(u16, Vec<u8>)>, sheets: &[SheetSpec]) -> Vec<u8> {
    cfb_file(&[("/Workbook", &workbook(globals, sheets))])
}

// ---------------------------------------------------------------------------

#[test]
fn hidden_and_very_hidden_sheets() {
    let f = xls(
        vec![],
        &[
            sheet("Counts", 0, vec![label(0, 0, "Rank"), number(0, 1, 12.0)]),
            sheet("Staff", 1, vec![label(0, 0, "PC 4521 Jane Doe")]),
            sheet(
                "Secret",
                2,
                vec![label(3, 2, "DS 77 John Roe"), number(3, 3, 5.0)],
            ),
            sheet("Blank", 1, vec![]),
        ],
    );
    assert_eq!(sniff_cfb(Input::Bytes(&f)).unwrap(), Format::Xls);
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.sheets.len(), 4);
    assert_eq!(s.sheets[1].state, SheetState::Hidden);
    assert_eq!(s.sheets[2].state, SheetState::VeryHidden);
    assert_eq!(s.cell("Counts", 0, 1).unwrap().5, Hide::NONE);
    assert_eq!(s.cell("Counts", 0, 0).unwrap().3, "Rank");
    assert_eq!(s.cell("Staff", 0, 0).unwrap().5, Hide::SHEET);
    let secret = s.cell("Secret", 3, 2).unwrap();
    assert_eq!(secret.3, "DS 77 John Roe");
    assert!(secret.5.contains(Hide::SHEET_VERY) && secret.5.contains(Hide::SHEET));
    let hs = s.features_of(Kind::HiddenSheet);
    let v = |name: &str| {
        hs.iter()
            .find(|f| f.location.sheet.as_deref() == Some(name))
            .map(|f| (f.variant, f.count))
    };
    assert_eq!(v("Staff"), Some((Some("hidden"), 1)));
    assert_eq!(v("Secret"), Some((Some("very_hidden"), 2)));
    assert_eq!(v("Blank"), Some((Some("empty"), 0)));
    assert_eq!(v("Counts"), None);
}

#[test]
fn hidden_rows_columns_filter_and_outline() {
    let f = xls(
        vec![],
        &[
            sheet(
                "S",
                0,
                vec![
                    colinfo(1, 1, true),
                    colinfo(2, 3, false),
                    row_rec(0, false, 0),
                    row_rec(1, true, 0),
                    row_rec(2, true, 1),
                    label(0, 0, "visible"),
                    label(0, 1, "in hidden column"),
                    label(1, 0, "in hidden row"),
                    label(2, 2, "collapsed"),
                ],
            ),
            sheet(
                "F",
                0,
                vec![
                    (0x009D, 1u16.to_le_bytes().to_vec()),
                    row_rec(4, true, 0),
                    label(4, 0, "filtered out"),
                ],
            ),
        ],
    );
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.cell("S", 0, 0).unwrap().5, Hide::NONE);
    assert_eq!(s.cell("S", 0, 1).unwrap().5, Hide::COLUMN);
    assert_eq!(s.cell("S", 1, 0).unwrap().5, Hide::ROW);
    assert_eq!(s.cell("S", 2, 2).unwrap().5, Hide::ROW | Hide::COLLAPSED);
    let (_, l) = s.layouts.iter().find(|l| l.0 == "S").unwrap();
    assert_eq!(l.hidden_rows.ranges(), &[(1, 2)]);
    assert_eq!(l.hidden_columns.ranges(), &[(1, 1)]);
    assert!(!l.has_autofilter);
    assert_eq!(s.cell("F", 4, 0).unwrap().5, Hide::ROW | Hide::FILTERED);
    let (_, l) = s.layouts.iter().find(|l| l.0 == "F").unwrap();
    assert!(l.has_autofilter);
}

#[test]
fn default_row_height_zero_hides_rows_without_their_own_record() {
    let mut drh = 0x0002u16.to_le_bytes().to_vec();
    drh.extend(255u16.to_le_bytes());
    let f = xls(
        vec![],
        &[sheet(
            "S",
            0,
            vec![
                (0x0225, drh),
                row_rec(0, false, 0),
                label(0, 0, "shown"),
                label(9, 0, "hidden"),
            ],
        )],
    );
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.cell("S", 0, 0).unwrap().5, Hide::NONE);
    assert_eq!(s.cell("S", 9, 0).unwrap().5, Hide::ROW);
}

fn note_records(row: u16, col: u16, id: u16, author: &str, text: &str) -> Vec<(u16, Vec<u8>)> {
    // OBJ with ftCmo (ot = 0x19 note), then TXO + text CONTINUE + runs CONTINUE, then NOTE.
    let mut obj = vec![0x15, 0x00, 0x12, 0x00];
    obj.extend(0x19u16.to_le_bytes());
    obj.extend(id.to_le_bytes());
    obj.extend([0u8; 14]);
    obj.extend([0u8; 4]); // ftEnd
    let mut txo = vec![0u8; 10];
    txo.extend((text.len() as u16).to_le_bytes());
    txo.extend(16u16.to_le_bytes());
    txo.extend([0u8; 6]);
    let mut cont = vec![0u8];
    cont.extend(text.as_bytes());
    let runs = vec![0u8; 16];
    let mut note = rcx(row, col, 0);
    note.truncate(4);
    note.extend(0u16.to_le_bytes());
    note.extend(id.to_le_bytes());
    note.extend(xlstr(author));
    note.push(0);
    vec![
        (0x005D, obj),
        (0x01B6, txo),
        (0x003C, cont),
        (0x003C, runs),
        (0x001C, note),
    ]
}

#[test]
fn notes_give_author_and_text() {
    let mut recs = vec![label(0, 0, "x")];
    recs.extend(note_records(4, 2, 1, "Jane Doe", "Checked by PC 4521"));
    let f = xls(vec![], &[sheet("S", 0, recs)]);
    let (r, s) = run(&f);
    r.unwrap();
    let c = s.features_of(Kind::Comment);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].location.cell.as_deref(), Some("C5"));
    assert_eq!(c[0].location.sheet.as_deref(), Some("S"));
    let author = s
        .texts
        .iter()
        .find(|t| t.0 == Kind::Comment && t.1.as_deref() == Some("author"));
    assert_eq!(author.map(|t| t.3.as_str()), Some("Jane Doe"));
    let text = s
        .texts
        .iter()
        .find(|t| t.0 == Kind::Comment && t.1.is_none())
        .unwrap();
    assert_eq!(text.3, "Checked by PC 4521");
    assert!(text.2, "a note that is not shown is hidden text");
}

#[test]
fn filepass_is_encrypted() {
    let f = xls(
        vec![(0x002F, vec![1, 0, 1, 0, 1, 0])],
        &[sheet("S", 0, vec![label(0, 0, "x")])],
    );
    assert_eq!(run(&f).0, Err(SourceError::Encrypted));
}

#[test]
fn encrypted_ooxml_is_encrypted() {
    let f = cfb_file(&[
        ("/EncryptionInfo", &[4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("/EncryptedPackage", &[0u8; 600]),
    ]);
    assert_eq!(sniff_cfb(Input::Bytes(&f)), Err(SourceError::Encrypted));
    assert_eq!(run(&f).0, Err(SourceError::Encrypted));
}

#[test]
fn word_file_is_unsupported() {
    let f = cfb_file(&[
        ("/WordDocument", &[0xEC, 0xA5, 0, 0]),
        ("/1Table", &[0u8; 100]),
    ]);
    assert!(matches!(
        sniff_cfb(Input::Bytes(&f)),
        Err(SourceError::Unsupported(_))
    ));
    assert!(matches!(run(&f).0, Err(SourceError::Unsupported(_))));
}

#[test]
fn truncated_records_are_corrupt() {
    let mut wb = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "Jane Doe")])]);
    // Cut the stream inside the sheet's LABEL record.
    wb.truncate(wb.len() - 8);
    let f = cfb_file(&[("/Workbook", &wb)]);
    assert!(
        matches!(run(&f).0, Err(SourceError::Corrupt(_))),
        "{:?}",
        run(&f).0
    );
    // A record inside a sheet whose length runs past the end of the stream.
    let mut wb = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "Jane Doe")])]);
    let p = wb.windows(2).rposition(|w| w == [0x04, 0x02]).unwrap();
    wb[p + 2..p + 4].copy_from_slice(&0x2000u16.to_le_bytes());
    let f = cfb_file(&[("/Workbook", &wb)]);
    assert!(matches!(run(&f).0, Err(SourceError::Corrupt(_))));
    // A sheet whose BOUNDSHEET position points nowhere.
    let mut wb = workbook(vec![], &[sheet("S", 0, vec![])]);
    let p = wb.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
    wb[p..p + 4].copy_from_slice(&9999u32.to_le_bytes());
    let f = cfb_file(&[("/Workbook", &wb)]);
    assert!(matches!(run(&f).0, Err(SourceError::Corrupt(_))));
    // Garbage that is not a compound file at all.
    let mut junk = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    junk.extend([0xFFu8; 600]);
    assert!(run(&junk).0.is_err());
}

/// SST with a string split over a CONTINUE record (the second half in UTF-16).
#[test]
fn shared_strings_across_continue() {
    let mut sst = 2u32.to_le_bytes().to_vec();
    sst.extend(2u32.to_le_bytes());
    sst.extend(xlstr("Rank"));
    sst.extend(8u16.to_le_bytes());
    sst.push(0);
    sst.extend(b"Jane");
    let mut cont = vec![1u8];
    cont.extend(" Doé".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let lsst = |row: u16, i: u32| {
        let mut d = rcx(row, 0, 0);
        d.extend(i.to_le_bytes());
        (0x00FD, d)
    };
    let f = xls(
        vec![(0x00FC, sst), (0x003C, cont)],
        &[sheet("S", 0, vec![lsst(0, 0), lsst(1, 1)])],
    );
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.cell("S", 0, 0).unwrap().3, "Rank");
    assert_eq!(s.cell("S", 1, 0).unwrap().3, "Jane Doé");
    // An index past the table is corrupt.
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(xlstr("a"));
    let f = xls(vec![(0x00FC, sst)], &[sheet("S", 0, vec![lsst(0, 5)])]);
    assert!(matches!(run(&f).0, Err(SourceError::Corrupt(_))));
}

#[test]
fn formulas_rk_and_names() {
    // =Secret!A1 as a Ref3d through EXTERNSHEET -> SUPBOOK (internal).
    let mut supbook = 2u16.to_le_bytes().to_vec();
    supbook.extend(0x0401u16.to_le_bytes());
    let mut externsheet = 1u16.to_le_bytes().to_vec();
    externsheet.extend([0, 0, 1, 0, 1, 0]);
    let mut rgce = vec![0x3A];
    rgce.extend(0u16.to_le_bytes());
    rgce.extend(0u16.to_le_bytes());
    rgce.extend(0xC000u16.to_le_bytes()); // relative row and column A
    let mut fmla = rcx(0, 1, 0);
    fmla.extend(42.0f64.to_le_bytes());
    fmla.extend([0u8; 6]);
    fmla.extend((rgce.len() as u16).to_le_bytes());
    fmla.extend(&rgce);
    // A hidden defined name holding a constant string, and a built-in name.
    let name = |grbit: u16, builtin: bool, name: &[u8], rgce: &[u8]| {
        let mut d = grbit.to_le_bytes().to_vec();
        d.push(0);
        d.push(name.len() as u8);
        d.extend((rgce.len() as u16).to_le_bytes());
        d.extend([0u8; 2]);
        d.extend(if builtin { 1u16 } else { 0 }.to_le_bytes());
        d.extend([0u8; 4]);
        d.push(0);
        d.extend(name);
        d.extend(rgce);
        (0x0018, d)
    };
    let mut str_rgce = vec![0x17, 8, 0];
    str_rgce.extend(b"Jane Doe");
    let mut area = vec![0x3B];
    area.extend(0u16.to_le_bytes());
    area.extend([0, 0, 9, 0, 0, 0, 2, 0]);
    let rkrec = {
        let mut d = rcx(2, 0, 0);
        d.extend(((7 << 2) | 2u32).to_le_bytes());
        (0x027E, d)
    };
    let mut mulrk = rcx(3, 0, 0);
    mulrk.truncate(4);
    for v in [1u32, 2] {
        mulrk.extend(0u16.to_le_bytes());
        mulrk.extend(((v << 2) | 2).to_le_bytes());
    }
    mulrk.extend(1u16.to_le_bytes());
    let f = xls(
        vec![
            (0x01AE, supbook),
            (0x0017, externsheet),
            name(0x0001, false, b"Who", &str_rgce),
            name(0x0021, true, &[0x0D], &area),
        ],
        &[
            sheet("Front", 0, vec![(0x0006, fmla), rkrec, (0x00BD, mulrk)]),
            sheet("Secret", 1, vec![label(0, 0, "x")]),
        ],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let c = s.cell("Front", 0, 1).unwrap();
    assert_eq!(c.3, "42");
    assert_eq!(c.4.as_deref(), Some("Secret!A1"));
    assert_eq!(s.cell("Front", 2, 0).unwrap().3, "7");
    assert_eq!(s.cell("Front", 3, 1).unwrap().3, "2");
    let names = s.features_of(Kind::DefinedName);
    let who = names
        .iter()
        .find(|f| f.sample.as_deref().unwrap_or("").starts_with("Who"))
        .unwrap();
    assert_eq!(who.variant, Some("hidden"));
    let fd = names.iter().find(|f| f.variant == Some("builtin")).unwrap();
    assert!(
        fd.sample
            .as_deref()
            .unwrap()
            .starts_with("_xlnm._FilterDatabase = Secret!$A$1:$C$10"),
        "{fd:?}"
    );
    assert!(s.has_text(Kind::DefinedName, "\"Jane Doe\""));
}

/// A name written into a number format shows in every cell that uses it:
/// the format's fixed text is visible text, as in an xlsx's styles.
#[test]
fn number_format_text_is_visible_text() {
    let mut fmt = 164u16.to_le_bytes().to_vec();
    fmt.extend(xlstr("\"DC Ivo Stannard: \"0"));
    let mut plain = 165u16.to_le_bytes().to_vec();
    plain.extend(xlstr("#,##0.00"));
    let f = xls(
        vec![(0x041E, fmt), (0x041E, plain)],
        &[sheet("S", 0, vec![label(0, 0, "x")])],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let t: Vec<_> = s
        .texts
        .iter()
        .filter(|t| t.1.as_deref() == Some("number format"))
        .collect();
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].3, "DC Ivo Stannard: ");
    assert!(!t[0].2, "shown in the cells: not hidden");
}

#[test]
fn xlm_macro_sheet_chart_and_invisible_format() {
    // XF 0 with number format 164 ";;;"; a FONT; XF pointing at it.
    let mut fmt = 164u16.to_le_bytes().to_vec();
    fmt.extend(xlstr(";;;"));
    let mut font = 200u16.to_le_bytes().to_vec();
    font.extend([0u8; 2]);
    font.extend(0x7FFFu16.to_le_bytes());
    font.extend([0u8; 8]);
    let xf = |ifmt: u16| {
        let mut d = 0u16.to_le_bytes().to_vec();
        d.extend(ifmt.to_le_bytes());
        // Flags, then the alignment byte as Excel writes it by default
        // (alcV = 2, the bottom), then the rest.
        d.extend([0u8, 0, 0x20]);
        d.extend([0u8; 13]);
        (0x00E0, d)
    };
    let mut hidden_label = rcx(0, 0, 1);
    hidden_label.extend(xlstr("Jane Doe"));
    let mut macro_sheet = sheet("Macro1", 1, vec![label(0, 0, "=HALT()")]);
    macro_sheet.dt = 1;
    let f = xls(
        vec![(0x041E, fmt), (0x0031, font), xf(0), xf(164)],
        &[
            sheet("S", 0, vec![(0x0204, hidden_label), label(1, 0, "shown")]),
            macro_sheet,
        ],
    );
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.cell("S", 0, 0).unwrap().5, Hide::INVISIBLE);
    assert_eq!(s.cell("S", 1, 0).unwrap().5, Hide::NONE);
    let m = s.features_of(Kind::Macro);
    assert!(m.iter().any(|f| f.variant == Some("xlm_macrosheet")));
    assert_eq!(s.sheets[1].kind, crate::model::SheetKind::Macrosheet);
}

#[test]
fn cell_formats_widths_and_merged_cells() {
    use crate::model::{CellFormat, Presentation};
    let mut fmt = 165u16.to_le_bytes().to_vec();
    fmt.extend(xlstr("dd/mm/yyyy"));
    let font = |weight: u16| {
        let mut d = 200u16.to_le_bytes().to_vec();
        d.extend([0u8; 2]);
        d.extend(0x7FFFu16.to_le_bytes());
        d.extend(weight.to_le_bytes());
        d.extend([0u8; 6]);
        (0x0031, d)
    };
    let xf = |font: u16, ifmt: u16| {
        let mut d = font.to_le_bytes().to_vec();
        d.extend(ifmt.to_le_bytes());
        // Flags, then the alignment byte as Excel writes it by default
        // (alcV = 2, the bottom), then the rest.
        d.extend([0u8, 0, 0x20]);
        d.extend([0u8; 13]);
        (0x00E0, d)
    };
    let cell = |row: u16, col: u16, ixfe: u16, v: f64| {
        let mut d = rcx(row, col, ixfe);
        d.extend(v.to_le_bytes());
        (0x0203, d)
    };
    let mut title = rcx(0, 0, 1);
    title.extend(xlstr("Staff counts"));
    let mut widths = 1u16.to_le_bytes().to_vec();
    widths.extend(2u16.to_le_bytes());
    widths.extend(7862u16.to_le_bytes()); // 30 characters
    widths.extend([0u8; 4]);
    // Two ranges: A1:C1 and B6:D8 (first row, last row, first col, last col).
    let mut merged = 2u16.to_le_bytes().to_vec();
    for v in [0u16, 0, 0, 2, 5, 7, 1, 3] {
        merged.extend(v.to_le_bytes());
    }
    let f = xls(
        vec![
            (0x041E, fmt),
            font(400),
            font(700),
            xf(0, 0),
            xf(1, 0),
            xf(0, 2),
            xf(0, 165),
            xf(0, 14),
            xf(1, 3),
            // Wrapped, centred, at the top: alc 2, fWrap, alcV 0.
            (0x00E0, {
                let mut d = xf(0, 0).1;
                d[6] = 0x02 | 0x08;
                d
            }),
        ],
        &[
            sheet(
                "S",
                0,
                vec![
                    (0x007D, widths),
                    (0x0204, title),
                    label(0, 2, "Quarrendon 825729"),
                    label(1, 0, "plain"),
                    cell(2, 0, 2, 2.5),
                    cell(2, 1, 3, 45292.0),
                    cell(2, 2, 4, 45292.0),
                    cell(2, 3, 5, 12345.0),
                    // Row 4 of its own height, 45 points (fUnsynced).
                    (0x0208, {
                        let mut d = 3u16.to_le_bytes().to_vec();
                        d.extend([0u8, 0, 1, 0]);
                        d.extend(900u16.to_le_bytes());
                        d.extend([0u8; 4]);
                        d.extend((0x0040u16 | 0x0100).to_le_bytes());
                        d.extend(15u16.to_le_bytes());
                        d
                    }),
                    (0x0204, {
                        let mut d = rcx(3, 0, 6);
                        d.extend(xlstr("Figures are headcount."));
                        d
                    }),
                    (0x00E5, merged),
                    // WINDOW2 (frozen), then PANE: one column, three rows.
                    (0x023E, [0x08u8, 0, 0, 0, 0, 0].to_vec()),
                    (0x0041, [1u8, 0, 3, 0, 3, 0, 1, 0, 0, 0].to_vec()),
                ],
            ),
            sheet("Plain", 0, vec![label(0, 0, "x")]),
        ],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let at = |row: u32, col: u32| {
        s.formats
            .iter()
            .find(|f| f.0 == "S" && f.1 == row && f.2 == col)
            .map(|f| f.3.clone())
    };
    let look = |bold: bool, code: Option<&str>| {
        Some(CellFormat {
            bold,
            num_format: code.map(str::to_string),
            ..Default::default()
        })
    };
    assert_eq!(at(0, 0), look(true, None));
    assert_eq!(at(1, 0), None);
    assert_eq!(
        at(3, 0),
        Some(CellFormat {
            wrap: true,
            align: crate::model::Align {
                horizontal: crate::model::HAlign::Centre,
                vertical: crate::model::VAlign::Top,
            },
            ..Default::default()
        })
    );
    assert_eq!(at(2, 0), look(false, Some("0.00")));
    assert_eq!(at(2, 1), look(false, Some("dd/mm/yyyy")));
    assert_eq!(at(2, 2), look(false, Some("mm-dd-yy")));
    assert_eq!(at(2, 3), look(true, Some("#,##0")));
    assert_eq!(s.formats.len(), 6);
    // A value under a merged range cannot be seen; the top-left cell can.
    assert_eq!(s.cell("S", 0, 0).unwrap().5, Hide::NONE);
    assert_eq!(s.cell("S", 0, 2).unwrap().5, Hide::INVISIBLE);
    assert_eq!(s.cell("S", 1, 0).unwrap().5, Hide::NONE);
    assert_eq!(
        s.presentations,
        vec![(
            "S".to_string(),
            Presentation {
                column_widths: vec![(1, 2, 30.0)],
                merged: vec![(0, 0, 0, 2), (5, 1, 7, 3)],
                freeze: Some((3, 1)),
                row_heights: vec![(3, 45.0)],
                ..Default::default()
            }
        )]
    );
    // A MERGEDCELLS record cut off inside a range is corrupt.
    let mut cut = 2u16.to_le_bytes().to_vec();
    cut.extend([0u8; 10]);
    let bad = xls(vec![], &[sheet("S", 0, vec![(0x00E5, cut)])]);
    assert!(matches!(run(&bad).0, Err(SourceError::Corrupt(_))));
}

fn hlink(row: u16, col: u16, url: &str) -> (u16, Vec<u8>) {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(row.to_le_bytes());
    d.extend(col.to_le_bytes());
    d.extend(col.to_le_bytes());
    d.extend([0u8; 16]);
    d.extend(2u32.to_le_bytes());
    d.extend(0x03u32.to_le_bytes()); // has moniker, absolute
    d.extend(super::hyperlinks::CLSID_URL);
    let w: Vec<u8> = url
        .encode_utf16()
        .chain([0])
        .flat_map(|u| u.to_le_bytes())
        .collect();
    d.extend((w.len() as u32).to_le_bytes());
    d.extend(w);
    (0x01B8, d)
}

#[test]
fn hyperlinks_headers_and_text_boxes() {
    let mut textbox_obj = vec![0x15, 0x00, 0x12, 0x00];
    textbox_obj.extend(6u16.to_le_bytes());
    textbox_obj.extend(2u16.to_le_bytes());
    textbox_obj.extend([0u8; 18]);
    let text = "Prepared by DC Jane Doe";
    let mut txo = vec![0u8; 10];
    txo.extend((text.len() as u16).to_le_bytes());
    txo.extend(16u16.to_le_bytes());
    txo.extend([0u8; 6]);
    let mut cont = vec![0u8];
    cont.extend(text.as_bytes());
    let f = xls(
        vec![],
        &[sheet(
            "S",
            0,
            vec![
                (0x0014, xlstr("&LOFFICIAL-SENSITIVE")),
                (0x0015, vec![]),
                label(0, 0, "link"),
                hlink(0, 0, "file:///C:/Users/jdoe/staff.xls"),
                hlink(1, 0, "https://example.org/"),
                (0x005D, textbox_obj),
                (0x01B6, txo),
                (0x003C, cont),
                (0x003C, vec![0u8; 16]),
            ],
        )],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let links = s.features_of(Kind::Hyperlink);
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].variant, Some("local_path"));
    assert_eq!(links[0].location.cell.as_deref(), Some("A1"));
    assert_eq!(links[1].variant, Some("web"));
    assert!(s.has_text(Kind::Hyperlink, "C:/Users/jdoe"));
    assert_eq!(s.features_of(Kind::HeaderFooter).len(), 1);
    assert!(s.has_text(Kind::HeaderFooter, "OFFICIAL-SENSITIVE"));
    assert_eq!(s.features_of(Kind::DrawingText).len(), 1);
    assert!(s.has_text(Kind::DrawingText, "DC Jane Doe"));
}

/// A team as the author is no person (the test an xlsx's core properties
/// use); a person as the last author is.
#[test]
fn a_team_as_author_names_no_person() {
    let wb = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "x")])]);
    for (props, variant, sample) in [
        (vec![(4, "FOI Unit")], "organisation", "FOI Unit"),
        (vec![(4, "FOI Unit"), (8, "John Roe")], "person", "John Roe"),
    ] {
        let si = oleps::build_summary(&props);
        let f = cfb_file(&[("/Workbook", &wb), ("/\u{5}SummaryInformation", &si)]);
        let (r, s) = run(&f);
        r.unwrap();
        let p = s.features_of(Kind::DocumentProperties);
        assert!(
            p.iter()
                .any(|p| p.variant == Some(variant) && p.sample.as_deref() == Some(sample)),
            "{props:?}: {p:?}"
        );
    }
}

#[test]
fn other_streams_properties_vba_and_unknown() {
    let wb = workbook(
        vec![(0x005C, {
            let mut d = xlstr("jdoe");
            d.resize(112, b' ');
            d
        })],
        &[sheet("S", 0, vec![label(0, 0, "x")])],
    );
    let si = oleps::build_summary(&[(4, "Jane Doe"), (8, "John Roe")]);
    let dsi = oleps::build_summary(&[]);
    let mut dir = Vec::new();
    let drec = |dir: &mut Vec<u8>, id: u16, data: &[u8]| {
        dir.extend(id.to_le_bytes());
        dir.extend((data.len() as u32).to_le_bytes());
        dir.extend(data);
    };
    drec(&mut dir, 0x0019, b"Module1");
    drec(&mut dir, 0x001A, b"Module1");
    drec(&mut dir, 0x0031, &0u32.to_le_bytes());
    drec(&mut dir, 0x002B, &[]);
    drec(&mut dir, 0x0010, &[]);
    let lit = |data: &[u8]| {
        let mut out = vec![0x01];
        let mut body = Vec::new();
        for g in data.chunks(8) {
            body.push(0);
            body.extend_from_slice(g);
        }
        out.extend((0xB000u16 | (body.len() as u16 + 2 - 3)).to_le_bytes());
        out.extend(body);
        out
    };
    let dir = lit(&dir);
    let module = lit(b"Sub A()\r\n' owner: Jane Doe\r\nEnd Sub");
    let f = cfb_file(&[
        ("/Workbook", &wb),
        ("/\u{5}SummaryInformation", &si),
        ("/\u{5}DocumentSummaryInformation", &dsi),
        ("/_VBA_PROJECT_CUR/VBA/dir", &dir),
        ("/_VBA_PROJECT_CUR/VBA/Module1", &module),
        ("/Mystery", b"\x00\x01staff list PC 4521\x00"),
        ("/\u{1}CompObj", &[0u8; 40]),
    ]);
    let (r, s) = run(&f);
    r.unwrap();
    let props = s.features_of(Kind::DocumentProperties);
    assert!(props.iter().any(|p| p.variant == Some("person")
        && p.location.part.as_deref() == Some("\\x05SummaryInformation")));
    assert!(props.iter().any(|p| p.variant == Some("empty")));
    assert!(
        props.iter().any(|p| p.sample.as_deref() == Some("jdoe")),
        "WRITEACCESS user name"
    );
    assert!(
        s.texts
            .iter()
            .any(|t| t.1.as_deref() == Some("author") && t.3 == "Jane Doe")
    );
    assert!(
        s.texts
            .iter()
            .any(|t| t.1.as_deref() == Some("lastAuthor") && t.3 == "John Roe")
    );
    let m = s.features_of(Kind::Macro);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].variant, Some("vba"));
    assert!(
        s.texts
            .iter()
            .any(|t| t.1.as_deref() == Some("vba_module") && t.3.contains("Jane Doe"))
    );
    let u = s.features_of(Kind::UnknownPart);
    assert_eq!(u.len(), 1, "{u:?}");
    assert_eq!(u[0].location.part.as_deref(), Some("Mystery"));
    assert!(s.has_text(Kind::UnknownPart, "staff list PC 4521"));
}

#[test]
fn embedded_workbook_storage_is_inspected() {
    let inner = workbook(
        vec![],
        &[sheet("Inner", 1, vec![label(0, 0, "PC 4521 Jane Doe")])],
    );
    let outer = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "x")])]);
    let f = cfb_file(&[
        ("/Workbook", &outer),
        ("/ObjectPool/_1234/Workbook", &inner),
        ("/ObjectPool/_1234/\u{1}CompObj", &[0u8; 30]),
    ]);
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.features_of(Kind::EmbeddedObject).len(), 1);
    let inner_sheet = s.sheets.iter().find(|x| x.name == "Inner").unwrap();
    assert_eq!(inner_sheet.embedded, vec!["ObjectPool/_1234".to_string()]);
    assert_eq!(s.cell("Inner", 0, 0).unwrap().5, Hide::SHEET);
    assert!(s.incomplete.is_empty(), "{:?}", s.incomplete);
}

#[test]
fn bytes_outside_any_sheet_are_reported() {
    let mut wb = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "x")])]);
    // An unlisted sheet substream after the last sheet, then junk text.
    rec(&mut wb, 0x0809, &bof(0x0010));
    let (t, d) = label(0, 0, "Hidden roster Jane Doe");
    rec(&mut wb, t, &d);
    rec(&mut wb, 0x000A, &[]);
    wb.extend(b"\xFF\xFFleftover text PC 4521");
    let f = cfb_file(&[("/Workbook", &wb)]);
    let (r, s) = run(&f);
    r.unwrap();
    let unlisted = s
        .sheets
        .iter()
        .find(|x| x.name.starts_with("(unlisted"))
        .unwrap();
    assert_eq!(unlisted.state, SheetState::VeryHidden);
    assert!(s.cells.iter().any(|c| c.3 == "Hidden roster Jane Doe"));
    assert!(s.has_text(Kind::UnknownPart, "leftover text PC 4521"));
}

#[test]
fn cell_limit_is_enforced() {
    let f = xls(
        vec![],
        &[sheet("S", 0, (0..10).map(|i| number(i, 0, 1.0)).collect())],
    );
    let v = Recorder::default();
    let mut limits = Limits::default();
    limits.max_cells = 5;
    let ctx = Context::new("t.xls", limits);
    let r = XlsReader.inspect(Input::Bytes(&f), &ctx, &v);
    assert!(matches!(r, Err(SourceError::Limit(_))));
}

// ---------------------------------------------------------------------------
// The real files of the shared corpus (skipped when absent).

/// The calamine part of the shared corpus: `../shared/corpus/real` beside the
/// checkout (as CI lays it out), else `/work/shared/corpus/real`.
pub(crate) fn corpus_dir() -> Option<std::path::PathBuf> {
    let beside =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/calamine");
    [
        beside,
        std::path::PathBuf::from("/work/shared/corpus/real/calamine"),
    ]
    .into_iter()
    .find(|d| d.is_dir())
}

pub(crate) fn corpus(ext: &str) -> Vec<std::path::PathBuf> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
        .collect();
    v.sort();
    v
}

#[test]
fn real_xls_files() {
    let files = corpus("xls");
    if files.is_empty() {
        eprintln!("corpus absent: skipped");
        return;
    }
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let v = Recorder::default();
        let ctx = Context::new(&name, Limits::default());
        let t = std::time::Instant::now();
        let sniffed = crate::source::sniff(Input::Path(&p), &ctx);
        let r = sniffed
            .clone()
            .and_then(|_| XlsReader.inspect(Input::Path(&p), &ctx, &v));
        let took = t.elapsed();
        assert!(took.as_secs() < 20, "{name} took {took:?}");
        let seen = Seen::from(v);
        eprintln!(
            "{name}: {:?} sheets={} cells={} features={}",
            r.as_ref().err(),
            seen.sheets.len(),
            seen.cells.len(),
            seen.features.len()
        );
        match name.as_str() {
            "issue_385.xls" => assert_eq!(r, Err(SourceError::Encrypted), "{name}"),
            n if n.starts_with("OOM_alloc") => {}
            "too_small.xls" => assert!(r.is_err(), "{name}"),
            _ => {
                r.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!seen.sheets.is_empty(), "{name}: no sheets");
            }
        }
    }
}

/// Cross-check cell values against calamine on the corpus (manual: run
/// with `--ignored --nocapture`).
#[test]
#[ignore]
fn compare_with_calamine() {
    use calamine::{Data, Reader as _};
    for p in corpus("xls") {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("OOM") {
            continue;
        }
        let v = Recorder::default();
        let ctx = Context::new(&name, Limits::default());
        if XlsReader.inspect(Input::Path(&p), &ctx, &v).is_err() {
            continue;
        }
        let seen = Seen::from(v);
        let Ok(mut wb) = calamine::open_workbook::<calamine::Xls<_>, _>(&p) else {
            eprintln!("{name}: calamine cannot open");
            continue;
        };
        let names = wb.sheet_names();
        let mut diffs = 0;
        let mut total = 0;
        for sn in names {
            let Ok(range) = wb.worksheet_range(&sn) else {
                continue;
            };
            let forms = wb.worksheet_formula(&sn).ok();
            for (r, c, d) in range.used_cells() {
                let (r, c) = (
                    r as u32 + range.start().unwrap().0,
                    c as u32 + range.start().unwrap().1,
                );
                let want = match d {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    Data::Bool(b) => format!("{b}"),
                    Data::DateTime(d) => format!("{}", d.as_f64()),
                    Data::Error(e) => format!("{e}"),
                    other => format!("{other:?}"),
                };
                total += 1;
                let mine = seen.cell(&sn, r, c).map(|x| x.3.clone());
                if mine.as_deref() != Some(want.as_str()) {
                    diffs += 1;
                    if diffs <= 5 {
                        eprintln!(
                            "  {name} {sn}!{}: calamine {want:?} mine {mine:?}",
                            crate::model::a1(r, c)
                        );
                    }
                }
            }
            if let Some(fr) = forms {
                for (r, c, f) in fr.used_cells() {
                    let (r, c) = (
                        r as u32 + fr.start().unwrap().0,
                        c as u32 + fr.start().unwrap().1,
                    );
                    let mine = seen.cell(&sn, r, c).and_then(|x| x.4.clone());
                    if mine.as_deref() != Some(f.as_str()) {
                        eprintln!(
                            "  {name} {sn}!{} formula: calamine {f:?} mine {mine:?}",
                            crate::model::a1(r, c)
                        );
                    }
                }
            }
        }
        let mine_total = seen.cells.iter().filter(|c| !c.3.is_empty()).count();
        eprintln!("{name}: calamine {total} cells, mine {mine_total} non-empty, {diffs} differ");
    }
}

/// Every truncation and many random byte changes of a workbook stream give
/// a result (Ok or an error), never a panic or a hang.
#[test]
fn mutated_streams_never_panic() {
    let mut recs = vec![
        colinfo(1, 1, true),
        row_rec(1, true, 0),
        label(0, 0, "Jane Doe"),
        number(1, 1, 3.5),
        hlink(0, 0, "file:///C:/Users/jdoe/x.xls"),
        (0x0014, xlstr("&LHeader")),
    ];
    recs.extend(note_records(2, 2, 1, "Author", "Note text"));
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(xlstr("Shared"));
    let wb = workbook(
        vec![(0x00FC, sst)],
        &[sheet("S", 0, recs), sheet("H", 2, vec![label(0, 0, "x")])],
    );
    let ctx = Context::new("t.xls", Limits::default());
    let check = |bytes: &[u8]| {
        let v = Recorder::default();
        let _ = read_workbook(bytes, "Workbook", &ctx, &v);
    };
    for cut in 0..wb.len() {
        check(&wb[..cut]);
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let mut m = wb.clone();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % m.len();
            m[i] = next() as u8;
        }
        check(&m);
    }
    // Property sets and VBA containers too.
    let si = oleps::build_summary(&[(4, "Jane Doe"), (8, "John Roe")]);
    for cut in 0..si.len() {
        let _ = oleps::parse(&si[..cut], "x");
    }
    for _ in 0..2000 {
        let mut m = si.clone();
        let i = (next() as usize) % m.len();
        m[i] = next() as u8;
        let _ = oleps::parse(&m, "x");
        let _ = vba::decompress(&m);
        let _ = parse_ole10_native(&m);
    }
}

/// Random damage to the compound file itself: always a result, never a panic.
#[test]
fn mutated_compound_files_never_panic() {
    let wb = workbook(vec![], &[sheet("S", 0, vec![label(0, 0, "Jane Doe")])]);
    let si = oleps::build_summary(&[(4, "Jane Doe")]);
    let f = cfb_file(&[
        ("/Workbook", &wb),
        ("/\u{5}SummaryInformation", &si),
        ("/ObjectPool/_1/Workbook", &wb),
    ]);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let mut m = f.clone();
        for _ in 0..(1 + next() % 8) {
            // Mostly the header, FAT and directory (the first sectors).
            let span = if next() % 2 == 0 { 2048 } else { m.len() };
            let i = (next() as usize) % span.min(m.len());
            m[i] = next() as u8;
        }
        let _ = sniff_cfb(Input::Bytes(&m));
        let _ = run(&m);
    }
}

/// A DV record of type list over one cell, with `formula1` given as rgce.
fn dv_list(row: u16, col: u16, rgce: &[u8]) -> (u16, Vec<u8>) {
    let mut d = (3u32 | 0x80).to_le_bytes().to_vec();
    for _ in 0..4 {
        // An empty XLUnicodeString is stored as one NUL character.
        d.extend([1, 0, 0, 0]);
    }
    d.extend((rgce.len() as u16).to_le_bytes());
    d.extend([0, 0]);
    d.extend(rgce);
    d.extend([0, 0, 0, 0]);
    d.extend(1u16.to_le_bytes());
    for v in [row, row, col, col] {
        d.extend(v.to_le_bytes());
    }
    (0x01BE, d)
}

#[test]
fn validation_lists_are_read() {
    // An explicit list: one string token, items separated by NUL.
    let items = "PC 4521 Henswick\0PC 3380 Moxhay";
    let mut explicit = vec![0x17, items.len() as u8, 0];
    explicit.extend(items.as_bytes());
    // A list taken from a hidden sheet: Staff!$A$1:$A$9 (ptgArea3d).
    let mut area = vec![0x3B];
    area.extend(1u16.to_le_bytes()); // XTI 1
    for v in [0u16, 8, 0xC000, 0xC000] {
        area.extend(v.to_le_bytes());
    }
    let mut externsheet = 2u16.to_le_bytes().to_vec();
    for (sup, first, last) in [(0u16, 0u16, 0u16), (0, 1, 1)] {
        externsheet.extend(sup.to_le_bytes());
        externsheet.extend(first.to_le_bytes());
        externsheet.extend(last.to_le_bytes());
    }
    let mut supbook = 2u16.to_le_bytes().to_vec();
    supbook.extend([0x01, 0x04]);
    let f = xls(
        vec![(0x01AE, supbook), (0x0017, externsheet)],
        &[
            sheet(
                "Tasking",
                0,
                vec![
                    label(0, 0, "Officer"),
                    dv_list(4, 1, &explicit),
                    dv_list(5, 1, &area),
                ],
            ),
            sheet("Staff", 1, vec![label(0, 0, "x")]),
        ],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let dv = s.features_of(Kind::DataValidation);
    let variants: Vec<_> = dv.iter().map(|f| f.variant).collect();
    assert_eq!(variants, [Some("list"), Some("hidden_source")], "{dv:?}");
    assert_eq!(dv[0].location.cell.as_deref(), Some("B5"));
    assert!(s.has_text(Kind::DataValidation, "PC 4521 Henswick,PC 3380 Moxhay"));
    assert!(s.has_text(Kind::DataValidation, "Staff!"));
}

#[test]
fn page_furniture_and_the_programs_own_name_are_not_reported() {
    let wb = workbook(
        vec![(0x005C, {
            let mut d = xlstr("Calc");
            d.resize(112, b' ');
            d
        })],
        &[sheet(
            "S",
            0,
            vec![
                (0x0014, xlstr("&C&\"Times New Roman,Regular\"&12&A")),
                (0x0015, xlstr("&C&\"Times New Roman,Regular\"&12Page &P")),
                label(0, 0, "x"),
            ],
        )],
    );
    let (r, s) = run(&cfb_file(&[("/Workbook", &wb)]));
    r.unwrap();
    assert!(
        s.features_of(Kind::HeaderFooter).is_empty(),
        "{:?}",
        s.features
    );
    assert!(
        s.features_of(Kind::DocumentProperties).is_empty(),
        "{:?}",
        s.features
    );
}

#[test]
fn number_formats_that_show_nothing_or_white_hide_cells() {
    // Formats 164-167; XF 0 default, XFs 1-4 use them (no fill: white).
    let mut globals = Vec::new();
    for (i, code) in [r#""";"";"";"""#, "[White]General", "[Red]0.00", "0;-0;;@"]
        .iter()
        .enumerate()
    {
        let mut fmt = (164 + i as u16).to_le_bytes().to_vec();
        fmt.extend(xlstr(code));
        globals.push((0x041E, fmt));
    }
    let mut font = 200u16.to_le_bytes().to_vec();
    font.extend([0u8; 2]);
    font.extend(0x7FFFu16.to_le_bytes());
    font.extend([0u8; 8]);
    globals.push((0x0031, font));
    for ifmt in [0u16, 164, 165, 166, 167] {
        let mut d = 0u16.to_le_bytes().to_vec();
        d.extend(ifmt.to_le_bytes());
        // Flags, then the alignment byte as Excel writes it by default
        // (alcV = 2, the bottom), then the rest.
        d.extend([0u8, 0, 0x20]);
        d.extend([0u8; 13]);
        globals.push((0x00E0, d));
    }
    let text = |row: u16, ixfe: u16| {
        let mut d = rcx(row, 0, ixfe);
        d.extend(xlstr("Jane Doe"));
        (0x0204, d)
    };
    let f = xls(
        globals,
        &[sheet(
            "S",
            0,
            vec![text(0, 1), text(1, 2), text(2, 3), text(3, 4)],
        )],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let hide = |row: u32| s.cell("S", row, 0).unwrap().5;
    assert_eq!(hide(0), Hide::INVISIBLE, "empty quoted sections");
    assert_eq!(hide(1), Hide::INVISIBLE, "white on no fill");
    assert_eq!(hide(2), Hide::NONE, "red shows");
    assert_eq!(hide(3), Hide::NONE, "the text section shows text");
}

#[test]
fn rows_and_columns_too_small_to_show_text_are_hidden() {
    // Row 2 is 15 twips (0.75 pt), row 3 60 twips (3 pt); column B is
    // 21/256 of a character wide, column C 160/256.
    let row = |r: u16, twips: u16| {
        let (t, mut d) = row_rec(r, false, 0);
        d[6..8].copy_from_slice(&twips.to_le_bytes());
        (t, d)
    };
    let col = |c: u16, width: u16| {
        let (t, mut d) = colinfo(c, c, false);
        d[4..6].copy_from_slice(&width.to_le_bytes());
        (t, d)
    };
    let f = xls(
        vec![],
        &[sheet(
            "S",
            0,
            vec![
                col(1, 21),
                col(2, 160),
                row(1, 15),
                row(2, 60),
                label(0, 0, "a"),
                label(0, 1, "b"),
                label(0, 2, "c"),
                label(1, 0, "Quarrendon"),
                label(2, 0, "spacer"),
            ],
        )],
    );
    let (r, s) = run(&f);
    r.unwrap();
    let hide = |row: u32, col: u32| s.cell("S", row, col).unwrap().5;
    assert_eq!(hide(0, 0), Hide::NONE);
    assert_eq!(hide(0, 1), Hide::COLUMN);
    assert_eq!(hide(0, 2), Hide::NONE);
    assert_eq!(hide(1, 0), Hide::ROW);
    assert_eq!(hide(2, 0), Hide::NONE);
}
