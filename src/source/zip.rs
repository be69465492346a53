//! Zip packages (xlsx, xlsm, xlsb, ods) with every entry bounded by the limits.
//!
//! [`ZipPackage::open`] validates the whole container first (entry count,
//! duplicate or overlapping entries, unsafe names, encryption, data hidden
//! before, between or after the entries); every read then counts the bytes it
//! actually inflates against the part size, the compression ratio and the
//! file's total budget.
//!
//! ```
//! use std::io::Write;
//! use foiguard::source::{zip::ZipPackage, Context, Input, Limits};
//! let mut buf = std::io::Cursor::new(Vec::new());
//! let mut w = zip::ZipWriter::new(&mut buf);
//! w.start_file("a.txt", zip::write::SimpleFileOptions::default()).unwrap();
//! w.write_all(b"hello").unwrap();
//! w.finish().unwrap();
//! let bytes = buf.into_inner();
//! let ctx = Context::new("t.zip", Limits::default());
//! let zip = ZipPackage::open(Input::Bytes(&bytes), &ctx).unwrap();
//! assert_eq!(zip.names(), vec!["a.txt".to_string()]);
//! assert_eq!(zip.read("a.txt").unwrap(), b"hello");
//! ```

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ::zip::result::ZipError;
use ::zip::{CompressionMethod, ZipArchive};

use super::{Context, Input, Limits, Result, SourceError};
use crate::numbers::thousands;

/// Bytes a data descriptor may add after an entry's data (signature, CRC and
/// two zip64 sizes).
const MAX_DESCRIPTOR_BYTES: u64 = 24;

/// A zip package (xlsx, xlsm, xlsb, ods) with every entry bounded by the limits.
///
/// `Sync`: parts may be read from several threads at once; each read works on
/// a cheap clone of the parsed archive and its own file position.
pub struct ZipPackage<'a> {
    archive: ZipArchive<Src<'a>>,
    /// File entries (no directories), in archive order.
    names: Vec<String>,
    /// Entry name -> archive index.
    index: HashMap<String, usize>,
    limits: Limits,
    /// Bytes inflated so far from every entry of this file.
    inflated: AtomicU64,
    /// Stored (compressed) bytes per archive index.
    stored: Vec<u64>,
}

impl<'a> ZipPackage<'a> {
    /// Open and validate: entry count, duplicate names, overlapping entries, `..`/absolute
    /// names, encrypted entries (-> SourceError::Encrypted), truncated central directory.
    pub fn open(input: Input<'a>, ctx: &Context) -> Result<Self> {
        let src = Src::open(input)?;
        let file_len = src.len();
        let mut archive = ZipArchive::new(src.clone()).map_err(|e| open_error(&e))?;
        let limits = &ctx.limits;
        if archive.len() > limits.max_parts {
            return Err(SourceError::Limit(format!(
                "the zip holds {} entries, more than the {} entry limit",
                thousands(archive.len() as u64),
                thousands(limits.max_parts as u64)
            )));
        }
        if archive.has_duplicate_names() {
            return Err(SourceError::Corrupt(
                "the zip lists the same entry name twice (a reader could see either copy)".into(),
            ));
        }
        if archive.offset() != 0 {
            return Err(SourceError::Corrupt(format!(
                "{} bytes of unlisted data before the first zip entry",
                thousands(archive.offset())
            )));
        }

        let mut names = Vec::with_capacity(archive.len());
        let mut stored = vec![0u64; archive.len()];
        let mut index = HashMap::with_capacity(archive.len());
        let mut lower_seen: HashMap<String, String> = HashMap::with_capacity(archive.len());
        let mut encrypted = false;
        for i in 0..archive.len() {
            let entry = archive
                .by_index_data(i)
                .map_err(|e| SourceError::Corrupt(format!("zip entry {i}: {e}")))?;
            let name = entry
                .name()
                .map_err(|e| {
                    SourceError::Corrupt(format!("zip entry {i} has an unreadable name: {e}"))
                })?
                .into_owned();
            check_name(&name)?;
            if entry.encrypted() {
                encrypted = true;
            }
            if entry.is_dir() {
                // An empty deflate stream takes two bytes: Python's zipfile
                // writes folder entries so. Anything longer holds data.
                if entry.size() > 0 || entry.compressed_size() > 2 {
                    return Err(SourceError::Corrupt(format!(
                        "the zip directory entry {name:?} holds data"
                    )));
                }
                continue;
            }
            // Two names differing only in case (or in `\` for `/`) are one
            // part for Office.
            if let Some(prev) =
                lower_seen.insert(name.replace('\\', "/").to_lowercase(), name.clone())
            {
                return Err(SourceError::Corrupt(format!(
                    "the zip holds both {prev} and {name}, one part name differing only in case"
                )));
            }
            if let Some(s) = stored.get_mut(i) {
                *s = entry.compressed_size();
            }
            index.insert(name.clone(), i);
            names.push(name);
        }
        if encrypted {
            return Err(SourceError::Encrypted);
        }

        let overlapping = archive
            .has_overlapping_entries()
            .map_err(|e| SourceError::Corrupt(format!("zip entries cannot be located: {e}")))?;
        if overlapping {
            return Err(SourceError::Corrupt(
                "zip entries overlap (the same bytes belong to several entries)".into(),
            ));
        }
        check_gaps(&mut archive)?;
        check_tail(&src, file_len, archive.comment().len() as u64)?;
        if !archive.comment().is_empty()
            && !archive.comment().iter().all(|b| b.is_ascii_whitespace())
        {
            // A zip comment is text no spreadsheet program shows; fail closed
            // rather than let it through uninspected.
            return Err(SourceError::Unsupported(format!(
                "the zip carries a {} byte archive comment, which foiguard does not inspect",
                thousands(archive.comment().len() as u64)
            )));
        }

        Ok(ZipPackage {
            archive,
            names,
            index,
            limits: limits.clone(),
            inflated: AtomicU64::new(0),
            stored,
        })
    }

    /// Every file entry name (directories excluded), in archive order.
    pub fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The bytes an entry takes in the file (0 for an unknown name). The
    /// entries were checked to lie inside the file, so this is no claim; it
    /// sizes work (is a sheet big?), never a buffer.
    pub fn stored_size(&self, name: &str) -> u64 {
        self.index
            .get(name)
            .and_then(|&i| self.stored.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Read a whole entry, bounded by max_part_bytes, the compression ratio and the
    /// file's total budget (bytes actually inflated are counted, never the declared size).
    pub fn read(&self, name: &str) -> Result<Vec<u8>> {
        self.with_reader(name, |r| {
            let mut out = Vec::new();
            r.read_to_end(&mut out)
                .map_err(|e| SourceError::Corrupt(format!("cannot inflate {name}: {e}")))?;
            Ok(out)
        })
    }

    /// Stream an entry through `f` with the same bounds (for big sheet XML).
    ///
    /// If a limit is exceeded while `f` runs, the result is
    /// `SourceError::Limit` naming the part, whatever `f` returned.
    pub fn with_reader<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
    ) -> Result<T> {
        let Some(&idx) = self.index.get(name) else {
            return Err(SourceError::Corrupt(format!("{name} is not in the zip")));
        };
        let archive = self.archive.clone();
        let (deflated, crc, size) = {
            let entry = archive
                .by_index_data(idx)
                .map_err(|e| SourceError::Corrupt(format!("zip entry {name}: {e}")))?;
            let deflated = match entry.compression() {
                CompressionMethod::Stored => false,
                CompressionMethod::Deflated => true,
                other => {
                    return Err(SourceError::Unsupported(format!(
                        "{name} is compressed with {other:?}; only deflate and stored entries are read"
                    )));
                }
            };
            (deflated, entry.crc32(), entry.size())
        };
        let entry = Entry {
            idx,
            name,
            deflated,
            crc,
            size,
        };
        if self.stored.get(idx).is_some_and(|&n| n >= READ_AHEAD_MIN) {
            return self.read_ahead(archive, &entry, f);
        }
        let consumed = Cell::new(0u64);
        let mut exceeded = None;
        let result = self.inflate(archive, &entry, &consumed, |r| {
            let mut reader = BufReader::with_capacity(64 * 1024, r);
            let result = f(&mut reader);
            exceeded = reader.get_mut().exceeded.take();
            Ok(result)
        })?;
        if let Some(msg) = exceeded {
            return Err(SourceError::Limit(msg));
        }
        result
    }

    /// Build the bounded, checked inflating reader of an entry and hand it to `f`.
    fn inflate<T>(
        &self,
        mut archive: ZipArchive<Src<'a>>,
        e: &Entry<'_>,
        consumed: &Cell<u64>,
        f: impl FnOnce(&mut Counting<'_, Checked<'_, Box<dyn Read + '_>>>) -> Result<T>,
    ) -> Result<T> {
        let name = e.name;
        // Inflate here rather than in the zip crate, counting the compressed
        // bytes consumed so far: a bomb is caught by its ratio after the
        // first few megabytes, however large the whole entry is.
        let raw = archive.by_index_raw(e.idx).map_err(|e| match e {
            ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
                SourceError::Encrypted
            }
            e => SourceError::Corrupt(format!("cannot open zip entry {name}: {e}")),
        })?;
        let raw = Consumed {
            inner: raw,
            n: consumed,
        };
        // A small input buffer keeps the count of compressed bytes close to
        // what the inflater has really used.
        let inflate: Box<dyn Read + '_> = if e.deflated {
            Box::new(flate2::bufread::DeflateDecoder::new(
                BufReader::with_capacity(8 * 1024, raw),
            ))
        } else {
            Box::new(raw)
        };
        let checked = Checked {
            inner: inflate,
            part: name,
            crc: flate2::Crc::new(),
            len: 0,
            want_crc: e.crc,
            want_len: e.size,
        };
        let mut counting = Counting {
            inner: checked,
            part: name,
            count: 0,
            compressed: consumed,
            limits: &self.limits,
            total: &self.inflated,
            exceeded: None,
        };
        f(&mut counting)
    }

    /// [`ZipPackage::with_reader`] for a big entry: inflate on a second
    /// thread, a few chunks ahead of `f`, so inflating and parsing overlap.
    fn read_ahead<T>(
        &self,
        archive: ZipArchive<Src<'a>>,
        e: &Entry<'_>,
        f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
    ) -> Result<T> {
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(4);
            let (back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
            let inflating = s.spawn(move || {
                let consumed = Cell::new(0u64);
                self.inflate(archive, e, &consumed, |r| {
                    loop {
                        let mut buf = spare.try_recv().unwrap_or_default();
                        buf.resize(AHEAD_CHUNK, 0);
                        let mut n = 0;
                        let failed = loop {
                            match r.read(&mut buf[n..]) {
                                Ok(0) => break None,
                                Ok(k) => {
                                    n += k;
                                    if n == buf.len() {
                                        break None;
                                    }
                                }
                                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                                Err(e) => break Some(e),
                            }
                        };
                        buf.truncate(n);
                        let end = n == 0 || failed.is_some();
                        // A send fails only when the reader stopped early.
                        if n > 0 && tx.send(Ok(buf)).is_err() {
                            break;
                        }
                        if let Some(e) = failed {
                            let _ = tx.send(Err(e));
                        }
                        if end {
                            break;
                        }
                    }
                    Ok(r.exceeded.take())
                })
            });
            let mut reader = Ahead {
                rx,
                back,
                cur: Vec::new(),
                pos: 0,
                failed: None,
            };
            let result = f(&mut reader);
            drop(reader);
            let exceeded = match inflating.join() {
                Ok(r) => r?,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            if let Some(msg) = exceeded {
                return Err(SourceError::Limit(msg));
            }
            result
        })
    }
}

/// Compressed entries at least this big are inflated on a second thread.
const READ_AHEAD_MIN: u64 = 1 << 20;
/// Inflated bytes per chunk handed over.
const AHEAD_CHUNK: usize = 256 * 1024;

/// What [`ZipPackage::with_reader`] knows of an entry before reading it.
struct Entry<'n> {
    idx: usize,
    name: &'n str,
    deflated: bool,
    crc: u32,
    size: u64,
}

/// The parsing side of [`ZipPackage::read_ahead`]: inflated chunks in order.
struct Ahead {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    back: std::sync::mpsc::Sender<Vec<u8>>,
    cur: Vec<u8>,
    pos: usize,
    /// An error from the inflating side, repeated on every later read.
    failed: Option<(io::ErrorKind, String)>,
}

impl Read for Ahead {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        super::read_buffered(self, out)
    }
}

impl BufRead for Ahead {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.cur.len() {
            return Ok(self.cur.get(self.pos..).unwrap_or(&[]));
        }
        if let Some((kind, msg)) = &self.failed {
            return Err(io::Error::new(*kind, msg.clone()));
        }
        if self.pos >= self.cur.len() {
            match self.rx.recv() {
                Ok(Ok(next)) => {
                    let used = std::mem::replace(&mut self.cur, next);
                    let _ = self.back.send(used);
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.failed = Some((e.kind(), e.to_string()));
                    return Err(e);
                }
                // The inflating side is done (or could not start: its
                // error is returned by `read_ahead`).
                Err(_) => {
                    self.cur.clear();
                    self.pos = 0;
                }
            }
        }
        Ok(self.cur.get(self.pos..).unwrap_or(&[]))
    }

    fn consume(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n).min(self.cur.len());
    }
}

/// Map an error from parsing the central directory.
fn open_error(e: &ZipError) -> SourceError {
    match e {
        ZipError::UnsupportedArchive(m) if *m == ZipError::PASSWORD_REQUIRED => {
            SourceError::Encrypted
        }
        ZipError::UnsupportedArchive(m) => SourceError::Unsupported(format!("zip: {m}")),
        e => SourceError::Corrupt(format!("the zip directory cannot be read: {e}")),
    }
}

/// Reject names that escape the package or cannot be part names.
fn check_name(name: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(SourceError::Corrupt(format!(
            "zip entry name {name:?} {why}"
        )))
    };
    if name.is_empty() {
        return bad("is empty");
    }
    if name.contains('\0') {
        return bad("contains a NUL byte");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return bad("is an absolute path");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return bad("starts with a drive letter");
    }
    if name.split(['/', '\\']).any(|c| c == "..") {
        return bad("climbs out of the package with '..'");
    }
    Ok(())
}

/// Every byte between the start of the file and the central directory must
/// belong to an entry (its local header and data, plus a data descriptor).
fn check_gaps(archive: &mut ZipArchive<Src<'_>>) -> Result<()> {
    let mut ranges: Vec<(u64, u64)> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive
            .by_index_raw(i)
            .map_err(|e| SourceError::Corrupt(format!("zip entry {i} cannot be located: {e}")))?;
        let start = file.header_start();
        let data = file.data_start().unwrap_or(start);
        let end = data.saturating_add(file.compressed_size());
        ranges.push((start, end));
    }
    ranges.sort_unstable();
    let dir_start = archive.central_directory_start();
    let mut cursor = 0u64;
    for (start, end) in ranges {
        let gap = start.saturating_sub(cursor);
        if gap > MAX_DESCRIPTOR_BYTES || (cursor == 0 && gap > 0) {
            return Err(SourceError::Corrupt(format!(
                "{gap} bytes of unlisted data between zip entries (at offset {cursor})",
                gap = thousands(gap)
            )));
        }
        cursor = cursor.max(end);
    }
    let gap = dir_start.saturating_sub(cursor);
    if gap > MAX_DESCRIPTOR_BYTES {
        return Err(SourceError::Corrupt(format!(
            "{gap} bytes of unlisted data before the zip directory (at offset {cursor})",
            gap = thousands(gap)
        )));
    }
    Ok(())
}

/// The end-of-directory record (and its comment) must end the file: nothing
/// may trail it.
fn check_tail(src: &Src<'_>, file_len: u64, comment_len: u64) -> Result<()> {
    let eocd = file_len.checked_sub(22 + comment_len).ok_or_else(|| {
        SourceError::Corrupt("the zip is shorter than its end-of-directory record".into())
    })?;
    let mut sig = [0u8; 4];
    src.read_exact_at(&mut sig, eocd)?;
    if &sig != b"PK\x05\x06" {
        return Err(SourceError::Corrupt(
            "unlisted data after the end of the zip directory".into(),
        ));
    }
    Ok(())
}

/// Counts the compressed bytes read from an entry.
struct Consumed<'c, R> {
    inner: R,
    n: &'c Cell<u64>,
}

impl<R: Read> Read for Consumed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n.set(self.n.get().saturating_add(n as u64));
        Ok(n)
    }
}

/// Checks an entry's inflated bytes against its CRC and size at the end.
struct Checked<'b, R> {
    inner: R,
    part: &'b str,
    crc: flate2::Crc,
    len: u64,
    want_crc: u32,
    want_len: u64,
}

impl<R: Read> Read for Checked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            if self.len != self.want_len || self.crc.sum() != self.want_crc {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} inflates to {} bytes with CRC {:08x}, not the {} bytes with CRC {:08x} the zip lists",
                        self.part,
                        thousands(self.len),
                        self.crc.sum(),
                        thousands(self.want_len),
                        self.want_crc
                    ),
                ));
            }
            return Ok(0);
        }
        self.crc.update(&buf[..n]);
        self.len = self.len.saturating_add(n as u64);
        if self.len > self.want_len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} inflates to more than the {} bytes the zip lists",
                    self.part,
                    thousands(self.want_len)
                ),
            ));
        }
        Ok(n)
    }
}

/// Counts the bytes an entry inflates to and stops at the limits.
struct Counting<'b, R> {
    inner: R,
    part: &'b str,
    count: u64,
    /// Compressed bytes read so far.
    compressed: &'b Cell<u64>,
    limits: &'b Limits,
    total: &'b AtomicU64,
    /// Set once a limit is exceeded; every later read fails too.
    exceeded: Option<String>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(msg) = &self.exceeded {
            return Err(io::Error::other(msg.clone()));
        }
        let n = self.inner.read(buf)?;
        let n64 = n as u64;
        self.count = self.count.saturating_add(n64);
        let l = self.limits;
        let part = self.part;
        let msg = if self.count > l.max_part_bytes {
            Some(format!(
                "{part} inflates to more than the {} byte part limit",
                thousands(l.max_part_bytes)
            ))
        } else if self.count > l.ratio_floor_bytes
            && self.count
                > self
                    .compressed
                    .get()
                    .max(1)
                    .saturating_mul(l.max_compression_ratio)
        {
            Some(format!(
                "{part} inflates more than {} times its compressed size ({} bytes from {} compressed) (zip bomb?)",
                l.max_compression_ratio,
                thousands(self.count),
                thousands(self.compressed.get())
            ))
        } else {
            let before = self.total.fetch_add(n64, Ordering::Relaxed);
            (before.saturating_add(n64) > l.max_total_bytes).then(|| {
                format!(
                    "the parts inflate to more than the {} byte total limit (reached at {part})",
                    thousands(l.max_total_bytes)
                )
            })
        };
        if let Some(msg) = msg {
            self.exceeded = Some(msg.clone());
            return Err(io::Error::other(msg));
        }
        Ok(n)
    }
}

/// The bytes under a package: a file read with positioned reads (so clones
/// share nothing mutable), or a slice in memory.
#[derive(Clone)]
enum Src<'a> {
    File(PFile),
    Bytes(Cursor<&'a [u8]>),
}

impl<'a> Src<'a> {
    fn open(input: Input<'a>) -> Result<Self> {
        Ok(match input {
            Input::Path(p) => {
                let file = File::open(p)?;
                let len = file.metadata()?.len();
                Src::File(PFile {
                    file: Arc::new(file),
                    len,
                    pos: 0,
                    buf: Vec::new(),
                    buf_start: 0,
                })
            }
            Input::Bytes(b) => Src::Bytes(Cursor::new(b)),
        })
    }

    fn len(&self) -> u64 {
        match self {
            Src::File(f) => f.len,
            Src::Bytes(c) => c.get_ref().len() as u64,
        }
    }

    fn read_exact_at(&self, out: &mut [u8], at: u64) -> Result<()> {
        let short = || SourceError::Corrupt("the zip ends early".into());
        match self {
            Src::File(f) => {
                let mut done = 0;
                while done < out.len() {
                    let n = f.read_at(&mut out[done..], at.saturating_add(done as u64))?;
                    if n == 0 {
                        return Err(short());
                    }
                    done += n;
                }
                Ok(())
            }
            Src::Bytes(c) => {
                let b = c.get_ref();
                let start = usize::try_from(at).map_err(|_| short())?;
                let end = start.checked_add(out.len()).ok_or_else(short)?;
                out.copy_from_slice(b.get(start..end).ok_or_else(short)?);
                Ok(())
            }
        }
    }
}

impl Read for Src<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Src::File(f) => f.read(buf),
            Src::Bytes(c) => c.read(buf),
        }
    }
}

impl Seek for Src<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Src::File(f) => f.seek(pos),
            Src::Bytes(c) => c.seek(pos),
        }
    }
}

/// A shared file read at explicit offsets, with its own position and a small
/// read buffer (the zip directory is parsed in many tiny reads).
struct PFile {
    file: Arc<File>,
    len: u64,
    pos: u64,
    buf: Vec<u8>,
    /// File offset of `buf[0]`.
    buf_start: u64,
}

const PFILE_BUF: usize = 16 * 1024;

impl Clone for PFile {
    fn clone(&self) -> Self {
        PFile {
            file: Arc::clone(&self.file),
            len: self.len,
            pos: self.pos,
            buf: Vec::new(),
            buf_start: 0,
        }
    }
}

impl PFile {
    fn read_at(&self, out: &mut [u8], at: u64) -> io::Result<usize> {
        loop {
            #[cfg(unix)]
            let r = std::os::unix::fs::FileExt::read_at(&*self.file, out, at);
            #[cfg(windows)]
            let r = std::os::windows::fs::FileExt::seek_read(&*self.file, out, at);
            match r {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => return r,
            }
        }
    }
}

impl Read for PFile {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        let buf_end = self.buf_start + self.buf.len() as u64;
        if self.pos < self.buf_start || self.pos >= buf_end {
            if out.len() >= PFILE_BUF {
                let n = self.read_at(out, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.buf.resize(PFILE_BUF, 0);
            let n = {
                let mut tmp = std::mem::take(&mut self.buf);
                let r = self.read_at(&mut tmp, self.pos);
                self.buf = tmp;
                r?
            };
            self.buf.truncate(n);
            self.buf_start = self.pos;
            if n == 0 {
                return Ok(0);
            }
        }
        let off = (self.pos - self.buf_start) as usize;
        let avail = &self.buf[off..];
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for PFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let new = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn ctx() -> Context {
        Context::new("t.zip", Limits::default())
    }

    fn build(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn folder_entries_may_be_empty_deflate_streams_but_hold_nothing() {
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        // As Python's zipfile writes a folder: deflated, no bytes.
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        w.start_file("Configurations2/toolpanel/", deflated)
            .unwrap();
        w.start_file("a.xml", deflated).unwrap();
        w.write_all(b"<a/>").unwrap();
        w.finish().unwrap();
        let bytes = buf.into_inner();
        let zip = ZipPackage::open(Input::Bytes(&bytes), &ctx()).unwrap();
        assert!(zip.contains("a.xml"));
        // A folder entry with data in it is refused.
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        w.start_file("hidden/", deflated).unwrap();
        w.write_all(b"Sgt Paul Hendry 4521, paul.hendry@police.example")
            .unwrap();
        w.finish().unwrap();
        let bytes = buf.into_inner();
        assert!(matches!(
            ZipPackage::open(Input::Bytes(&bytes), &ctx()),
            Err(SourceError::Corrupt(m)) if m.contains("holds data")
        ));
    }

    #[test]
    fn reads_entries_from_bytes_and_file() {
        let bytes = build(&[("a/b.xml", b"<a/>"), ("c.bin", &[1, 2, 3])]);
        let zip = ZipPackage::open(Input::Bytes(&bytes), &ctx()).unwrap();
        assert_eq!(zip.names(), vec!["a/b.xml", "c.bin"]);
        assert!(zip.contains("c.bin") && !zip.contains("C.bin"));
        assert_eq!(zip.read("c.bin").unwrap(), vec![1, 2, 3]);
        assert!(matches!(zip.read("nope"), Err(SourceError::Corrupt(_))));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.zip");
        std::fs::write(&path, &bytes).unwrap();
        let zip = ZipPackage::open(Input::Path(&path), &ctx()).unwrap();
        let text = zip
            .with_reader("a/b.xml", |r| {
                let mut s = String::new();
                r.read_to_string(&mut s).unwrap();
                Ok(s)
            })
            .unwrap();
        assert_eq!(text, "<a/>");
        // Parallel reads share the package.
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| assert_eq!(zip.read("c.bin").unwrap(), vec![1, 2, 3]));
            }
        });
    }

    #[test]
    fn zip_bomb_entry_is_a_limit() {
        let zeros = vec![0u8; 20 << 20];
        let bytes = build(&[("xl/worksheets/sheet1.xml", &zeros)]);
        let zip = ZipPackage::open(Input::Bytes(&bytes), &ctx()).unwrap();
        match zip.read("xl/worksheets/sheet1.xml") {
            Err(SourceError::Limit(m)) => assert!(m.contains("xl/worksheets/sheet1.xml"), "{m}"),
            other => panic!("expected a limit, got {other:?}"),
        }
        // The closure sees an io error but the result is still the limit.
        let r: Result<()> = zip.with_reader("xl/worksheets/sheet1.xml", |r| {
            let mut v = Vec::new();
            r.read_to_end(&mut v)
                .map_err(|e| SourceError::Corrupt(e.to_string()))?;
            Ok(())
        });
        assert!(matches!(r, Err(SourceError::Limit(_))));
    }

    #[test]
    fn part_and_total_limits() {
        let bytes = build(&[("a", &[7u8; 5000]), ("b", &[7u8; 5000])]);
        let mut c = ctx();
        c.limits.max_part_bytes = 4000;
        let zip = ZipPackage::open(Input::Bytes(&bytes), &c).unwrap();
        assert!(matches!(zip.read("a"), Err(SourceError::Limit(m)) if m.contains('a')));
        let mut c = ctx();
        c.limits.max_total_bytes = 8000;
        let zip = ZipPackage::open(Input::Bytes(&bytes), &c).unwrap();
        assert!(zip.read("a").is_ok());
        assert!(matches!(zip.read("b"), Err(SourceError::Limit(_))));
        let mut c = ctx();
        c.limits.max_parts = 1;
        assert!(matches!(
            ZipPackage::open(Input::Bytes(&bytes), &c),
            Err(SourceError::Limit(_))
        ));
    }

    /// Rename the second entry (local and central headers) to the first's name.
    fn duplicate_names(bytes: &mut [u8], from: &[u8], to: &[u8]) {
        assert_eq!(from.len(), to.len());
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
    }

    #[test]
    fn duplicate_entry_names_are_corrupt() {
        let mut bytes = build(&[
            ("xl/sheet1.xml", b"<a>visible</a>"),
            ("xl/sheet2.xml", b"<a>hidden</a>"),
        ]);
        duplicate_names(&mut bytes, b"xl/sheet2.xml", b"xl/sheet1.xml");
        match ZipPackage::open(Input::Bytes(&bytes), &ctx()) {
            Err(SourceError::Corrupt(m)) => assert!(m.contains("twice"), "{m}"),
            other => panic!("expected corrupt, got {:?}", other.map(|z| z.names())),
        }
        let mut bytes = build(&[("xl/Sheet1.xml", b"<a/>"), ("xl/sheet1.xml", b"<b/>")]);
        assert!(matches!(
            ZipPackage::open(Input::Bytes(&bytes), &ctx()),
            Err(SourceError::Corrupt(_))
        ));
        duplicate_names(&mut bytes, b"xl/Sheet1.xml", b"../sheet1.xml");
        assert!(
            matches!(ZipPackage::open(Input::Bytes(&bytes), &ctx()), Err(SourceError::Corrupt(m)) if m.contains(".."))
        );
    }

    #[test]
    fn hidden_bytes_and_truncation_are_corrupt() {
        let bytes = build(&[("a", b"hello"), ("b", b"world")]);
        let mut trailing = bytes.clone();
        trailing.extend_from_slice(b"Jane Doe, PC 4521");
        assert!(matches!(
            ZipPackage::open(Input::Bytes(&trailing), &ctx()),
            Err(SourceError::Corrupt(_))
        ));
        let mut leading = b"secret".to_vec();
        leading.extend_from_slice(&bytes);
        assert!(ZipPackage::open(Input::Bytes(&leading), &ctx()).is_err());
        let cut = &bytes[..bytes.len() - 10];
        assert!(matches!(
            ZipPackage::open(Input::Bytes(cut), &ctx()),
            Err(SourceError::Corrupt(_))
        ));
        assert!(matches!(
            ZipPackage::open(Input::Bytes(b"PK\x03\x04junk"), &ctx()),
            Err(SourceError::Corrupt(_))
        ));
    }

    #[test]
    fn encrypted_entries_are_encrypted() {
        let mut bytes = build(&[("a", b"hello")]);
        // Set the general purpose "encrypted" flag bit in the local and central headers.
        for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
            let pos = bytes.windows(4).position(|w| w == sig).unwrap();
            let flag_at = if sig == b"PK\x03\x04" {
                pos + 6
            } else {
                pos + 8
            };
            bytes[flag_at] |= 1;
        }
        assert!(matches!(
            ZipPackage::open(Input::Bytes(&bytes), &ctx()),
            Err(SourceError::Encrypted)
        ));
    }

    #[test]
    fn other_compression_methods_are_unsupported() {
        let mut bytes = build(&[("xl/a.xml", b"hello hello hello")]);
        // Change the method field (deflate = 8) to bzip2 (12) in both headers.
        for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
            let pos = bytes.windows(4).position(|w| w == sig).unwrap();
            let at = if sig == b"PK\x03\x04" {
                pos + 8
            } else {
                pos + 10
            };
            bytes[at] = 12;
        }
        let zip = ZipPackage::open(Input::Bytes(&bytes), &ctx()).unwrap();
        assert!(
            matches!(zip.read("xl/a.xml"), Err(SourceError::Unsupported(m)) if m.contains("xl/a.xml"))
        );
    }
}
