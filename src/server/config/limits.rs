//! The customers' hourly allowances (`[limits]` in the file; `LIMIT_OPENINGS_PERSON`,
//! `LIMIT_OPENINGS_COMPANY`, `LIMIT_MESSAGES_PERSON`, `LIMIT_MESSAGES_COMPANY` on top).
//! `0` turns a limit off.

use serde::Deserialize;

use super::{ConfigError, err};
use crate::domain::occurrences::volume::VolumeLimits;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct FileLimits {
    openings_per_hour_person: Option<u32>,
    openings_per_hour_company: Option<u32>,
    messages_per_hour_person: Option<u32>,
    messages_per_hour_company: Option<u32>,
}

pub(super) fn limits_from(
    file: FileLimits,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<VolumeLimits, ConfigError> {
    let defaults = VolumeLimits::default();
    let one = |var: &str, from_file: Option<u32>, default: Option<u32>| {
        let value = match env(var).filter(|v| !v.trim().is_empty()) {
            Some(raw) => Some(raw.trim().parse::<u32>().map_err(|_| {
                err(
                    var,
                    format!("\"{raw}\" não é um número por hora (0 desliga o limite)"),
                )
            })?),
            None => from_file,
        };
        Ok::<_, ConfigError>(match value {
            Some(0) => None,
            Some(n) => Some(n),
            None => default,
        })
    };
    Ok(VolumeLimits {
        openings_person: one(
            "LIMIT_OPENINGS_PERSON",
            file.openings_per_hour_person,
            defaults.openings_person,
        )?,
        openings_company: one(
            "LIMIT_OPENINGS_COMPANY",
            file.openings_per_hour_company,
            defaults.openings_company,
        )?,
        messages_person: one(
            "LIMIT_MESSAGES_PERSON",
            file.messages_per_hour_person,
            defaults.messages_person,
        )?,
        messages_company: one(
            "LIMIT_MESSAGES_COMPANY",
            file.messages_per_hour_company,
            defaults.messages_company,
        )?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_file_and_zero_turns_a_limit_off() {
        let file = FileLimits {
            openings_per_hour_person: Some(5),
            ..Default::default()
        };
        let env = |k: &str| (k == "LIMIT_MESSAGES_COMPANY").then(|| "0".to_owned());
        let l = limits_from(file, &env).unwrap();
        assert_eq!(l.openings_person, Some(5));
        assert_eq!(l.openings_company, VolumeLimits::default().openings_company);
        assert_eq!(l.messages_company, None);
    }

    #[test]
    fn a_wrong_number_names_its_variable() {
        let env = |k: &str| (k == "LIMIT_OPENINGS_COMPANY").then(|| "muitas".to_owned());
        let e = limits_from(FileLimits::default(), &env).unwrap_err();
        assert_eq!(e.setting, "LIMIT_OPENINGS_COMPANY");
    }
}
