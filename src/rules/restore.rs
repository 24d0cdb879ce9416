//! `-R` input: how 1.31's config_stream turns a stream into argv lines.
//!
//! Words are separated by blanks, tabs and carriage returns; a newline ends
//! the line. Every `ipvsadm` word is dropped (so saved command lines like
//! `ipvsadm -A -t ...` restore). A last line without a newline counts only
//! when it ends in a word: 1.31 reads words with scanf and, finding only
//! blanks before the end of input, discards the line it was building.

use nom::bytes::complete::{take_till1, take_while};
use nom::combinator::iterator;
use nom::sequence::preceded;
use nom::IResult;

/// The characters that separate words (scanf's `[ \t\n\r]` set).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// One word and the blanks before it.
fn word(input: &str) -> IResult<&str, &str> {
    preceded(take_while(is_blank), take_till1(is_blank))(input)
}

/// Split one input line into argv words borrowed from it, dropping every
/// `ipvsadm` word, into `words` (a restore reads 100,000 lines: the words
/// are neither copied nor allocated).
pub fn split_line_into<'a>(line: &'a str, words: &mut Vec<&'a str>) {
    words.clear();
    words.extend(iterator(line, word).filter(|t| *t != "ipvsadm"));
}

/// Whether this line (as read, with its newline if it had one) is the
/// unterminated last line that 1.31 drops: it ends in a blank, not a word.
pub fn lost_at_eof(line: &str) -> bool {
    !line.ends_with('\n') && line.ends_with([' ', '\t', '\r'])
}

/// Divergence `restore-comments`: a line whose first word starts with `#` is
/// a comment (1.31 hands it to the option parser and aborts the restore).
pub fn is_comment(tokens: &[&str]) -> bool {
    tokens.first().is_some_and(|t| t.starts_with('#'))
}

/// What 1.31's `ipvsadm-restore` script hands to `ipvsadm -R`: the input
/// without lines starting with `#` (its `grep -v '^#'`), trailing newlines
/// stripped by `$(...)` and exactly one added back by `echo`.
pub fn wrapper_filter(input: &[u8]) -> Vec<u8> {
    let mut kept: Vec<u8> = input
        .split_inclusive(|&b| b == b'\n')
        .filter(|l| !l.starts_with(b"#"))
        .flatten()
        .copied()
        .collect();
    while kept.last() == Some(&b'\n') {
        kept.pop();
    }
    kept.push(b'\n');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<&str> {
        let mut w = Vec::new();
        split_line_into(line, &mut w);
        w
    }

    #[test]
    fn splits_on_blanks_tabs_and_carriage_returns_only() {
        assert_eq!(
            words("-A\t-t  10.0.0.1:80\r\n"),
            ["-A", "-t", "10.0.0.1:80"]
        );
        assert_eq!(words("-s\x0brr"), ["-s\x0brr"]);
        assert!(words(" \t\r\n").is_empty());
    }

    #[test]
    fn reused_word_buffers_hold_only_the_new_line() {
        let mut w = Vec::new();
        split_line_into("-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n", &mut w);
        split_line_into("-A -t 1.2.3.4:80\n", &mut w);
        assert_eq!(w, ["-A", "-t", "1.2.3.4:80"]);
        split_line_into(" \n", &mut w);
        assert!(w.is_empty());
    }

    #[test]
    fn drops_every_ipvsadm_word_but_not_longer_ones() {
        assert_eq!(words("ipvsadm -A ipvsadm -t x"), ["-A", "-t", "x"]);
        assert_eq!(words("/sbin/ipvsadm -A"), ["/sbin/ipvsadm", "-A"]);
    }

    #[test]
    fn an_unterminated_last_line_counts_only_when_it_ends_in_a_word() {
        assert!(!lost_at_eof("-A -t 10.0.0.1:80"));
        assert!(!lost_at_eof("-A -t 10.0.0.1:80 \n"));
        assert!(lost_at_eof("-A -t 10.0.0.1:80 "));
        assert!(lost_at_eof("-A -t 10.0.0.1:80\r"));
        assert!(lost_at_eof("\t"));
    }

    #[test]
    fn comments_are_lines_whose_first_word_starts_with_a_hash() {
        assert!(is_comment(&words("#-A -t 10.0.0.1:80")));
        assert!(is_comment(&words("   # saved by ipvsadm-save")));
        assert!(!is_comment(&words("-A -t 10.0.0.1:80 # trailing")));
    }

    #[test]
    fn the_wrapper_drops_hash_lines_and_ends_in_one_newline() {
        for (input, want) in [
            (&b""[..], &b"\n"[..]),
            (b"\n\n", b"\n"),
            (b"# saved\n-A -t 10.0.0.1:80\n\n", b"-A -t 10.0.0.1:80\n"),
            (b"-C\n #kept\n#dropped", b"-C\n #kept\n"),
            (b"-A -t 10.0.0.1:80", b"-A -t 10.0.0.1:80\n"),
        ] {
            assert_eq!(
                wrapper_filter(input),
                want,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }
}
