//! popt's option scanner, as ipvsadm 1.31 experiences it.
//!
//! Design decisions: the scanner is lazy (an iterator), because ipvsadm
//! validates each option's value as soon as popt returns it, so an error in a
//! later word must not be reported before an earlier bad value. Positionals
//! are collected on the side (popt permutes them out of the way). Errors carry
//! popt's "bad option", which is always the whole argv word last consumed
//! (`-Lq`, `--numeric=1`), never a single letter of a cluster.

use super::popt::{self, ArgKind, Found, OptionDef};
use crate::error::{Error, PoptMsg};

/// Scanner state: position in argv, the rest of a short-option cluster,
/// and whether `--` was seen.
pub struct Lexer<'a> {
    args: &'a [&'a str],
    next: usize,
    /// (argv index, byte offset) of the rest of a cluster still to scan.
    cluster: Option<(usize, usize)>,
    rest_leftover: bool,
    leftovers: Vec<&'a str>,
}

impl<'a> Lexer<'a> {
    pub fn new(args: &'a [&'a str]) -> Lexer<'a> {
        Lexer {
            args,
            next: 0,
            cluster: None,
            rest_leftover: false,
            leftovers: Vec::new(),
        }
    }

    /// Positionals collected so far, in argv order.
    pub fn leftovers(&self) -> &[&'a str] {
        &self.leftovers
    }

    fn word(&self, i: usize) -> &'a str {
        self.args.get(i).copied().unwrap_or("")
    }

    /// popt's bad option: the last argv word consumed.
    fn bad(&self) -> &'a str {
        self.word(self.next.saturating_sub(1))
    }

    fn error(&self, msg: PoptMsg) -> Error {
        Error::Popt {
            opt: self.bad().to_string(),
            msg,
        }
    }

    /// Take the next argv word as a value (mandatory or optional argument).
    fn value_from_next_word(&mut self, def: &OptionDef) -> Result<Option<&'a str>, Error> {
        let Some(w) = self.args.get(self.next) else {
            return match def.arg {
                ArgKind::Optional => Ok(None),
                _ => Err(self.error(PoptMsg::MissingArgument)),
            };
        };
        if def.arg == ArgKind::Optional && w.starts_with('-') {
            return Ok(None);
        }
        self.next += 1;
        Ok(Some(*w))
    }

    fn scan(&mut self) -> Option<Result<Found<'a>, Error>> {
        loop {
            if let Some((idx, off)) = self.cluster.take() {
                return Some(self.short(idx, off));
            }
            let i = self.next;
            let w = *self.args.get(i)?;
            self.next += 1;
            if self.rest_leftover || !w.starts_with('-') || w == "-" {
                self.leftovers.push(w);
                continue;
            }
            if w == "--" {
                self.rest_leftover = true;
                continue;
            }
            if let Some(long) = w.strip_prefix("--") {
                return Some(self.long(long));
            }
            // A single dash never names a long option (no ONEDASH options).
            return Some(self.short(i, 1));
        }
    }

    fn long(&mut self, text: &'a str) -> Result<Found<'a>, Error> {
        let (name, attached) = match text.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (text, None),
        };
        let Some(def) = popt::by_long(name) else {
            return Err(self.error(PoptMsg::UnknownOption));
        };
        let value = match (def.arg, attached) {
            (ArgKind::None, Some(_)) => return Err(self.error(PoptMsg::NoArgumentAllowed)),
            (ArgKind::None, None) => None,
            (_, Some(v)) => Some(v),
            (_, None) => self.value_from_next_word(def)?,
        };
        Ok(Found {
            def,
            value,
            bad: self.bad(),
        })
    }

    /// The option letter at byte `off` of argv word `idx`.
    fn short(&mut self, idx: usize, off: usize) -> Result<Found<'a>, Error> {
        let w = self.word(idx);
        let bytes = w.as_bytes();
        let Some(def) = bytes.get(off).and_then(|c| popt::by_short(*c)) else {
            return Err(self.error(PoptMsg::UnknownOption));
        };
        // The letter is ASCII, so off + 1 is a character boundary.
        let rest = w.get(off + 1..).unwrap_or("");
        let value = match def.arg {
            ArgKind::None => {
                if rest.starts_with('=') {
                    return Err(self.error(PoptMsg::NoArgumentAllowed));
                }
                if !rest.is_empty() {
                    self.cluster = Some((idx, off + 1));
                }
                None
            }
            _ if !rest.is_empty() => Some(rest.strip_prefix('=').unwrap_or(rest)),
            _ => self.value_from_next_word(def)?,
        };
        Ok(Found {
            def,
            value,
            bad: self.bad(),
        })
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Result<Found<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.scan()
    }
}

#[cfg(test)]
mod tests {
    use super::super::popt::Id;
    use super::super::table::{Cmd, Opt};
    use super::*;

    type Scanned = (Vec<(Id, Option<String>)>, Option<Error>, Vec<String>);

    /// (option id, value) for every option, the first error, positionals.
    fn scan(words: &[&str]) -> Scanned {
        let mut lx = Lexer::new(words);
        let mut out = Vec::new();
        let mut err = None;
        for item in lx.by_ref() {
            match item {
                Ok(f) => out.push((f.def.id, f.value.map(str::to_string))),
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        let left = lx.leftovers().iter().map(|s| s.to_string()).collect();
        (out, err, left)
    }

    fn popt(opt: &str, msg: PoptMsg) -> Option<Error> {
        Some(Error::Popt {
            opt: opt.to_string(),
            msg,
        })
    }

    #[test]
    fn clusters_are_split_left_to_right() {
        let (opts, err, _) = scan(&["-Lnc"]);
        assert_eq!(
            opts,
            vec![
                (Id::Cmd(Cmd::List), None),
                (Id::Opt(Opt::Numeric), None),
                (Id::Opt(Opt::Connection), None)
            ]
        );
        assert_eq!(err, None);
    }

    #[test]
    fn attached_and_separate_values() {
        let (opts, _, _) = scan(&["-At10.0.0.1:80", "-srr", "-s", "wlc", "-p360", "-w5"]);
        assert_eq!(
            opts,
            vec![
                (Id::Cmd(Cmd::AddService), None),
                (Id::Tcp, Some("10.0.0.1:80".into())),
                (Id::Opt(Opt::Scheduler), Some("rr".into())),
                (Id::Opt(Opt::Scheduler), Some("wlc".into())),
                (Id::Opt(Opt::Persistent), Some("360".into())),
                (Id::Opt(Opt::Weight), Some("5".into())),
            ]
        );
    }

    #[test]
    fn short_option_with_equals_skips_it() {
        let (opts, _, _) = scan(&["-t=1.2.3.4:80"]);
        assert_eq!(opts, vec![(Id::Tcp, Some("1.2.3.4:80".into()))]);
    }

    #[test]
    fn mandatory_value_takes_dash_words() {
        let (opts, err, _) = scan(&["-w", "-1", "--scheduler", "--x"]);
        assert_eq!(
            opts,
            vec![
                (Id::Opt(Opt::Weight), Some("-1".into())),
                (Id::Opt(Opt::Scheduler), Some("--x".into()))
            ]
        );
        assert_eq!(err, None);
    }

    #[test]
    fn optional_value_refuses_dash_words() {
        let (opts, err, _) = scan(&["-p", "-s", "rr", "-p"]);
        assert_eq!(
            opts,
            vec![
                (Id::Opt(Opt::Persistent), None),
                (Id::Opt(Opt::Scheduler), Some("rr".into())),
                (Id::Opt(Opt::Persistent), None)
            ]
        );
        assert_eq!(err, None);
        let (_, err, _) = scan(&["-p", "-1"]);
        assert_eq!(err, popt("-1", PoptMsg::UnknownOption));
        let (opts, _, _) = scan(&["--persistent", "abc", "--persistent=60"]);
        assert_eq!(
            opts,
            vec![
                (Id::Opt(Opt::Persistent), Some("abc".into())),
                (Id::Opt(Opt::Persistent), Some("60".into()))
            ]
        );
    }

    #[test]
    fn long_options_exact_match_only() {
        let (opts, err, _) = scan(&["--numeric", "--numer"]);
        assert_eq!(opts, vec![(Id::Opt(Opt::Numeric), None)]);
        assert_eq!(err, popt("--numer", PoptMsg::UnknownOption));
    }

    #[test]
    fn long_value_with_equals_even_empty() {
        let (opts, _, _) = scan(&["--tcp-service=1.2.3.4:80", "--scheduler="]);
        assert_eq!(
            opts,
            vec![
                (Id::Tcp, Some("1.2.3.4:80".into())),
                (Id::Opt(Opt::Scheduler), Some(String::new()))
            ]
        );
    }

    #[test]
    fn popt_errors_name_the_whole_word() {
        use PoptMsg::{MissingArgument, NoArgumentAllowed, UnknownOption};
        for (words, bad, msg) in [
            (&["--numeric=1"][..], "--numeric=1", NoArgumentAllowed),
            (&["--numeric="], "--numeric=", NoArgumentAllowed),
            (&["-Ln=1"], "-Ln=1", NoArgumentAllowed),
            (&["-A", "-t"], "-t", MissingArgument),
            (&["-At"], "-At", MissingArgument),
            (&["--scheduler"], "--scheduler", MissingArgument),
            // An unknown letter in a cluster: the whole word.
            (&["-Lq"], "-Lq", UnknownOption),
            (&["-I"], "-I", UnknownOption),
        ] {
            assert_eq!(scan(words).1, popt(bad, msg), "{words:?}");
        }
        // The letters before the unknown one were returned.
        assert_eq!(scan(&["-Lq"]).0, vec![(Id::Cmd(Cmd::List), None)]);
    }

    #[test]
    fn positionals_are_permuted_and_double_dash_ends_options() {
        let (opts, err, left) = scan(&["a", "-L", "b", "--", "-x", "--numeric", "-"]);
        assert_eq!(opts, vec![(Id::Cmd(Cmd::List), None)]);
        assert_eq!(err, None);
        assert_eq!(left, vec!["a", "b", "-x", "--numeric", "-"]);
        let (_, _, left) = scan(&["-L", ""]);
        assert_eq!(left, vec![""]);
    }

    #[test]
    fn bad_option_is_the_last_word_consumed() {
        let mut lx = Lexer::new(&["-L", "--start-daemon", "master", "-nA"]);
        let bads: Vec<String> = lx
            .by_ref()
            .filter_map(|r| r.ok())
            .map(|f| f.bad.to_string())
            .collect();
        assert_eq!(bads, vec!["-L", "master", "-nA", "-nA"]);
    }
}
