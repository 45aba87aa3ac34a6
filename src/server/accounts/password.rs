//! Argon2id password hashes.

use argon2::{
    Argon2,
    password_hash::{PasswordHash as Parsed, PasswordHasher, PasswordVerifier, SaltString},
};
use std::fmt;

use crate::domain::accounts::NewPassword;

/// A PHC-format Argon2id hash. Deliberately not `Serialize`; `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

impl PasswordHash {
    /// The stored form, for the database only.
    pub fn as_phc(&self) -> &str {
        &self.0
    }

    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }
}

pub fn hash(password: &NewPassword) -> anyhow::Result<PasswordHash> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("sem entropia: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    let phc = Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
        .to_string();
    Ok(PasswordHash(phc))
}

pub fn verify(stored: &PasswordHash, candidate: &str) -> bool {
    Parsed::new(&stored.0).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok()
    })
}

/// At most one hash per core at a time, off the async workers: a burst of sign-ins slows
/// sign-ins, never the pages everybody else is loading.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    // The semaphore is never closed, so a slot always comes.
    let _slot = hashing_slots().acquire().await.ok();
    match tokio::task::spawn_blocking(work).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// [`verify`] on a blocking thread; `None` as the hash spends the same time for nothing
/// (unknown e-mail), so the answer's timing says nothing about which e-mails exist.
pub async fn verify_async(stored: Option<PasswordHash>, candidate: String) -> bool {
    off_the_workers(move || match stored {
        Some(hash) => verify(&hash, &candidate),
        None => {
            verify_nothing(&candidate);
            false
        }
    })
    .await
}

/// [`hash`] on a blocking thread.
pub async fn hash_async(password: NewPassword) -> anyhow::Result<PasswordHash> {
    off_the_workers(move || hash(&password)).await
}

/// Spends the time of a real verification, so an unknown e-mail answers as slowly as a
/// known one (no timing hint about which e-mails exist).
pub fn verify_nothing(candidate: &str) {
    static DUMMY: std::sync::OnceLock<Option<PasswordHash>> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        NewPassword::parse("senha de referência")
            .ok()
            .and_then(|p| hash(&p).ok())
    });
    match dummy {
        Some(dummy) => {
            let _ = verify(dummy, candidate);
        }
        // No entropy for a salt: hashing the candidate costs the same.
        None => {
            let _ = NewPassword::parse(candidate).map(|p| hash(&p));
        }
    }
}

/// A random one-time password (shown once, to the coordinator) and its hash; the person
/// must choose their own at the next sign-in.
pub async fn temporary() -> anyhow::Result<(String, PasswordHash)> {
    let token = super::token::SessionToken::generate()?;
    let temporary = format!(
        "Uno-{}",
        token.expose().chars().take(12).collect::<String>()
    );
    let new = NewPassword::parse(&temporary).map_err(anyhow::Error::msg)?;
    Ok((temporary, hash_async(new).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_the_right_password_and_never_print() {
        let h = hash(&NewPassword::parse("correta e longa").unwrap()).unwrap();
        assert!(h.as_phc().starts_with("$argon2id$"));
        assert!(verify(&h, "correta e longa"));
        assert!(!verify(&h, "errada e longa"));
        assert_eq!(format!("{h:?}"), "PasswordHash(***)");
        assert!(!verify(&PasswordHash::from_phc("lixo".into()), "x"));
    }
}
