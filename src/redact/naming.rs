//! How `redact --out-dir` names the copies of a run: each input file's
//! copy goes to the folder its place under the input names, and no two
//! copies of one run ever get the same path, whichever arguments the files
//! came from (`a.xls` and `a.xlsx` keep their extension in the name;
//! `x/a.csv` and `y/a.csv` named one by one are refused before anything is
//! written).
//!
//! ```text
//! redact response.xlsx --out-dir o        -> o/response.clean.xlsx
//! redact a.xls a.xlsx --out-dir o         -> o/a.xls.clean.xlsx, o/a.xlsx.clean.xlsx
//! redact x/a.csv y/a.csv --out-dir o      -> refused, exit 2, nothing written
//! redact folder/ --out-dir o              -> o/<sub-folders>/<name>.clean.<ext>
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Destination, OutputFormat};
use crate::report::escape::shown_path;
use crate::walk::Target;

/// Where the copy of `p` (a file of the input `input`) goes: a folder
/// input's sub-folders are kept under `--out-dir`.
pub(super) fn copy_folder(dest: &Destination, input: &Path, p: &Path) -> Destination {
    match dest {
        Destination::Dir(d) if input.is_dir() => {
            let rel = p
                .strip_prefix(input)
                .ok()
                .and_then(Path::parent)
                .unwrap_or(Path::new(""));
            Destination::Dir(d.join(rel))
        }
        other => other.clone(),
    }
}

/// How the tool names a copy in `--out-dir`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Naming {
    /// `date.clean.xlsx`.
    Plain,
    /// Another input's copy would get the same name (`date.xls`,
    /// `date.xlsx`): the extension stays in it (`date.xls.clean.xlsx`).
    Qualified,
    /// Even so the same name as another input's copy (`x/a.csv` and
    /// `y/a.csv` named on the command line, one `--out-dir`): not redacted,
    /// and why (one copy must never replace another of the same run).
    Clash(String),
}

/// The naming of every input file's copy over the whole run, so that no two
/// copies get the same path, whichever arguments the files came from.
pub(super) fn copy_naming(
    walked: &[(&PathBuf, Vec<Target>, Vec<PathBuf>)],
    dest: &Destination,
    to: Option<OutputFormat>,
) -> HashMap<PathBuf, Naming> {
    let mut out = HashMap::new();
    let Destination::Dir(_) = dest else {
        return out;
    };
    // (folder, name) -> the files whose copies it names.
    let mut plain: HashMap<(PathBuf, String), Vec<PathBuf>> = HashMap::new();
    for (input, list, _) in walked {
        for t in list {
            if let Target::File(p) = t {
                let folder = match copy_folder(dest, input, p) {
                    Destination::Dir(d) => d,
                    Destination::File(f) => f,
                };
                let name = default_copy_name(p, to);
                plain.entry((folder, name)).or_default().push(p.clone());
            }
        }
    }
    let mut qualified: HashMap<(PathBuf, String), Vec<PathBuf>> = HashMap::new();
    for ((folder, name), files) in plain {
        if files.len() == 1 {
            out.insert(files[0].clone(), Naming::Plain);
            continue;
        }
        for f in files {
            let full = f
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            qualified
                .entry((folder.clone(), format!("{full}/{name}")))
                .or_default()
                .push(f);
        }
    }
    for ((folder, _), files) in qualified {
        if files.len() == 1 {
            out.insert(files[0].clone(), Naming::Qualified);
            continue;
        }
        let names: Vec<String> = files.iter().map(|f| shown_path(f)).collect();
        for f in &files {
            out.insert(
                f.clone(),
                Naming::Clash(format!(
                    "usage: {} would be copied to the same name in {}; redact them into \
                     separate --out-dir folders, or name their folder instead",
                    names.join(", "),
                    shown_path(&folder)
                )),
            );
        }
    }
    out
}

/// The (lower-case) name a copy of `p` would get by default, judged from
/// its extension, to find inputs whose copies would clash.
fn default_copy_name(p: &Path, to: Option<OutputFormat>) -> String {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let out = match (ext.as_str(), to) {
        (_, Some(OutputFormat::Xlsx)) => "xlsx",
        ("csv", _) | (_, Some(OutputFormat::Csv)) => "csv",
        ("tsv", _) => "tsv",
        ("tab", _) => "tab",
        _ => "xlsx",
    };
    format!("{stem}.{out}")
}
