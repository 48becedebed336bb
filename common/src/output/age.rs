//! Ages the way kubectl prints them (apimachinery's `duration.HumanDuration`): "45s", "3m20s",
//! "5h", "12d", "2y30d". Precision falls as the age grows, so columns stay narrow.

use std::time::Duration;

pub fn age(since: Option<jiff::Timestamp>, now: jiff::Timestamp) -> String {
    let Some(since) = since else {
        return "<unknown>".to_string();
    };
    let span = now.as_duration().checked_sub(since.as_duration());
    match span.map(|s| s.as_secs()) {
        Some(secs) if secs >= 0 => human_duration(Duration::from_secs(secs.unsigned_abs())),
        Some(secs) if secs >= -1 => "0s".to_string(),
        _ => "<invalid>".to_string(),
    }
}

pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let minutes = secs / 60;
    let hours = secs / 3600;
    if secs < 120 {
        return format!("{secs}s");
    }
    if minutes < 10 {
        return match secs % 60 {
            0 => format!("{minutes}m"),
            s => format!("{minutes}m{s}s"),
        };
    }
    if minutes < 3 * 60 {
        return format!("{minutes}m");
    }
    if hours < 8 {
        return match minutes % 60 {
            0 => format!("{hours}h"),
            m => format!("{hours}h{m}m"),
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        return match hours % 24 {
            0 => format!("{}d", hours / 24),
            h => format!("{}d{h}h", hours / 24),
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let years = hours / 24 / 365;
        return match (hours / 24) % 365 {
            0 => format!("{years}y"),
            d => format!("{years}y{d}d"),
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_kubectl_human_duration() {
        let cases = [
            (45, "45s"),
            (119, "119s"),
            (200, "3m20s"),
            (600, "10m"),
            (3 * 3600 + 5 * 60, "3h5m"),
            (10 * 3600, "10h"),
            (3 * 86400 + 4 * 3600, "3d4h"),
            (30 * 86400, "30d"),
            (3 * 365 * 86400 + 10 * 86400, "3y10d"),
            (9 * 365 * 86400, "9y"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(Duration::from_secs(secs)), want, "{secs}s");
        }
    }

    #[test]
    fn ages_in_the_future_or_unknown() {
        let now: jiff::Timestamp = "2026-11-25T06:00:00Z".parse().unwrap();
        let later: jiff::Timestamp = "2026-11-25T07:00:00Z".parse().unwrap();
        assert_eq!(age(Some(later), now), "<invalid>");
        assert_eq!(age(None, now), "<unknown>");
        let earlier: jiff::Timestamp = "2026-11-25T05:33:19Z".parse().unwrap();
        assert_eq!(age(Some(earlier), now), "26m");
    }
}
