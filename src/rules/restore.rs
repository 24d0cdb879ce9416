//! `-R` line splitting (config_stream semantics). (Stub.)

/// Split one input line into argv words; drops every `ipvsadm` token.
pub fn split_line(line: &str) -> Vec<String> {
    line.split([' ', '\t', '\r', '\n'])
        .filter(|t| !t.is_empty() && *t != "ipvsadm")
        .map(str::to_string)
        .collect()
}

/// Divergence: a line whose first word starts with `#` is a comment.
pub fn is_comment(tokens: &[String]) -> bool {
    tokens.first().is_some_and(|t| t.starts_with('#'))
}
