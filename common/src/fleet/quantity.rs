//! Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G", "12345n", "1e3") as numbers:
//! CPU in millicores, memory in bytes; and back into the short forms kubectl top prints.

/// CPU as millicores ("250m" -> 250, "2" -> 2000, "1500000n" -> 1.5).
pub fn cpu_millis(q: &str) -> Option<f64> {
    parse(q).map(|v| v * 1000.0)
}

/// Memory as bytes ("128Mi" -> 134217728, "1G" -> 1e9).
pub fn bytes(q: &str) -> Option<f64> {
    parse(q)
}

/// The quantity's value in base units.
fn parse(q: &str) -> Option<f64> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (number, suffix) = q.split_at(split);
    let n: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse().ok()?),
        _ => return None,
    };
    Some(n * scale).filter(|v| v.is_finite() && *v >= 0.0)
}

/// "12m", as kubectl top prints CPU.
pub fn format_cpu(millis: f64) -> String {
    format!("{}m", millis.round() as u64)
}

/// "45Mi", as kubectl top prints memory.
pub fn format_bytes(b: f64) -> String {
    const MI: f64 = 1024.0 * 1024.0;
    if b >= 10.0 * 1024.0 * MI {
        format!("{:.0}Gi", b / (1024.0 * MI))
    } else {
        format!("{}Mi", (b / MI).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu_and_memory() {
        assert_eq!(cpu_millis("250m"), Some(250.0));
        assert_eq!(cpu_millis("2"), Some(2000.0));
        assert_eq!(cpu_millis("0.5"), Some(500.0));
        assert!((cpu_millis("1500000n").unwrap() - 1.5).abs() < 1e-9);
        assert_eq!(bytes("128Mi"), Some(134_217_728.0));
        assert_eq!(bytes("1G"), Some(1e9));
        assert_eq!(bytes("12345Ki"), Some(12_641_280.0));
        assert_eq!(bytes("1e3"), Some(1000.0));
        assert_eq!(bytes("12x"), None);
        assert_eq!(bytes("-1"), None);
    }

    #[test]
    fn formats_like_kubectl_top() {
        assert_eq!(format_cpu(12.4), "12m");
        assert_eq!(format_bytes(134_217_728.0), "128Mi");
        assert_eq!(format_bytes(12.0 * 1024.0 * 1024.0 * 1024.0), "12Gi");
    }
}
