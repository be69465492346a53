//! Header classes remembered per thread: every cell of a column has the
//! same header, so it is classified once.

use std::cell::RefCell;

use crate::detect::normalize::FxMap;

use super::context::{HeaderInfo, classify_header};

thread_local! {
    static HEADER_CACHE: RefCell<FxMap<Box<str>, HeaderInfo>> = RefCell::new(FxMap::default());
}

/// Classify a header, remembering recent answers per thread (headers repeat
/// for every cell of a column).
pub(super) fn header_info(header: Option<&str>) -> HeaderInfo {
    let Some(h) = header else {
        return HeaderInfo(0);
    };
    if h.is_empty() {
        return HeaderInfo(0);
    }
    HEADER_CACHE.with(|c| {
        if let Ok(map) = c.try_borrow()
            && let Some(&i) = map.get(h)
        {
            return i;
        }
        let info = classify_header(h);
        if let Ok(mut map) = c.try_borrow_mut() {
            if map.len() >= 4096 {
                map.clear();
            }
            map.insert(h.into(), info);
        }
        info
    })
}
