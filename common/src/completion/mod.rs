//! Shell completion: the hidden `__complete` command in Cobra's protocol (`dynamic`), and the
//! shell scripts that call it (`scripts`).
//!
//! Uses `context`, `fleet`, `releases`, `cluster`; the command tree is handed in, not imported.

pub mod dynamic;
pub mod scripts;
