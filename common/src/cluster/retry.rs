//! When to try a read again. A busy API server says 429 (often with `Retry-After`); a restarting
//! one or its load balancer says 5xx. Both pass; everything else is an answer.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A server asking for longer than this is not waited for beyond it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(3),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `failed_attempt + 1`, or `None` when attempts are used up.
    pub fn wait_before(
        &self,
        failed_attempt: u32,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if failed_attempt >= self.max_attempts {
            return None;
        }
        if let Some(asked) = retry_after {
            return Some(asked.min(self.max_retry_after));
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << (failed_attempt - 1).min(16));
        Some(exp.min(self.max_delay))
    }
}

pub fn is_retryable(status: http::StatusCode) -> bool {
    status == http::StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` in seconds (the API server never sends the HTTP-date form).
pub fn parse_retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_then_gives_up() {
        let p = RetryPolicy::default();
        assert_eq!(p.wait_before(1, None), Some(Duration::from_millis(200)));
        assert_eq!(p.wait_before(2, None), Some(Duration::from_millis(400)));
        assert_eq!(p.wait_before(4, None), Some(Duration::from_millis(1600)));
        assert_eq!(p.wait_before(5, None), None);
    }

    #[test]
    fn honours_retry_after_within_a_bound() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.wait_before(1, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.wait_before(1, Some(Duration::from_secs(3600))),
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn retries_only_throttling_and_server_errors() {
        assert!(is_retryable(http::StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable(http::StatusCode::INTERNAL_SERVER_ERROR));
        assert!(is_retryable(http::StatusCode::SERVICE_UNAVAILABLE));
        assert!(!is_retryable(http::StatusCode::FORBIDDEN));
        assert!(!is_retryable(http::StatusCode::NOT_FOUND));
    }

    #[test]
    fn parses_retry_after_seconds() {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(parse_retry_after(&h), None);
    }
}
