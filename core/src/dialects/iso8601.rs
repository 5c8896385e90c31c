//! Unix milliseconds as ISO 8601 / RFC 3339 UTC text (`2026-02-20T10:00:00Z`), the form Voki's
//! `scheduled_at` (seed 004) and Voxsig's datetimes (seed 001) use. Pure arithmetic on the time
//! given; the proleptic Gregorian calendar by days-from-civil (H. Hinnant's algorithm).

/// `ms` since 1970-01-01T00:00:00Z as `YYYY-MM-DDTHH:MM:SSZ` (seconds precision). Times before
/// 1970 are clamped to the epoch: nothing in a contact center's feed is older.
pub fn utc(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// (year, month 1–12, day 1–31) of the `days`-th day after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_print_as_rfc3339_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_771_581_600_000), "2026-02-20T10:00:00Z");
        assert_eq!(utc(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(utc(4_102_444_799_999), "2099-12-31T23:59:59Z");
        assert_eq!(utc(-5), "1970-01-01T00:00:00Z");
    }
}
