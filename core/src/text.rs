//! Messages built without `core::fmt`.
//!
//! The engine's refusals and reasons are sentences made of a few words and numbers. `format!`
//! would make the wasm SDK carry `core::fmt`'s machinery (and, through any float, its float
//! printer) for them; [`text!`](crate::text!) appends the pieces to one `String` instead, and
//! integers are written by [`push_decimal`]. The sentences are the same in every build, so the
//! native tests that check them check what a page sees.

/// Something a message can be made of.
pub trait Piece {
    /// Appends `self` to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_decimal(out, u64::from(*self), false);
            }
        }
    )*};
}

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_decimal(out, i64::from(*self).unsigned_abs(), *self < 0);
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64);
signed!(i8, i16, i32, i64);

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        push_decimal(out, u64::try_from(*self).unwrap_or(u64::MAX), false);
    }
}

/// Appends `value` in decimal, with a leading `-` when `negative`.
pub fn push_decimal(out: &mut String, value: u64, negative: bool) {
    if negative {
        out.push('-');
    }
    // Most significant digit first, without a digit buffer: indexing one would link the
    // bounds-check panic and, through its message, the integer formatting of core::fmt.
    let mut unit = 1u64;
    while value / unit >= 10 {
        unit *= 10;
    }
    loop {
        out.push(char::from(b'0' + (value / unit % 10) as u8));
        if unit == 1 {
            break;
        }
        unit /= 10;
    }
}

/// Concatenates its arguments (anything implementing [`Piece`]) into a new `String`.
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut out = ::std::string::String::new();
        $( $crate::text::Piece::push_to(&$piece, &mut out); )*
        out
    }};
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_as_display_would() {
        for n in [0u64, 7, 9, 10, 19, 99, 100, 1000, 4_294_967_296, 9_999_999_999_999_999_999, 10_000_000_000_000_000_000, u64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        for n in [0i64, -1, -10, 42, i64::MIN, i64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        assert_eq!(text!(usize::MAX), usize::MAX.to_string());
    }

    #[test]
    fn pieces_are_concatenated_in_order() {
        let action = "pause";
        let owned = String::from(" within ");
        assert_eq!(
            text!("no reply to `", action, "`", owned, 10_000u64, " ms"),
            "no reply to `pause` within 10000 ms"
        );
        assert_eq!(text!(), "");
    }
}
