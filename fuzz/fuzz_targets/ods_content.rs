//! ODS content: the bytes as content.xml of a minimal ods, scanned end to end.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = foiguard_fuzz::ods_with_content(data);
    black_box(foiguard_fuzz::scan(black_box(&file), "x.ods"));
});
