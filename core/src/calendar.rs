//! Unix milliseconds as a UTC calendar date and time, for the few wire fields that carry one as
//! text: `extenState.registerTime` (`2024-01-01 10:54:19`, seed 003 §3.18), Voki's `scheduled_at`
//! (RFC 3339, seed 004) and Voxsig's datetimes (seed 001). Pure arithmetic on the time given: the
//! proleptic Gregorian calendar by H. Hinnant's days-from-civil algorithm.

/// A UTC date and time, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: i64,
    /// Day of the month, 1–31.
    pub day: i64,
    /// Hour, 0–23.
    pub hour: i64,
    /// Minute, 0–59.
    pub minute: i64,
    /// Second, 0–59.
    pub second: i64,
}

impl Civil {
    /// The UTC date and time of `unix_ms` (before 1970 too).
    pub fn of(unix_ms: i64) -> Self {
        let secs = unix_ms.div_euclid(1000);
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
        }
    }

    /// `YYYY-MM-DD HH:MM:SS`, as `extenState.registerTime` shows it.
    pub fn plain(&self) -> String {
        let Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        } = self;
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }

    /// RFC 3339 / ISO 8601 in UTC: `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn rfc3339(&self) -> String {
        let Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        } = self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

/// `unix_ms` as RFC 3339 UTC text.
pub fn rfc3339(unix_ms: i64) -> String {
    Civil::of(unix_ms).rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_print_in_both_forms() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_771_581_600_000), "2026-02-20T10:00:00Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(4_102_444_799_999), "2099-12-31T23:59:59Z");
        assert_eq!(Civil::of(1_716_200_000_000).plain(), "2024-05-20 10:13:20");
        assert_eq!(Civil::of(-1_000).plain(), "1969-12-31 23:59:59");
    }
}
