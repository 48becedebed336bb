//! Durations as kubectl spells them: parsed from flags ("30s", "1m30s", "500ms", a bare number
//! of seconds) and printed back the same way.

use std::time::Duration;

/// kubectl's duration syntax for --request-timeout: "30s", "1m30s", "500ms", or a bare number of seconds.
pub fn parse(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let err =
        || format!("invalid duration \"{s}\": use a number with a unit, like 30s, 2m or 500ms");
    let mut total = Duration::ZERO;
    let mut rest = s;
    if rest.is_empty() {
        return Err(err());
    }
    while !rest.is_empty() {
        // A number, with a fraction as Go's durations allow it (`0.5s`, `1.5h`).
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .ok_or_else(err)?;
        if digits == 0 {
            return Err(err());
        }
        let n: f64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let seconds = match unit {
            "ms" => n / 1000.0,
            "s" => n,
            "m" => n * 60.0,
            "h" => n * 3600.0,
            _ => return Err(err()),
        };
        total += Duration::try_from_secs_f64(seconds).map_err(|_| err())?;
    }
    Ok(total)
}

/// [`parse`], refusing zero: for a limit that must leave time to act (a probe's).
pub fn positive(s: &str) -> Result<Duration, String> {
    match parse(s)? {
        d if d.is_zero() => Err(format!("\"{s}\" leaves no time: give more than 0, like 5s")),
        d => Ok(d),
    }
}

/// "30s", "1m30s", "250ms": how kubectl spells durations.
pub fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = d.as_secs();
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, m, s) => format!("{h}h{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("2"), Ok(Duration::from_secs(2)));
        assert!(parse("soon").is_err());
        assert!(parse("5x").is_err());
        assert!(parse("").is_err());
        assert_eq!(parse("0.5s"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("1.5h"), Ok(Duration::from_secs(5400)));
        assert!(parse("1..5s").is_err());
        assert_eq!(
            parse("0"),
            Ok(Duration::ZERO),
            "0: no limit, where a flag allows it"
        );
        assert!(positive("0").is_err() && positive("0s").is_err());
        assert_eq!(positive("5s"), Ok(Duration::from_secs(5)));
    }

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(human(Duration::from_millis(250)), "250ms");
        assert_eq!(human(Duration::from_secs(30)), "30s");
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
        assert_eq!(human(Duration::from_secs(120)), "2m");
    }
}
