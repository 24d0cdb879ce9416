//! C printf's field padding on byte buffers, for the listings.
//!
//! Design decisions: C's `%-28s` pads and cuts by bytes, where Rust's
//! `{:<28}` counts chars, which would differ for non-ASCII host names; and
//! numbers are appended without the formatting machinery because a listing
//! prints several per line, hundreds of thousands of lines with `-Lnc`.

/// `%-Ns`: `s` then blanks up to `width` bytes.
pub(crate) fn push_left(buf: &mut Vec<u8>, s: &[u8], width: usize) {
    buf.extend_from_slice(s);
    buf.resize(buf.len() + width.saturating_sub(s.len()), b' ');
}

/// Blanks after what was written since `start`, up to `width` bytes (the
/// padding half of `%-Ns` for text built in place).
pub(crate) fn pad_from(buf: &mut Vec<u8>, start: usize, width: usize) {
    let used = buf.len().saturating_sub(start);
    buf.resize(buf.len() + width.saturating_sub(used), b' ');
}

/// `%-Nu` / `%-Nd` without the formatting machinery: the listings print
/// several numbers per line, tens of thousands of lines.
pub(crate) fn push_num_left(buf: &mut Vec<u8>, n: i64, width: usize) {
    // Octets, ports and counters are mostly short: one or two digits straight.
    if (0..10).contains(&n) && width <= 1 {
        buf.push(b'0' + n as u8);
        return;
    }
    if (10..100).contains(&n) && width <= 2 {
        buf.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    if (100..1000).contains(&n) && width <= 3 {
        let d = [n / 100, n / 10 % 10, n % 10].map(|d| b'0' + d as u8);
        buf.extend_from_slice(&d);
        return;
    }
    let start = buf.len();
    if n < 0 {
        buf.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(digits.get(i..).unwrap_or(&[]));
    pad_from(buf, start, width);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_pad_as_printf_does() {
        let values = [
            0,
            7,
            9,
            10,
            42,
            99,
            100,
            512,
            999,
            1000,
            65535,
            -1,
            -42,
            i64::MIN,
            i64::MAX,
        ];
        for n in values {
            for width in 0..22 {
                let mut buf = b"x".to_vec();
                push_num_left(&mut buf, n, width);
                assert_eq!(buf, format!("x{n:<width$}").into_bytes(), "{n} {width}");
            }
        }
    }

    #[test]
    fn strings_pad_by_bytes() {
        for (s, width, want) in [
            ("TCP", 4, "TCP "),
            ("TCP", 3, "TCP"),
            ("SCTP", 2, "SCTP"),
            ("h\u{e9}", 4, "h\u{e9} "),
            ("", 2, "  "),
        ] {
            let mut buf = Vec::new();
            push_left(&mut buf, s.as_bytes(), width);
            assert_eq!(buf, want.as_bytes(), "{s:?} {width}");
            let mut built = s.as_bytes().to_vec();
            pad_from(&mut built, 0, width);
            assert_eq!(built, buf, "{s:?} {width}");
        }
    }
}
