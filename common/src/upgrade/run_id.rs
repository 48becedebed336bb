//! The id of one `claw upgrade` run: printed when the run starts, and written into the Helm
//! description of every revision it makes (`claw upgrade run k3x9p2`), so `history` shows which
//! run made a revision and `rollback --run`/`--last-run` can find exactly the releases it moved.
//!
//! Helm keeps the description of a revision that succeeded; when an upgrade fails, Helm replaces
//! it with its own words (`Upgrade "x" failed: …`), so a failed revision carries no run id.

use std::fmt;
use std::hash::{BuildHasher, Hasher};

use serde::Serialize;

/// What precedes the id in a Helm description.
const PREFIX: &str = "claw upgrade run ";
/// Characters of an id: lowercase letters and digits, easy to say and type.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// Six of them: about a billion ids, for runs that happen a few times a day.
const LENGTH: usize = 6;

/// A run id: six characters of [`ALPHABET`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RunId(String);

impl RunId {
    /// A new id, from the process's random hasher keys, the time and the process id.
    pub fn new() -> RunId {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        h.write_u128(now);
        h.write_u32(std::process::id());
        let mut n = h.finish();
        let mut id = String::with_capacity(LENGTH);
        for _ in 0..LENGTH {
            id.push(char::from(ALPHABET[(n % ALPHABET.len() as u64) as usize]));
            n /= ALPHABET.len() as u64;
        }
        RunId(id)
    }

    /// An id the user typed (`rollback --run ID`): `Err` with why when it cannot be one.
    pub fn parse(s: &str) -> Result<RunId, String> {
        let s = s.trim();
        if s.len() == LENGTH && s.bytes().all(|b| ALPHABET.contains(&b)) {
            Ok(RunId(s.to_string()))
        } else {
            Err(format!(
                "{s:?} is not a claw run id (six characters such as k3x9p2, as `upgrade` printed it and `history` shows it)"
            ))
        }
    }

    /// The run id a Helm description carries, if claw wrote one there.
    pub fn in_description(description: &str) -> Option<RunId> {
        let rest = &description[description.find(PREFIX)? + PREFIX.len()..];
        RunId::parse(rest.get(..LENGTH)?).ok()
    }

    /// The Helm description of a revision this run makes: `claw upgrade run ID: CHANGE`.
    pub fn description(&self, change: &str) -> String {
        format!("{PREFIX}{self}: {change}")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for RunId {
    fn default() -> Self {
        RunId::new()
    }
}

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_written_into_a_description_is_found_there_again() {
        let id = RunId::new();
        assert_eq!(id.as_str().len(), LENGTH);
        let d = id.description("picoclaw 0.1.8 -> 0.1.9");
        assert!(d.starts_with("claw upgrade run "), "{d}");
        assert_eq!(RunId::in_description(&d), Some(id));
    }

    #[test]
    fn helms_own_descriptions_carry_no_id() {
        for d in [
            "Upgrade complete",
            "Install complete",
            "Rollback to 3",
            "Upgrade \"pico\" failed: context deadline exceeded",
            "claw upgrade run ",
            "claw upgrade run K3X9P2: upper case is not ours",
            "claw upgrade run k3x9: too short",
        ] {
            assert_eq!(RunId::in_description(d), None, "{d}");
        }
    }

    #[test]
    fn typed_ids_are_checked() {
        assert_eq!(RunId::parse(" k3x9p2 ").unwrap().as_str(), "k3x9p2");
        for bad in ["", "k3x9p", "k3x9p2x", "K3X9P2", "k3x9p0"] {
            let e = RunId::parse(bad).unwrap_err();
            assert!(e.contains("not a claw run id"), "{e}");
        }
    }

    #[test]
    fn ids_differ_between_runs() {
        let ids: std::collections::BTreeSet<RunId> = (0..50).map(|_| RunId::new()).collect();
        assert_eq!(ids.len(), 50);
    }
}
