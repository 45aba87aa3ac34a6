//! CNPJ, the Brazilian company registry number: 14 digits, the last two check digits.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A CNPJ whose check digits are valid. Stored as its 14 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cnpj(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CnpjError {
    #[error("O CNPJ deve ter 14 dígitos (recebido: {0}).")]
    Length(usize),
    #[error("CNPJ inválido: os dígitos verificadores não conferem.")]
    CheckDigits,
    #[error("CNPJ inválido: todos os dígitos são iguais.")]
    Repeated,
}

fn check_digit(digits: &[u32]) -> u32 {
    // Weights run 2..=9 from the right, wrapping around.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| d * (2 + (i as u32 % 8)))
        .sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

impl Cnpj {
    /// Accepts the digits with or without punctuation ("11.222.333/0001-81").
    pub fn parse(raw: &str) -> Result<Self, CnpjError> {
        let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 14
            || raw
                .chars()
                .any(|c| !(c.is_ascii_digit() || ".-/ ".contains(c)))
        {
            return Err(CnpjError::Length(digits.len()));
        }
        if digits.iter().all(|d| *d == digits[0]) {
            return Err(CnpjError::Repeated);
        }
        let first = check_digit(&digits[..12]);
        let second = check_digit(&digits[..13]);
        if digits[12] != first || digits[13] != second {
            return Err(CnpjError::CheckDigits);
        }
        Ok(Self(
            digits
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect(),
        ))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `00.000.000/0000-00`
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!(
            "{}.{}.{}/{}-{}",
            &d[0..2],
            &d[2..5],
            &d[5..8],
            &d[8..12],
            &d[12..14]
        )
    }
}

impl TryFrom<String> for Cnpj {
    type Error = CnpjError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Self::parse(&v)
    }
}

impl From<Cnpj> for String {
    fn from(v: Cnpj) -> Self {
        v.0
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_numbers_parse_with_or_without_punctuation() {
        let c = Cnpj::parse("11.222.333/0001-81").unwrap();
        assert_eq!(c.digits(), "11222333000181");
        assert_eq!(c.formatted(), "11.222.333/0001-81");
        assert_eq!(Cnpj::parse("11222333000181").unwrap(), c);
    }

    #[test]
    fn wrong_check_digits_length_and_repeated_digits_are_refused() {
        assert_eq!(
            Cnpj::parse("11.222.333/0001-82"),
            Err(CnpjError::CheckDigits)
        );
        assert_eq!(Cnpj::parse("1122233300018"), Err(CnpjError::Length(13)));
        assert_eq!(Cnpj::parse("00000000000000"), Err(CnpjError::Repeated));
        assert!(Cnpj::parse("11a222333000181").is_err());
    }

    proptest! {
        #[test]
        fn any_twelve_digits_with_computed_check_digits_are_valid(base in proptest::collection::vec(0u32..10, 12)) {
            prop_assume!(!base.iter().all(|d| *d == base[0]));
            let mut digits = base.clone();
            digits.push(check_digit(&digits));
            digits.push(check_digit(&digits));
            let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            prop_assert!(Cnpj::parse(&text).is_ok());
            // Changing a check digit always breaks it. (A change elsewhere can go unnoticed:
            // remainders 0 and 1 both give check digit 0, so the scheme is not perfect.)
            for i in 12..14 {
                let mut broken = digits.clone();
                broken[i] = (broken[i] + 1) % 10;
                let t: String = broken.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
                prop_assert!(Cnpj::parse(&t).is_err(), "{} accepted", t);
            }
        }
    }
}
