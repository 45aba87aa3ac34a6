//! CSV for a spreadsheet in pt-BR: `;` between fields, CRLF lines, every field quoted.

/// One field, quoted; a leading formula character is neutralised (CSV injection).
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One line of `cells`, with its CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(";");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(
            line(&["a", "b\"c", "=1+1"]),
            "\"a\";\"b\"\"c\";\"'=1+1\"\r\n"
        );
    }
}
