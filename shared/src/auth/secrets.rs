//! Secrets: argon2id password hashes, random tokens, 6-digit codes.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// A random token of 256 bits, URL-safe (mailed links, sessions, devices).
pub fn random_token() -> AppResult<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(AppError::internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// A random identifier of `bytes` bytes, hex (record ids, not secrets).
pub fn random_hex(bytes: usize) -> AppResult<String> {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).map_err(AppError::internal)?;
    Ok(hex::encode(b))
}

/// How tokens are stored: SHA-256, hex. A token has 256 bits of entropy, so a
/// fast hash suffices (unlike passwords).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A 6-digit verification code from the OS CSPRNG, without modulo bias.
pub fn six_digit_code() -> AppResult<String> {
    loop {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b).map_err(AppError::internal)?;
        let v = u32::from_le_bytes(b);
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if v < 4_294_000_000 {
            return Ok(format!("{:06}", v % 1_000_000));
        }
    }
}

/// Codes are hashed with the record they belong to, so equal codes of two
/// records never share a hash.
pub fn code_hash(record_key: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{record_key}:{code}").as_bytes()))
}

/// Constant-time comparison of two hashes.
pub fn same_hash(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

/// Comparisons made by this process (passwords and answers; codes), read by
/// the tests that prove attempt limits hold under parallel attack.
pub static PASSWORD_COMPARISONS: AtomicU64 = AtomicU64::new(0);
pub static CODE_COMPARISONS: AtomicU64 = AtomicU64::new(0);

/// Hashes a new password off the async workers: argon2 takes tens of
/// milliseconds of CPU on purpose, which would stall every other request
/// served by the same worker.
pub async fn hash_password_blocking(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(AppError::internal)?
}

/// Compares a password (or security answer) with its hash off the async workers.
pub async fn verify_password(password: String, hash: String) -> bool {
    PASSWORD_COMPARISONS.fetch_add(1, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || verify_sync(&password, &hash))
        .await
        .unwrap_or(false)
}

/// Whether `code` is the code whose hash (with its record) is `stored`.
pub fn code_matches(record_key: &str, code: &str, stored: &str) -> bool {
    CODE_COMPARISONS.fetch_add(1, Ordering::Relaxed);
    same_hash(&code_hash(record_key, code), stored)
}

fn verify_sync(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Burns the same time as a real check when there is no account, so the
/// answer time does not tell whether an ID exists.
pub async fn verify_dummy(password: String) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let _ = tokio::task::spawn_blocking(move || {
        let h = DUMMY.get_or_init(|| hash_password("dummy-password-1").expect("hash"));
        verify_sync(&password, h)
    })
    .await;
}

/// Security answers are compared ignoring case and surrounding spaces.
pub fn normalize_answer(a: &str) -> String {
    a.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip() {
        let h = hash_password("vaccine2021").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_sync("vaccine2021", &h));
        assert!(!verify_sync("vaccine2022", &h));
    }

    #[test]
    fn tokens_and_codes() {
        let t = random_token().unwrap();
        assert_eq!(t.len(), 43);
        assert_ne!(t, random_token().unwrap());
        let c = six_digit_code().unwrap();
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert!(same_hash(&code_hash("a", &c), &code_hash("a", &c)));
        assert!(!same_hash(&code_hash("a", &c), &code_hash("b", &c)));
    }
}
