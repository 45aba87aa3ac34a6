//! Session tokens: 256 random bits, given to the browser once; the database keeps only
//! their SHA-256.

use sha2::{Digest, Sha256};
use std::fmt;

/// A session token. Not `Serialize`; `Debug` hides it.
pub struct SessionToken(String);

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

impl SessionToken {
    pub fn generate() -> anyhow::Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("sem entropia: {e}"))?;
        Ok(Self(hex::encode(bytes)))
    }

    /// A token as received from a cookie; anything not shaped like ours is ignored.
    pub fn from_cookie(value: &str) -> Option<Self> {
        (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(value.to_owned()))
    }

    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// For the Set-Cookie header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_stored() {
        let a = SessionToken::generate().unwrap();
        let b = SessionToken::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), a.expose());
        assert!(SessionToken::from_cookie(a.expose()).is_some());
        assert!(SessionToken::from_cookie("abc").is_none());
        assert_eq!(format!("{a:?}"), "SessionToken(***)");
    }
}
