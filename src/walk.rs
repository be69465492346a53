//! Which files a scan covers: the paths given, and every file below a folder
//! given, without following symbolic links out of the folder. Problems
//! (unreadable entries, special files, links that leave the folder) are
//! reported as targets with a reason, never skipped silently.

use std::fs;
use std::path::{Path, PathBuf};

use crate::source::{Context, Format, Input, Limits, sniff};

/// One thing to scan, or a path that cannot be scanned and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    File(PathBuf),
    Problem(PathBuf, String),
}

/// Extensions of the files a folder scan picks up without sniffing.
const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "xlt", "ods", "ots", "fods", "csv", "tsv", "tab",
];

/// Extensions of text files a table is often saved as ("Text (Tab
/// delimited)" gives .txt; exports come as .dat or with no extension): a
/// folder scan reads them when their lines are delimited alike.
const TEXT_TABLE_EXTENSIONS: &[&str] = &["txt", "dat", "prn", "text", "asc", "out", ""];

/// Extensions of archives, whose contents a scan cannot see.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    "zip", "zipx", "7z", "rar", "gz", "tgz", "tar", "bz2", "tbz2", "xz", "txz", "cab", "lzh",
];

/// Expand the given paths into targets, in a stable order. Files named
/// explicitly are always scanned. In folders, spreadsheet and CSV files are
/// scanned, and so is any other file whose bytes say it is a workbook (a
/// renamed .xlsx) or a text file whose lines are a delimited table (a
/// payroll export saved as .txt); an archive is a problem (what it carries
/// would go unchecked); other files are counted in `skipped`.
pub fn targets(paths: &[PathBuf], skipped: &mut Vec<PathBuf>) -> Vec<Target> {
    let mut out = Vec::new();
    for p in paths {
        match fs::symlink_metadata(p) {
            Err(e) => out.push(Target::Problem(p.clone(), format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => walk_dir(p, p, &mut out, skipped, 0),
            Ok(m) if m.file_type().is_symlink() => match fs::metadata(p) {
                Ok(t) if t.is_dir() => match fs::canonicalize(p) {
                    Ok(real) => walk_dir(&real, &real, &mut out, skipped, 0),
                    Err(e) => out.push(Target::Problem(p.clone(), format!("cannot read: {e}"))),
                },
                Ok(t) if t.is_file() => out.push(Target::File(p.clone())),
                Ok(_) => out.push(Target::Problem(p.clone(), "not a regular file".into())),
                Err(e) => out.push(Target::Problem(p.clone(), format!("broken link: {e}"))),
            },
            Ok(m) if m.is_file() => out.push(Target::File(p.clone())),
            Ok(_) => out.push(Target::Problem(
                p.clone(),
                "not a regular file (device, pipe or socket)".into(),
            )),
        }
    }
    // One path named cannot name a file twice: no need to resolve every
    // file of a big folder.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        skipped.retain(|p| seen.insert(fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
        once_each(out)
    } else {
        out
    }
}

/// Each file once, as first named: `block.csv ./block.csv`, or a folder
/// and a file inside it, are one file (one verdict, counted once).
fn once_each(list: Vec<Target>) -> Vec<Target> {
    let real = |p: &PathBuf| fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|t| match t {
            Target::File(p) => seen.insert((real(p), None)),
            // An archive in a folder named twice is one problem.
            Target::Problem(p, why) => seen.insert((real(p), Some(why.clone()))),
        })
        .collect()
}

const MAX_DEPTH: usize = 64;

fn walk_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Target>,
    skipped: &mut Vec<PathBuf>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        out.push(Target::Problem(
            dir.to_path_buf(),
            format!("folders nested more than {MAX_DEPTH} deep"),
        ));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Target::Problem(
                dir.to_path_buf(),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for e in entries {
        match e {
            Ok(e) => paths.push(e.path()),
            Err(e) => out.push(Target::Problem(
                dir.to_path_buf(),
                format!("cannot read folder entry: {e}"),
            )),
        }
    }
    paths.sort();
    for p in paths {
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                out.push(Target::Problem(p, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            // Follow a link only to a file inside the scanned folder; never
            // into folders (loops) or out of the root.
            match (fs::canonicalize(&p), fs::canonicalize(root)) {
                (Ok(real), Ok(root_real)) if real.starts_with(&root_real) => {
                    match fs::metadata(&real) {
                        Ok(m) if m.is_file() => consider_file(&p, out, skipped),
                        Ok(m) if m.is_dir() => skipped.push(p),
                        _ => out.push(Target::Problem(
                            p,
                            "link to something that is not a regular file".into(),
                        )),
                    }
                }
                (Ok(_), Ok(_)) => out.push(Target::Problem(
                    p,
                    "symbolic link points outside the scanned folder; not followed".into(),
                )),
                (Err(e), _) | (_, Err(e)) => {
                    out.push(Target::Problem(p, format!("broken symbolic link: {e}")))
                }
            }
        } else if meta.is_dir() {
            walk_dir(root, &p, out, skipped, depth + 1);
        } else if meta.is_file() {
            consider_file(&p, out, skipped);
        } else {
            out.push(Target::Problem(
                p,
                "not a regular file (device, pipe or socket)".into(),
            ));
        }
    }
}

fn consider_file(p: &Path, out: &mut Vec<Target>, skipped: &mut Vec<PathBuf>) {
    if crate::interrupt::is_temporary(p) {
        return;
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if EXTENSIONS.contains(&ext.as_str()) || name.starts_with("~$") || name.starts_with(".~lock.") {
        out.push(Target::File(p.to_path_buf()));
        return;
    }
    // Any other file: scan it if its bytes say it is a workbook.
    let ctx = Context::new(name, Limits::default());
    match sniff(Input::Path(p), &ctx) {
        Ok(f) if f.is_workbook() => out.push(Target::File(p.to_path_buf())),
        Err(crate::source::SourceError::Encrypted) => out.push(Target::File(p.to_path_buf())),
        Ok(Format::LockFile) => out.push(Target::File(p.to_path_buf())),
        Ok(Format::Csv | Format::Tsv)
            if TEXT_TABLE_EXTENSIONS.contains(&ext.as_str()) && looks_tabular(p) =>
        {
            out.push(Target::File(p.to_path_buf()))
        }
        _ if is_archive(p, &ext) => out.push(Target::Problem(
            p.to_path_buf(),
            "an archive: foiguard does not look inside archives, so the files it carries \
             would go unchecked; unpack it and scan them"
                .into(),
        )),
        _ => skipped.push(p.to_path_buf()),
    }
}

/// Whether the first lines of a text file are a delimited table: at least
/// two lines, most with the same number (one or more) of one delimiter.
fn looks_tabular(p: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    let Ok(f) = fs::File::open(p) else {
        return false;
    };
    if f.take(8192).read_to_end(&mut head).is_err() {
        return false;
    }
    // The last line may be cut short.
    let mut lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    if head.len() == 8192 {
        lines.pop();
    }
    lines.truncate(20);
    if lines.len() < 2 {
        return false;
    }
    [b',', b'\t', b';', b'|'].iter().any(|&d| {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.iter().filter(|&&b| b == d).count())
            .collect();
        let mut best = (0, 0);
        for &c in counts.iter().filter(|&&c| c > 0) {
            let n = counts.iter().filter(|&&x| x == c).count();
            best = best.max((n, c));
        }
        best.0 >= 2 && best.0 * 5 >= counts.len() * 4
    })
}

/// Whether a file is an archive: by its extension, or by its bytes (a zip
/// that is no Office or OpenDocument package; 7z, RAR, gzip, bzip2, xz).
fn is_archive(p: &Path, ext: &str) -> bool {
    use std::io::Read;
    if ARCHIVE_EXTENSIONS.contains(&ext) {
        return true;
    }
    let mut head = [0u8; 6];
    let Ok(mut f) = fs::File::open(p) else {
        return false;
    };
    if f.read_exact(&mut head).is_err() {
        return false;
    }
    if head.starts_with(b"PK\x03\x04") {
        // A document package names its content types or its mimetype.
        return zip::ZipArchive::new(f).is_ok_and(|z| {
            !z.file_names()
                .any(|n| n.is_ok_and(|n| n == "[Content_Types].xml" || n == "mimetype"))
        });
    }
    head.starts_with(b"7z\xBC\xAF\x27\x1C")
        || head.starts_with(b"Rar!")
        || head.starts_with(&[0x1F, 0x8B])
        || head.starts_with(b"BZh")
        || head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0])
}

/// The scanned place that `path` lies inside, for a message ("the scanned
/// folder X"), if any. With `file_folders`, the folder holding a scanned
/// file counts as scanned too (`cd outbox && foiguard scan *.xlsx`).
pub(crate) fn inside_scanned(
    path: &Path,
    scanned: &[PathBuf],
    file_folders: bool,
) -> Option<String> {
    let real = std::fs::canonicalize(path).ok().or_else(|| {
        let parent = std::fs::canonicalize(path.parent()?).ok()?;
        Some(parent.join(path.file_name()?))
    })?;
    let parent_of = |p: &Path| match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for s in scanned {
        let Ok(meta) = std::fs::metadata(s) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(root) = std::fs::canonicalize(s)
                && real.starts_with(&root)
            {
                return Some(format!("the scanned folder {}", s.display()));
            }
            continue;
        }
        if !file_folders {
            continue;
        }
        // A file: the folder it is named in, and the one it really lies in.
        let mut folders = vec![parent_of(s)];
        if let Ok(r) = std::fs::canonicalize(s) {
            folders.push(parent_of(&r));
        }
        for f in folders {
            if let Ok(root) = std::fs::canonicalize(&f)
                && real.starts_with(&root)
            {
                return Some(format!(
                    "the folder {} of the scanned file {}",
                    f.display(),
                    s.display()
                ));
            }
        }
    }
    None
}

/// The files a run reads, as canonical paths: no output of the run may
/// replace one (`scan -o`, `redact -o`/`--out-dir`/`--log`).
pub fn input_files(list: &[Target]) -> Vec<PathBuf> {
    list.iter()
        .filter_map(|t| match t {
            Target::File(p) => fs::canonicalize(p).ok(),
            Target::Problem(..) => None,
        })
        .collect()
}

/// Whether `target` (followed through links, or another hard link to the
/// same file) is one of `inputs` (from [`input_files`]).
pub fn is_input(target: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(real) = fs::canonicalize(target) else {
        return false;
    };
    if inputs.contains(&real) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = fs::metadata(&real)
            && m.nlink() > 1
        {
            return inputs
                .iter()
                .any(|p| fs::metadata(p).is_ok_and(|n| n.dev() == m.dev() && n.ino() == m.ino()));
        }
    }
    false
}

/// File names from a reader (the standard input of `scan --stdin-paths`):
/// one per line, or separated by NUL bytes with `nul` (`find -print0`).
/// Empty names are skipped; in line mode a trailing `\r` is dropped.
///
/// ```
/// use foiguard::walk::paths_from_reader;
/// let p = paths_from_reader(&b"a.xlsx\r\n\nb c.csv\n"[..], false).unwrap();
/// assert_eq!(p, vec![std::path::PathBuf::from("a.xlsx"), "b c.csv".into()]);
/// let p = paths_from_reader(&b"x\ny.xlsx\0z.csv\0"[..], true).unwrap();
/// assert_eq!(p, vec![std::path::PathBuf::from("x\ny.xlsx"), "z.csv".into()]);
/// ```
pub fn paths_from_reader(mut r: impl std::io::Read, nul: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut buf = Vec::new();
    r.read_to_end(&mut buf)?;
    let sep = if nul { b'\0' } else { b'\n' };
    let mut out = Vec::new();
    for mut name in buf.split(|b| *b == sep) {
        if !nul && name.last() == Some(&b'\r') {
            name = &name[..name.len() - 1];
        }
        if name.is_empty() {
            continue;
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            out.push(PathBuf::from(std::ffi::OsStr::from_bytes(name)));
        }
        #[cfg(not(unix))]
        out.push(PathBuf::from(String::from_utf8_lossy(name).into_owned()));
    }
    Ok(out)
}
