//! The shared string table of an xlsb workbook (`sharedStrings.bin`):
//! one `BrtSSTItem` per string, a rich string whose runs and phonetic
//! data are skipped. Strings are counted as they are read; the counts the
//! part claims in `BrtBeginSst` are never believed.

use super::{BinRecords, rich_text};
use crate::numbers::thousands;
use crate::source::{Limits, Result, SourceError};

const BRT_SST_ITEM: u16 = 0x0013;
const BRT_BEGIN_SST: u16 = 0x009F;
const BRT_END_SST: u16 = 0x00A0;
const BRT_FRT_BEGIN: u16 = 0x0023;
const BRT_FRT_END: u16 = 0x0024;

/// Read every string of `sharedStrings.bin`, in order.
pub(super) fn parse_sst(d: &[u8], part: &str, limits: &Limits) -> Result<Vec<String>> {
    let mut recs = BinRecords::new(d);
    let mut out: Vec<String> = Vec::new();
    let mut begun = false;
    let mut ended = false;
    let mut future = 0usize;
    loop {
        let r = recs.next_rec().map_err(|_| {
            SourceError::Corrupt(format!("{part}: a record is cut off (truncated)"))
        })?;
        let Some((typ, data)) = r else { break };
        match typ {
            BRT_FRT_BEGIN => future += 1,
            BRT_FRT_END => future = future.saturating_sub(1),
            _ if future > 0 => {}
            BRT_BEGIN_SST => begun = true,
            BRT_END_SST => ended = true,
            BRT_SST_ITEM => {
                if !begun || ended {
                    return Err(SourceError::Corrupt(format!(
                        "{part}: a shared string outside the string table"
                    )));
                }
                if out.len() as u64 >= limits.max_shared_strings {
                    return Err(SourceError::Limit(format!(
                        "{part} holds more than {} shared strings",
                        thousands(limits.max_shared_strings)
                    )));
                }
                let s = rich_text(data, 0).ok_or_else(|| {
                    SourceError::Corrupt(format!(
                        "{part}: shared string {} is malformed",
                        out.len()
                    ))
                })?;
                out.push(s);
            }
            _ => {}
        }
    }
    if begun && !ended {
        return Err(SourceError::Corrupt(format!(
            "{part}: the string table does not end (truncated)"
        )));
    }
    Ok(out)
}
