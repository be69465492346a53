//! The HTML report for the case file: one self-contained page (no scripts,
//! fonts, images or links to anything outside it), with a verdict banner per
//! file, findings grouped by kind with where they are and a masked sample,
//! how to fix each kind by hand in Excel and LibreOffice, and what was
//! inspected.
//!
//! Every string taken from a file is escaped, and the page carries a
//! Content-Security-Policy that forbids scripts, so a sheet named
//! `<script>…</script>` shows as text and runs nothing.
//!
//! ```
//! use foiguard::report::{html, Report, Summary, Tool};
//! let r = Report { tool: Tool::default(), policy: "built-in default".into(), config: None,
//!                  accept: None, roster: None, files: vec![], summary: Summary::default() };
//! let page = html::render(&r);
//! assert!(page.contains("default-src 'none'"));
//! assert!(!page.contains("<script"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::escape;
use super::{FileReport, Report};
use crate::finding::{Finding, Kind, Severity, Verdict};
use crate::numbers::thousands;

/// The Content-Security-Policy of the page: nothing may load or run; only
/// the inline style sheet applies.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// Escape for HTML text and attribute values. Control characters and
/// direction overrides are first shown escaped (as in the text report).
///
/// ```
/// use foiguard::report::html::h;
/// assert_eq!(h("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
/// assert_eq!(h("a\u{202e}b"), "a\\u{202e}b");
/// ```
pub fn h(s: &str) -> String {
    let s = escape(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --block:#b3261e; --review:#8a5a00; --pass:#1e6b34; --error:#6b2c91; --muted:#5f6368; --line:#d9d9d9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color:#1f1f1f;
       margin: 0 auto; max-width: 1100px; padding: 24px; background:#fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0; word-break: break-all; }
h3 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h4 { font-size: 15px; margin: 0 0 6px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta dt { float: left; clear: left; width: 190px; }
.meta dd { margin: 0 0 2px 190px; word-break: break-all; }
.overview { border-collapse: collapse; width: 100%; margin: 12px 0 28px; }
.overview td, .overview th, .findings td, .findings th { border-bottom: 1px solid var(--line); padding: 6px 8px;
       text-align: left; vertical-align: top; }
.overview th, .findings th { font-size: 13px; color: var(--muted); font-weight: 600; }
.summary { font-size: 16px; padding: 10px 14px; background:#f3f4f6; border-radius: 6px; }
.file { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 28px; overflow: hidden; }
.file .body { padding: 14px 18px 18px; }
.banner { color: #fff; padding: 12px 18px; font-weight: 700; font-size: 18px; letter-spacing: .02em; }
.banner small { font-weight: 400; font-size: 14px; display: block; opacity: .95; }
.v-block .banner { background: var(--block); } .v-review .banner { background: var(--review); }
.v-pass .banner { background: var(--pass); } .v-error .banner { background: var(--error); }
.tag { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 700;
       text-transform: uppercase; color: #fff; }
.t-block { background: var(--block); } .t-review { background: var(--review); } .t-pass { background: var(--pass); }
.t-error { background: var(--error); } .t-info { background: var(--muted); } .t-accepted { background: #2a6f97; }
.facts { color: var(--muted); margin: 6px 0 0; font-size: 13px; word-break: break-all; }
.error { background: #f6eefa; border-left: 4px solid var(--error); padding: 8px 12px; margin: 12px 0; }
.kind { margin: 14px 0 18px; }
.findings { border-collapse: collapse; width: 100%; font-size: 14px; }
.findings td.where { width: 28%; word-break: break-word; }
.findings tr.accepted td { color: var(--muted); }
.findings tr.info td { color: var(--muted); }
.sample { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background:#f3f4f6; padding: 0 4px; }
details.fix { margin-top: 8px; background: #f8f9fa; border-radius: 6px; padding: 6px 12px; }
details.fix summary { cursor: pointer; font-weight: 600; }
.cols { display: flex; gap: 24px; flex-wrap: wrap; }
.cols > div { flex: 1 1 320px; }
.cols h5 { margin: 8px 0 4px; font-size: 14px; }
.cols ol { margin: 0; padding-left: 20px; }
.inspected { columns: 2 340px; margin: 0; padding-left: 20px; font-size: 13px; }
.inspected li { break-inside: avoid; word-break: break-word; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 30px; padding-top: 10px; }
@media print { .file { break-inside: avoid-page; } details.fix { display: block; } }
"#;

fn banner(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Block => ("BLOCK", "Do not release this file as it is."),
        Verdict::Review => (
            "REVIEW",
            "A person must look at the findings before this file is released.",
        ),
        Verdict::Pass => (
            "PASS",
            "Nothing was found that stops this file being released.",
        ),
        Verdict::Error => (
            "NOT INSPECTED",
            "This file could not be fully checked: do not release it until it can be.",
        ),
    }
}

fn sev_tag(s: Severity) -> String {
    format!("<span class=\"tag t-{0}\">{0}</span>", s.as_str())
}

/// Where a finding is, in words (escaped for HTML).
fn where_html(f: &Finding) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !f.embedded.is_empty() {
        parts.push(format!("in embedded {}", h(&f.embedded.join(" > "))));
    }
    if let Some(s) = &f.sheet {
        parts.push(format!("sheet <b>{}</b>", h(s)));
    }
    if let Some(c) = &f.cell {
        parts.push(format!("<code>{}</code>", h(c)));
    }
    if let Some(p) = &f.part {
        parts.push(format!("<code>{}</code>", h(p)));
    }
    if parts.is_empty() {
        "the whole file".to_string()
    } else {
        parts.join(" ")
    }
}

fn kind_title(kind: &str) -> String {
    match Kind::parse(kind) {
        Some(k) => k.title().to_string(),
        None => match crate::explain::explain(kind) {
            Some(e) => e.title,
            None => kind.replace('_', " "),
        },
    }
}

fn file_section(out: &mut String, n: usize, f: &FileReport) {
    let (label, sentence) = banner(f.verdict);
    let _ = write!(
        out,
        "<section class=\"file v-{}\" id=\"file-{n}\">\n<div class=\"banner\">{label}<small>{sentence}</small></div>\n<div class=\"body\">\n<h2>{}</h2>\n",
        f.verdict.as_str(),
        h(&f.path)
    );
    let accepted = f.findings.iter().filter(|x| x.accepted).count();
    let mut facts = vec![format!(
        "format: {}",
        h(f.format.as_deref().unwrap_or("unknown"))
    )];
    facts.push(format!(
        "{} finding{}{}",
        thousands(f.findings.len() as u64),
        if f.findings.len() == 1 { "" } else { "s" },
        if accepted > 0 {
            format!(" ({} accepted)", thousands(accepted as u64))
        } else {
            String::new()
        }
    ));
    if let Some(s) = &f.sha256 {
        facts.push(format!("SHA-256: <code>{}</code>", h(s)));
    }
    let _ = writeln!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    if let Some(e) = &f.error {
        let _ = writeln!(
            out,
            "<p class=\"error\"><b>Why it was not inspected:</b> {}</p>",
            h(e)
        );
    }

    if !f.findings.is_empty() {
        out.push_str("<h3>Findings</h3>\n");
        // Group by kind, most severe kind first.
        let mut groups: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for x in &f.findings {
            groups.entry(x.kind.as_str()).or_default().push(x);
        }
        let mut ordered: Vec<(&str, Vec<&Finding>)> = groups.into_iter().collect();
        ordered.sort_by_key(|(k, v)| {
            let worst = v.iter().filter(|x| !x.accepted).map(|x| x.severity).max();
            (std::cmp::Reverse(worst), *k)
        });
        // The same steps (e.g. for every content kind) are written out once.
        let mut shown: Vec<(&[&str], &str)> = Vec::new();
        for (kind, items) in ordered {
            let worst = items
                .iter()
                .map(|x| x.severity)
                .max()
                .unwrap_or(Severity::Info);
            let _ = writeln!(
                out,
                "<div class=\"kind\">\n<h4>{} {} <code>{}</code> <span class=\"facts\">({} finding{})</span></h4>",
                sev_tag(worst),
                h(&kind_title(kind)),
                h(kind),
                thousands(items.len() as u64),
                if items.len() == 1 { "" } else { "s" }
            );
            out.push_str(
                "<table class=\"findings\">\n<tr><th>Severity</th><th>Where</th><th>What</th><th>Sample (masked)</th></tr>\n",
            );
            for x in items {
                let class = if x.accepted {
                    " class=\"accepted\""
                } else if x.severity == Severity::Info {
                    " class=\"info\""
                } else {
                    ""
                };
                let mut sev = sev_tag(x.severity);
                if x.accepted {
                    sev.push_str(" <span class=\"tag t-accepted\">accepted</span>");
                }
                let mut what = h(&x.message);
                if x.count > 1 {
                    let _ = write!(
                        what,
                        " <span class=\"facts\">({} items)</span>",
                        thousands(x.count)
                    );
                }
                if !x.evidence.is_empty() {
                    let _ = write!(
                        what,
                        " <span class=\"facts\">evidence: {}</span>",
                        h(&x.evidence.join(", "))
                    );
                }
                let sample = match &x.sample {
                    Some(s) => format!("<span class=\"sample\">{}</span>", h(s)),
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "<tr{class}><td>{sev}</td><td class=\"where\">{}</td><td>{what}</td><td>{sample}</td></tr>",
                    where_html(x)
                );
            }
            out.push_str("</table>\n");
            let (excel, lo) = crate::explain::fix_steps(kind);
            if let Some((_, first)) = shown.iter().find(|(p, _)| *p == excel) {
                let _ = writeln!(
                    out,
                    "<p class=\"facts\">How to fix by hand: the same steps as for <code>{}</code> above. More: <code>foiguard explain {}</code>.</p>\n</div>",
                    h(first),
                    h(kind)
                );
                continue;
            }
            shown.push((excel, kind));
            out.push_str("<details class=\"fix\" open><summary>How to fix by hand</summary>\n<div class=\"cols\">");
            for (name, steps) in [("Excel", excel), ("LibreOffice Calc", lo)] {
                let _ = write!(out, "<div><h5>{name}</h5><ol>");
                for s in steps {
                    let _ = write!(out, "<li>{}</li>", h(s));
                }
                out.push_str("</ol></div>");
            }
            let _ = writeln!(
                out,
                "</div>\n<p class=\"facts\">More: <code>foiguard explain {}</code>. Or rebuild a clean copy: <code>foiguard redact</code>.</p></details>\n</div>",
                h(kind)
            );
        }
    }

    out.push_str("<h3>What was inspected</h3>\n");
    let checks = f
        .format
        .as_deref()
        .map(crate::explain::checks)
        .unwrap_or(&[]);
    if checks.is_empty() && f.inspected.is_empty() {
        out.push_str("<p>Nothing could be read from this file.</p>\n");
    } else {
        if !checks.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"facts\">foiguard checks in a {} file:</p>",
                h(f.format.as_deref().unwrap_or(""))
            );
            out.push_str("<ul class=\"inspected\">");
            for c in checks {
                let _ = write!(out, "<li>{}</li>", h(c));
            }
            out.push_str("</ul>\n");
        }
        if !f.inspected.is_empty() {
            out.push_str("<p class=\"facts\">Read in this file:</p>\n<ul class=\"inspected\">");
            for i in &f.inspected {
                let _ = write!(out, "<li>{}</li>", h(i));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</div>\n</section>\n");
}

/// Render the whole report as one HTML page.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::with_capacity(16 * 1024);
    let title = format!(
        "foiguard report: {} blocked, {} to review, {} passed, {} not inspected",
        thousands(s.block as u64),
        thousands(s.review as u64),
        thousands(s.pass as u64),
        thousands(s.error as u64)
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>foiguard report</h1>\n",
        h(&title)
    );
    out.push_str("<dl class=\"meta\">");
    let mut meta = vec![
        (
            "Tool",
            format!("{} {}", h(report.tool.name), h(report.tool.version)),
        ),
        ("Report written", h(&now_utc())),
        ("Policy", h(&report.policy)),
        (
            "Configuration",
            h(report
                .config
                .as_deref()
                .unwrap_or("none (no foiguard.toml)")),
        ),
    ];
    meta.push((
        "Accepted findings",
        h(report.accept.as_deref().unwrap_or("none")),
    ));
    meta.push(("Roster", h(report.roster.as_deref().unwrap_or("none"))));
    for (k, v) in meta {
        let _ = write!(out, "<dt>{k}</dt><dd>{v}</dd>");
    }
    out.push_str("</dl>\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\">{}</p>",
        h(&super::text::summary_line(report))
    );
    if !report.files.is_empty() {
        out.push_str(
            "<table class=\"overview\">\n<tr><th>Verdict</th><th>File</th><th>Format</th><th>Findings</th></tr>\n",
        );
        for (n, f) in report.files.iter().enumerate() {
            let v = f.verdict.as_str();
            let label = if f.verdict == Verdict::Error {
                "not inspected"
            } else {
                v
            };
            let _ = writeln!(
                out,
                "<tr><td><span class=\"tag t-{v}\">{label}</span></td><td><a href=\"#file-{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                n + 1,
                h(&f.path),
                h(f.format.as_deref().unwrap_or("")),
                thousands(f.findings.len() as u64)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</header>\n<main>\n");
    for (n, f) in report.files.iter().enumerate() {
        file_section(&mut out, n + 1, f);
    }
    out.push_str(
        "</main>\n<footer>\n<p>A file's verdict is the highest severity among its findings that were not accepted: \
         block, then review, else pass; a file that could not be fully inspected is never a pass. \
         Accepted findings were reviewed by an officer (see the accepted findings file) and no longer count. \
         Samples are masked unless the scan was run with --show-values.</p>\n</footer>\n</body>\n</html>\n",
    );
    out
}

/// The current time, UTC, as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = crate::accept::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Summary, Tool};

    fn report() -> Report {
        let mut f1 = Finding::new(
            "hidden_sheet",
            Severity::Block,
            "A hidden sheet holds 12 rows.",
        );
        f1.sheet = Some("<script>alert('x')</script>".into());
        f1.part = Some("xl/worksheets/sheet2.xml".into());
        f1.sample = Some("J*** D**".into());
        let mut f2 = Finding::new("comment", Severity::Review, "A comment & its \"author\".");
        f2.sheet = Some("Counts".into());
        f2.cell = Some("B4".into());
        f2.accepted = true;
        let files = vec![
            FileReport {
                path: "out/<b>bold</b>.xlsx".into(),
                format: Some("xlsx".into()),
                sha256: Some("ab".repeat(32)),
                verdict: Verdict::Block,
                error: None,
                findings: vec![f1, f2],
                inspected: vec!["sheet '<iframe>': hidden, 3 cells read".into()],
            },
            FileReport::error(
                std::path::Path::new("bad.xlsx"),
                None,
                "corrupt: <zip>".into(),
            ),
        ];
        let summary = Summary::of(&files, &[], std::time::Duration::from_millis(5));
        Report {
            tool: Tool::default(),
            policy: "built-in default".into(),
            config: Some("foiguard.toml".into()),
            accept: Some("accepted.toml".into()),
            roster: Some("staff roster.csv".into()),
            files,
            summary,
        }
    }

    #[test]
    fn escapes_everything_from_files_and_forbids_scripts() {
        let page = render(&report());
        assert!(page.contains(&format!("content=\"{CSP}\"")));
        assert!(!page.contains("<script"), "raw script tag");
        assert!(!page.contains("<iframe"), "raw iframe tag");
        assert!(!page.contains("<b>bold"), "raw path markup");
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(page.contains("corrupt: &lt;zip&gt;"));
        // Self-contained: nothing points outside the page.
        for bad in ["src=", "http://", "https://", "url(", "@import"] {
            assert!(!page.contains(bad), "{bad}");
        }
    }

    #[test]
    fn banners_groups_fixes_and_inspected() {
        let page = render(&report());
        assert!(page.contains("<div class=\"banner\">BLOCK"));
        assert!(page.contains("<div class=\"banner\">NOT INSPECTED"));
        assert!(page.contains("Hidden sheet <code>hidden_sheet</code>"));
        assert!(page.contains("t-accepted\">accepted"));
        assert!(page.contains("<h5>Excel</h5>") && page.contains("<h5>LibreOffice Calc</h5>"));
        assert!(page.contains("Unhide"));
        assert!(page.contains("What was inspected"));
        assert!(
            page.contains("pivot caches and records"),
            "format checks listed"
        );
        assert!(page.contains("foiguard.toml") && page.contains("accepted.toml"));
        assert!(
            page.contains("<dt>Roster</dt><dd>staff roster.csv</dd>"),
            "{page}"
        );
        // Block groups come before review ones.
        let b = page.find("hidden_sheet</code>").unwrap();
        let c = page.find("comment</code>").unwrap();
        assert!(b < c);
    }
}
