// Packs a chart directory into a Helm chart archive, reproducibly: the same sources always give
// the same bytes (entries sorted, owner 0, mtime 0, fixed modes, gzip without name or time), so
// the embedded charts' digests name their contents. Shared by build.rs (which embeds the
// archives) and the library (so tests can check the embedded bytes against the sources).

/// `chart/…` entries, as `helm package` lays them out, gzipped. The chart's `file://`
/// dependencies (the bot charts' library, `../claw-bot`) are vendored under `charts/NAME/`
/// from where they point, whatever the checkout has at that place (a link, or nothing), so the
/// archive stands on its own.
pub fn pack_chart(dir: &std::path::Path, name: &str) -> std::io::Result<Vec<u8>> {
    let chart_yaml = std::fs::read_to_string(dir.join("Chart.yaml"))?;
    let vendored = file_dependencies(&chart_yaml);
    // What the checkout may hold of them: the link, a copy, or `helm dependency build`'s archive.
    let is_vendored = |rel: &str| {
        vendored.iter().any(|(dep, _)| {
            let at = format!("charts/{dep}");
            rel == at
                || rel.starts_with(&format!("{at}/"))
                || (rel.starts_with(&format!("{at}-")) && rel.ends_with(".tgz"))
        })
    };
    let mut own = Vec::new();
    collect(dir, dir, &mut own)?;
    let mut files: Vec<(String, std::path::PathBuf)> = own
        .into_iter()
        .filter(|rel| !is_vendored(rel))
        .map(|rel| (rel.clone(), dir.join(rel)))
        .collect();
    for (dep, path) in &vendored {
        let root = dir.join(path);
        let mut theirs = Vec::new();
        collect(&root, &root, &mut theirs)?;
        files.extend(
            theirs
                .into_iter()
                .map(|rel| (format!("charts/{dep}/{rel}"), root.join(rel))),
        );
    }
    files.sort();
    let gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (rel, source) in files {
        let data = std::fs::read(source)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, format!("{name}/{rel}"), data.as_slice())?;
    }
    tar.into_inner()?.finish()
}

/// Files below `dir`, relative to `root`, `/`-separated.
fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            // Editor droppings and the like are not part of a chart.
            if !rel.ends_with('~') && !rel.starts_with('.') && !rel.contains("/.") {
                out.push(rel);
            }
        }
    }
    Ok(())
}

/// `version:` and `appVersion:` of a Chart.yaml (ours are flat and quoted or bare).
pub fn chart_versions(chart_yaml: &str) -> (String, String) {
    let field = |key: &str| {
        chart_yaml
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_string())
            .unwrap_or_default()
    };
    (field("version:"), field("appVersion:"))
}

/// A library chart (`type: library`): templates for other charts, never installed itself.
pub fn is_library(chart_yaml: &str) -> bool {
    chart_yaml.lines().any(|l| l.trim_end() == "type: library")
}

/// The `dependencies` of a Chart.yaml that live beside it (`repository: file://PATH`): their
/// names and paths, in order.
pub fn file_dependencies(chart_yaml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = None;
    let mut inside = false;
    for line in chart_yaml.lines() {
        if !line.starts_with([' ', '-']) {
            inside = line.trim_end() == "dependencies:";
            continue;
        }
        let item = line.trim_start().trim_start_matches("- ");
        if !inside {
            continue;
        } else if let Some(n) = item.strip_prefix("name:") {
            name = Some(n.trim().to_string());
        } else if let (Some(path), Some(n)) = (
            item.strip_prefix("repository:")
                .and_then(|r| r.trim().trim_matches('"').strip_prefix("file://")),
            &name,
        ) {
            out.push((n.clone(), path.to_string()));
        }
    }
    out
}
