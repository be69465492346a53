//! WHAT TO FIND: structural checks on the grid and the glue that turns a
//! source's observations into findings.

pub mod collector;
pub mod content;
mod held_names;
pub mod normalize;
pub mod people;
pub mod roster;
pub mod structure;
pub mod swar;
pub mod table;
