// Packs a chart directory into a Helm chart archive, reproducibly: the same sources always give
// the same bytes (entries sorted, owner 0, mtime 0, fixed modes, gzip without name or time), so
// the embedded charts' digests name their contents. Shared by build.rs (which embeds the
// archives) and the library (so tests can check the embedded bytes against the sources).

/// `chart/…` entries, as `helm package` lays them out, gzipped.
pub fn pack_chart(dir: &std::path::Path, name: &str) -> std::io::Result<Vec<u8>> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for rel in files {
        let data = std::fs::read(dir.join(&rel))?;
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        let path = format!("{name}/{}", rel.replace('\\', "/"));
        tar.append_data(&mut header, path, data.as_slice())?;
    }
    tar.into_inner()?.finish()
}

fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().into_owned();
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
