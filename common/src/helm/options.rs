//! The Helm flags claw's lifecycle commands take and pass on, spelled as Helm spells them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use serde_json::Value;

use crate::error::{Error, Result};

/// Values given on the command line: `-f FILE` and `--set KEY=VALUE`, later ones winning.
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct ValuesArgs {
    /// A values file (repeatable; later files win)
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// A value on the command line, KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl ValuesArgs {
    /// Fails fast, before anything runs, on a values file that is not there or a `--set`
    /// without `=`.
    pub fn check(&self) -> Result<()> {
        for f in &self.files {
            if !f.is_file() {
                return Err(Error::Usage(format!(
                    "values file {} does not exist",
                    f.display()
                )));
            }
        }
        for s in &self.set {
            if let Some(part) = set_parts(s).into_iter().find(|p| !p.contains('=')) {
                // No "NAME: …" or "KEY=…" in the sentence: the redaction every message passes
                // through would take the word after a key's name for its secret value.
                return Err(Error::Usage(format!(
                    "--set {s} gives {part} no value; give NAME=VALUE (e.g. --set image.tag=0.1.8)"
                )));
            }
        }
        // A file that is not YAML is the user's to fix, not a refusal to go past.
        self.given_tree().map(|_| ())
    }

    /// The keys the values given now set: the `-f` files merged in order, then each `--set`
    /// path (its value kept as a string; lists as empty lists), to judge them against a chart's
    /// values. Errors: a `-f` file that cannot be read or is not YAML (usage, exit 2).
    pub fn given_tree(&self) -> Result<Value> {
        let mut tree = Value::Object(Default::default());
        for f in &self.files {
            let v = read_values_file(f)?;
            if !v.is_null() {
                merge_values(&mut tree, &v);
            }
        }
        for s in &self.set {
            for (path, value) in set_paths(s) {
                let mut leaf = value;
                for key in path.iter().rev() {
                    leaf = serde_json::json!({ key.as_str(): leaf });
                }
                merge_values(&mut tree, &leaf);
            }
        }
        Ok(tree)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.set.is_empty()
    }
}

/// A values file the user named (`-f`, `--values-dir`), as YAML data (`null` for an empty one).
/// Errors: one that cannot be read or is not YAML is the user's to fix (usage, exit 2).
pub fn read_values_file(path: &std::path::Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read values file {}: {e}", path.display())))?;
    serde_saphyr::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "values file {} is not YAML: {}",
            path.display(),
            crate::cluster::one_line(&e)
        ))
    })
}

/// `over` merged into `base`, maps key by key, anything else replaced (Helm's rule for values).
pub fn merge_values(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge_values(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

/// The key paths one `--set` argument assigns, as Helm's `strvals` reads it: `a.b=1,c=2`
/// (commas inside `{…}` belong to a list value), `\.` a dot within a key, `name[0]=x` a list.
fn set_paths(arg: &str) -> Vec<(Vec<String>, Value)> {
    set_parts(arg)
        .into_iter()
        .filter_map(|p| p.split_once('='))
        .map(|(key, value)| {
            let mut path: Vec<String> = key
                .replace("\\.", "\u{0}")
                .split('.')
                .map(|k| k.replace('\u{0}', "."))
                .collect();
            let mut leaf = Value::String(value.to_string());
            // `name[0].x=v`: a list under `name`; what is inside a list is not checked.
            if let Some(i) = path.iter().position(|k| k.contains('[')) {
                path.truncate(i + 1);
                let key = &mut path[i];
                key.truncate(key.find('[').unwrap_or(key.len()));
                leaf = Value::Array(vec![]);
            }
            (path, leaf)
        })
        .collect()
}

/// The assignments of one `--set` argument: split at commas, but not inside `{…}` (a list).
fn set_parts(arg: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in arg.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&arg[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&arg[start..]);
    parts
}

/// Waiting flags, passed to Helm.
#[derive(Debug, Args, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitArgs {
    /// Wait until the release's resources are ready
    #[arg(long)]
    pub wait: bool,

    /// How long Helm waits (e.g. 5m)
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub timeout: Option<Duration>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_keys_given_now_are_a_tree_and_a_broken_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("v.yaml");
        std::fs::write(&file, "replicas: 5\nimage:\n  tag: x\n").unwrap();
        let given = ValuesArgs {
            files: vec![file.clone()],
            set: vec![
                "image.repository=r,resources.limits.memory=256Mi".into(),
                "nodeSelector.kubernetes\\.io/os=linux".into(),
                "envs[0].name=A".into(),
                "list={a,b}".into(),
            ],
        };
        assert_eq!(
            given.given_tree().unwrap(),
            json!({
                "replicas": 5,
                "image": {"tag": "x", "repository": "r"},
                "resources": {"limits": {"memory": "256Mi"}},
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "envs": [],
                "list": "{a,b}",
            })
        );
        for set in ["apiKey", "a=b,apiKey"] {
            let bad = ValuesArgs {
                files: vec![],
                set: vec![set.into()],
            };
            let e = bad.check().unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{e}");
            let said = crate::redact::text(&e.to_string());
            assert!(
                said.contains("gives apiKey no value") && !said.contains("<redacted>"),
                "{said}"
            );
        }
        std::fs::write(&file, "replicas: [\n").unwrap();
        let e = given.check().unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e}");
        assert!(e.to_string().contains("is not YAML"), "{e}");
    }
}
