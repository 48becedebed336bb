//! `-w`: the live inventory kept from watches (`live`), and the frames redrawn from it
//! (`redraw`).
//!
//! Uses `context`, `output`, `fleet`, `releases`, `cluster`.

pub mod live;
pub mod redraw;
