//! What a source yields: sheets, cells with their visibility, and the other
//! places of a file (parts, properties, comments, ...) where data can hide.
//!
//! A source (one module per file format under [`crate::source`]) never decides
//! what is personal or how severe anything is. It only says *what is there* and
//! *how visible it is*, by calling a [`Visitor`]. The detectors implement the
//! visitor.
//!
//! ```
//! use foiguard::model::{Hide, Value};
//! let hide = Hide::ROW | Hide::FILTERED;
//! assert!(hide.contains(Hide::FILTERED));
//! assert!(!Hide::NONE.is_hidden());
//! assert_eq!(Value::Text("PC 4521").as_text(), Some("PC 4521"));
//! ```

use std::fmt;

/// Why a cell cannot be seen by someone who opens the file. A cell may be
/// hidden for several reasons at once, so this is a small set of flags.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hide(u16);

impl Hide {
    pub const NONE: Hide = Hide(0);
    /// The sheet is hidden (unhide it from the sheet tab menu).
    pub const SHEET: Hide = Hide(1);
    /// The sheet is "very hidden" (only visible through the VBA editor).
    pub const SHEET_VERY: Hide = Hide(1 << 1);
    /// The row is hidden (flag, zero height, or `zeroHeight` sheet default).
    pub const ROW: Hide = Hide(1 << 2);
    /// The column is hidden (flag or zero width).
    pub const COLUMN: Hide = Hide(1 << 3);
    /// The row is hidden because an autofilter filtered it out.
    pub const FILTERED: Hide = Hide(1 << 4);
    /// The row or column is hidden inside a collapsed outline group.
    pub const COLLAPSED: Hide = Hide(1 << 5);
    /// The text cannot be seen: font colour equals fill, `;;;` format, tiny font.
    pub const INVISIBLE: Hide = Hide(1 << 6);
    /// The cell lies far outside the block a reader sees.
    pub const FAR_AWAY: Hide = Hide(1 << 7);

    pub const fn bits(self) -> u16 {
        self.0
    }
    pub const fn contains(self, other: Hide) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
    pub const fn intersects(self, other: Hide) -> bool {
        self.0 & other.0 != 0
    }
    pub const fn is_hidden(self) -> bool {
        self.0 != 0
    }
    pub fn insert(&mut self, other: Hide) {
        self.0 |= other.0;
    }
}

impl std::ops::BitOr for Hide {
    type Output = Hide;
    fn bitor(self, rhs: Hide) -> Hide {
        Hide(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Hide {
    fn bitor_assign(&mut self, rhs: Hide) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for Hide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (Hide::SHEET, "sheet"),
            (Hide::SHEET_VERY, "very_hidden_sheet"),
            (Hide::ROW, "row"),
            (Hide::COLUMN, "column"),
            (Hide::FILTERED, "filtered"),
            (Hide::COLLAPSED, "collapsed"),
            (Hide::INVISIBLE, "invisible"),
            (Hide::FAR_AWAY, "far_away"),
        ];
        let on: Vec<&str> = names
            .iter()
            .filter(|(h, _)| self.contains(*h))
            .map(|(_, n)| *n)
            .collect();
        write!(f, "Hide({})", on.join("|"))
    }
}

/// The value a cell shows (or would show, if it were visible).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
    /// An Excel serial date-time (days since 1899-12-30).
    DateTime(f64),
    Bool(bool),
    Error(&'a str),
}

impl<'a> Value<'a> {
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    /// True when the value holds nothing a reader could see (an empty string).
    ///
    /// ```
    /// use foiguard::model::Value;
    /// assert!(Value::Text(" \u{3000}\t").is_blank());
    /// assert!(!Value::Text(" x ").is_blank() && !Value::Number(0.0).is_blank());
    /// ```
    #[inline]
    pub fn is_blank(&self) -> bool {
        match self {
            // Most texts start with a visible ASCII character: no need to
            // decode them (this runs for every cell).
            Value::Text(s) => match s.as_bytes().first() {
                None => true,
                Some(b) if b.is_ascii_graphic() => false,
                Some(_) => s.trim().is_empty(),
            },
            _ => false,
        }
    }
}

/// One cell as a source reads it. Rows and columns are 0-based.
#[derive(Clone, Copy, Debug)]
pub struct Cell<'a> {
    pub row: u32,
    pub col: u32,
    pub value: Value<'a>,
    /// The formula text (without the leading `=`), when the cell has one.
    pub formula: Option<&'a str>,
    pub hide: Hide,
}

/// How a sheet is shown in the tab bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetState {
    Visible,
    Hidden,
    VeryHidden,
}

impl SheetState {
    pub fn hide(self) -> Hide {
        match self {
            SheetState::Visible => Hide::NONE,
            SheetState::Hidden => Hide::SHEET,
            SheetState::VeryHidden => Hide::SHEET | Hide::SHEET_VERY,
        }
    }
}

/// What kind of sheet it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    Worksheet,
    Chartsheet,
    /// An Excel 4.0 macro sheet (XLM): code, not data.
    Macrosheet,
    Dialogsheet,
}

/// A sheet, as listed by the workbook.
#[derive(Clone, Debug)]
pub struct SheetInfo {
    /// Position in the workbook, 0-based.
    pub index: usize,
    pub name: String,
    pub state: SheetState,
    pub kind: SheetKind,
    /// The package part that holds it (e.g. `xl/worksheets/sheet2.xml`), if any.
    pub part: Option<String>,
    /// Embedded files this sheet sits inside, outermost first (sources leave
    /// it empty; the embedding reader fills it in).
    pub embedded: Vec<String>,
}

/// A set of 0-based row or column indexes, kept as sorted, merged ranges.
///
/// ```
/// use foiguard::model::IndexSet;
/// let mut s = IndexSet::default();
/// s.insert_range(3, 5);
/// s.insert(6);
/// assert!(s.contains(4) && s.contains(6) && !s.contains(7));
/// assert_eq!(s.ranges(), &[(3, 6)]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexSet {
    ranges: Vec<(u32, u32)>, // inclusive, sorted, non-overlapping, non-adjacent
}

impl IndexSet {
    pub fn insert(&mut self, i: u32) {
        self.insert_range(i, i)
    }

    /// Insert the inclusive range `first..=last`.
    pub fn insert_range(&mut self, first: u32, last: u32) {
        let (first, last) = if first <= last {
            (first, last)
        } else {
            (last, first)
        };
        // Fast path: appending in order (the common case while streaming rows).
        if let Some(end) = self.ranges.last_mut() {
            if first >= end.0 {
                if first <= end.1.saturating_add(1) {
                    end.1 = end.1.max(last);
                    return;
                }
                self.ranges.push((first, last));
                return;
            }
        } else {
            self.ranges.push((first, last));
            return;
        }
        self.ranges.push((first, last));
        self.ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(a, b) in &self.ranges {
            match merged.last_mut() {
                Some(m) if a <= m.1.saturating_add(1) => m.1 = m.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.ranges = merged;
    }

    pub fn contains(&self, i: u32) -> bool {
        let idx = self.ranges.partition_point(|r| r.1 < i);
        self.ranges.get(idx).is_some_and(|r| r.0 <= i)
    }

    /// True when any index in `first..=last` is in the set.
    pub fn intersects(&self, first: u32, last: u32) -> bool {
        let idx = self.ranges.partition_point(|r| r.1 < first);
        self.ranges.get(idx).is_some_and(|r| r.0 <= last)
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// How many indexes the set holds.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|r| (r.1 - r.0) as u64 + 1).sum()
    }
}

/// What a source learned about a sheet's layout once it has read it all.
#[derive(Clone, Debug, Default)]
pub struct SheetLayout {
    /// Rows hidden for any reason (flag, zero height, filter, collapsed group).
    pub hidden_rows: IndexSet,
    pub hidden_columns: IndexSet,
    /// The sheet has an autofilter.
    pub has_autofilter: bool,
}

/// A hiding place the source found that is not a cell: a part, a property, a
/// comment, a defined name, ... Everything the structural detector needs to
/// turn it into a finding, without knowing the format.
#[derive(Clone, Debug)]
pub struct Feature {
    pub kind: crate::finding::Kind,
    /// Narrows the kind for the policy, e.g. `"builtin"` for a `_xlnm.` name,
    /// `"person"` for a property that names a person, `"very_hidden"`.
    /// The policy keys severities on `kind` and `kind.variant`.
    pub variant: Option<&'static str>,
    pub location: Location,
    /// How many items or cells it covers.
    pub count: u64,
    /// One sentence for an FOI officer, without quoting values.
    pub message: String,
    /// A value worth showing (masked by the report unless asked otherwise).
    pub sample: Option<String>,
}

impl Feature {
    pub fn new(kind: crate::finding::Kind, location: Location, message: impl Into<String>) -> Self {
        Feature {
            kind,
            variant: None,
            location,
            count: 1,
            message: message.into(),
            sample: None,
        }
    }
    pub fn variant(mut self, v: &'static str) -> Self {
        self.variant = Some(v);
        self
    }
    pub fn count(mut self, n: u64) -> Self {
        self.count = n;
        self
    }
    pub fn sample(mut self, s: impl Into<String>) -> Self {
        self.sample = Some(s.into());
        self
    }
}

/// Where something is: package part, sheet, cell or range. `embedded` names
/// the chain of embedded files it sits inside, outermost first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub embedded: Vec<String>,
    pub part: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Location {
    pub fn part(part: impl Into<String>) -> Self {
        Location {
            part: Some(part.into()),
            ..Default::default()
        }
    }
    pub fn sheet(sheet: impl Into<String>) -> Self {
        Location {
            sheet: Some(sheet.into()),
            ..Default::default()
        }
    }
    pub fn with_part(mut self, part: impl Into<String>) -> Self {
        self.part = Some(part.into());
        self
    }
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }
    pub fn with_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }
}

/// Text found outside the cell grid (a comment, a property, a shape, an
/// unknown part, a pivot cache item...), handed to the content detectors.
#[derive(Clone, Copy, Debug)]
pub struct TextPlace<'a> {
    /// The hiding place the text sits in.
    pub kind: crate::finding::Kind,
    pub location: &'a Location,
    /// What the field is, when the format says (e.g. `"creator"`,
    /// `"lastModifiedBy"`, `"author"`, `"refreshedBy"`, a custom property name).
    /// Fields that by definition hold a person are person context.
    pub field: Option<&'a str>,
    /// True when a reader opening the file would not see this text.
    pub hidden: bool,
}

/// What a source calls while it reads a file. Implemented by the detectors.
///
/// Sources may read sheets in parallel, so the visitor is shared (`Sync`) and
/// hands out one [`SheetVisitor`] per sheet.
pub trait Visitor: Sync {
    /// A sheet is about to be read. Cells of the sheet go to the returned visitor.
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_>;
    /// A hiding place that is not a cell.
    fn feature(&self, feature: Feature);
    /// Text from outside the cell grid, for content detection.
    fn text(&self, place: TextPlace<'_>, text: &str);
    /// The source could not inspect a part fully; the file cannot pass.
    /// Sources normally return an error instead; this is for an embedded file
    /// whose failure should not hide the parent's other findings.
    fn incomplete(&self, location: &Location, reason: &str);
    /// A defined name and what it refers to (formula text without `=`, e.g.
    /// `Staff!$A$1:$D$100`), so that formulas using the name can be followed.
    /// `location.sheet` is the sheet a sheet-scoped name belongs to (`None`:
    /// the whole workbook). Sent for every name, built-in ones included; the
    /// hiding place itself is reported as a [`Feature`] as before.
    fn defined_name(&self, _location: &Location, _name: &str, _refers_to: &str) {}
}

/// How a cell looks, as far as a rebuilt copy keeps it (see `redact`).
/// Font colours are not kept: a copy's text is always the automatic
/// colour, so it can hide nothing by colour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellFormat {
    pub bold: bool,
    /// The number format code (e.g. `0.00`, `dd/mm/yyyy`), when not General.
    pub num_format: Option<String>,
    pub italic: bool,
    /// Text wraps within the cell.
    pub wrap: bool,
    pub align: Align,
    /// The background of a solid fill, as `0xRRGGBB`.
    pub fill: Option<u32>,
}

impl CellFormat {
    /// Whether it says anything beyond the defaults.
    pub fn is_plain(&self) -> bool {
        *self == CellFormat::default()
    }
}

/// A cell's alignment, as far as a copy keeps it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Align {
    pub horizontal: HAlign,
    /// Top or centre (the default is the bottom).
    pub vertical: VAlign,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HAlign {
    /// By the value: text to the left, numbers to the right.
    #[default]
    General,
    Left,
    Centre,
    Right,
    Justify,
    /// Centred across the selection (a title over a table).
    CentreAcross,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VAlign {
    #[default]
    Bottom,
    Top,
    Centre,
}

impl HAlign {
    /// From an OOXML `horizontal` or ODS `fo:text-align` value.
    pub fn parse(v: &str) -> HAlign {
        match v.trim() {
            "left" | "start" => HAlign::Left,
            "center" => HAlign::Centre,
            "right" | "end" => HAlign::Right,
            "justify" | "distributed" => HAlign::Justify,
            "centerContinuous" => HAlign::CentreAcross,
            _ => HAlign::General,
        }
    }
}

impl HAlign {
    /// From the 3-bit `alc` code of a binary cell format (xls XF, xlsb BrtXF).
    pub fn from_alc(alc: u8) -> HAlign {
        match alc & 0x7 {
            1 => HAlign::Left,
            2 => HAlign::Centre,
            3 => HAlign::Right,
            5 | 7 => HAlign::Justify,
            6 => HAlign::CentreAcross,
            _ => HAlign::General,
        }
    }
}

impl VAlign {
    /// From the 3-bit `alcV` code of a binary cell format (xls, xlsb).
    pub fn from_alcv(alcv: u8) -> VAlign {
        match alcv & 0x7 {
            0 => VAlign::Top,
            1 => VAlign::Centre,
            _ => VAlign::Bottom,
        }
    }

    /// From an OOXML `vertical` or ODS `style:vertical-align` value.
    pub fn parse(v: &str) -> VAlign {
        match v.trim() {
            "top" => VAlign::Top,
            "center" | "middle" => VAlign::Centre,
            _ => VAlign::Bottom,
        }
    }
}

/// Presentation of a sheet that a rebuilt copy keeps: column widths,
/// merged ranges, frozen panes and the filter buttons (0-based, inclusive).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presentation {
    /// (first column, last column, width in characters).
    pub column_widths: Vec<(u32, u32, f64)>,
    /// (first row, first column, last row, last column).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Frozen panes: the first row and column that scroll (`(1, 0)`: the
    /// header row stays in view).
    pub freeze: Option<(u32, u32)>,
    /// The sheet's filter range (first row, first column, last row, last column).
    pub autofilter: Option<(u32, u32, u32, u32)>,
    /// Rows of their own height: (row, height in points).
    pub row_heights: Vec<(u32, f64)>,
}

impl Presentation {
    /// Nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.column_widths.is_empty()
            && self.merged.is_empty()
            && self.freeze.is_none()
            && self.autofilter.is_none()
            && self.row_heights.is_empty()
    }
}

/// Receives the cells of one sheet, in the order the source reads them
/// (row by row for the streaming formats).
pub trait SheetVisitor {
    fn cell(&mut self, cell: &Cell<'_>);
    /// How the next cell looks. Sources that know call it just before
    /// [`SheetVisitor::cell`] for the same cell; the detectors ignore it.
    fn cell_format(&mut self, _row: u32, _col: u32, _format: &CellFormat) {}
    /// Column widths and merged ranges, called at most once, before `finish`.
    fn presentation(&mut self, _presentation: &Presentation) {}
    /// The sheet is done; `layout` says which rows and columns were hidden.
    fn finish(self: Box<Self>, layout: SheetLayout);
    /// Per-cell work that depends only on the cell (and on what this visitor
    /// has settled so far, such as a sheet's header row), for another thread
    /// to do ahead of [`SheetVisitor::cells`]. Asked between batches of a big
    /// sheet (see `source::pipeline`) until it returns one; `None` (the
    /// default) while there is none.
    fn prework(&mut self) -> Option<Box<dyn CellPrework>> {
        None
    }
    /// A run of cells, with the result of [`SheetVisitor::prework`] for them
    /// when it ran. The default visits them one by one.
    fn cells(&mut self, cells: &[Cell<'_>], _done: Option<Prepared<'_>>) {
        for cell in cells {
            self.cell(cell);
        }
    }
}

/// Work done ahead for a visitor's cells, on another thread
/// (see [`SheetVisitor::prework`]).
pub trait CellPrework: Send {
    /// Do the work for `cells` and add it to `result`, the result so far for
    /// the cells before them (`None` for the first). A batch of cells may
    /// come in several runs; the result comes back to the visitor with them,
    /// as [`Prepared`].
    fn run(&mut self, cells: &[Cell<'_>], result: &mut Option<Box<dyn std::any::Any + Send>>);
}

/// The result of [`CellPrework::run`] for a run of cells handed to
/// [`SheetVisitor::cells`]: `first` is the index, in what `run` was given,
/// of the run's first cell.
#[derive(Clone, Copy)]
pub struct Prepared<'a> {
    pub result: &'a (dyn std::any::Any + Send),
    pub first: usize,
}

/// Convert 0-based (row, col) to an A1 reference.
///
/// ```
/// assert_eq!(foiguard::model::a1(0, 0), "A1");
/// assert_eq!(foiguard::model::a1(9, 27), "AB10");
/// ```
pub fn a1(row: u32, col: u32) -> String {
    let mut s = column_name(col);
    s.push_str(&(row as u64 + 1).to_string());
    s
}

/// Column letters for a 0-based column index (`0` → `A`, `26` → `AA`).
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// In a formula's characters, skip the string literal that starts at `i`
/// (a `"`; `""` inside escapes a quote): the index just after it.
///
/// ```
/// let f: Vec<char> = r#""a""b"&C1"#.chars().collect();
/// assert_eq!(foiguard::model::skip_formula_string(&f, 0), 6); // at the `&`
/// ```
pub fn skip_formula_string(chars: &[char], mut i: usize) -> usize {
    i += 1;
    while i < chars.len() {
        if chars[i] == '"' {
            if chars.get(i + 1) == Some(&'"') {
                i += 2;
                continue;
            }
            break;
        }
        i += 1;
    }
    i + 1
}

/// In a formula's characters, read the quoted sheet name that starts at `i`
/// (a `'`; `''` inside is one quote): the name and the index just after it.
///
/// ```
/// let f: Vec<char> = "'Bob''s list'!A1".chars().collect();
/// assert_eq!(foiguard::model::read_quoted_name(&f, 0), ("Bob's list".to_string(), 13));
/// ```
pub fn read_quoted_name(chars: &[char], mut i: usize) -> (String, usize) {
    let mut name = String::new();
    i += 1;
    while i < chars.len() {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                name.push('\'');
                i += 2;
                continue;
            }
            break;
        }
        name.push(chars[i]);
        i += 1;
    }
    (name, i + 1)
}

/// Parse an A1 reference (`$` signs allowed) into 0-based (row, col).
///
/// ```
/// assert_eq!(foiguard::model::parse_a1("$AB$10"), Some((9, 27)));
/// assert_eq!(foiguard::model::parse_a1("A0"), None);
/// ```
pub fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'$') {
        i += 1;
    }
    let mut col: u64 = 0;
    let start = i;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        col = col * 26 + (b[i].to_ascii_uppercase() - b'A' + 1) as u64;
        if col > 16_384 {
            return None;
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    if b.get(i) == Some(&b'$') {
        i += 1;
    }
    let digits = b.get(i..)?;
    if digits.is_empty() || digits.len() > 7 {
        return None;
    }
    let mut row: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        row = row * 10 + (c - b'0') as u64;
    }
    if row == 0 {
        return None;
    }
    Some(((row - 1) as u32, (col - 1) as u32))
}
