//! The JSON report: always exactly one document on stdout.

use super::Report;

/// Render the report as one pretty-printed JSON document.
pub fn render(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(s) => s,
        // Serialising plain data cannot fail; keep the contract anyway.
        Err(e) => format!(
            "{{\"files\":[],\"summary\":{{}},\"internal_error\":{:?}}}",
            e.to_string()
        ),
    }
}
