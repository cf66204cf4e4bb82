//! Webhook mode: Telegram pushes updates to an HTTP address the bot
//! listens on, instead of the bot polling for them. This is what lets
//! several replicas stand behind one load balancer (polling allows one
//! consumer per bot). Two choices differ from teloxide's own webhook
//! helper, both for replicas: the secret Telegram sends with every update
//! is derived from the token unless one is given, so every replica accepts
//! the others' updates without another setting; and a stopping replica
//! leaves the webhook set, because deleting it would cut off the replicas
//! still running (a rolling restart would silence the bot). Going back to
//! polling needs nothing: the polling start deletes any webhook.

use std::net::SocketAddr;

use anyhow::Context;
use sha2::{Digest, Sha256};
use teloxide::prelude::*;
use teloxide::update_listeners::UpdateListener;
use teloxide::update_listeners::webhooks::{Options, axum_no_setup};

/// Where Telegram delivers updates and where this process listens.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The public HTTPS address given to Telegram (the load balancer's).
    pub url: url::Url,
    /// The local address this process listens on.
    pub listen: SocketAddr,
    /// The secret Telegram must send with each update; derived from the
    /// token when not given, so all replicas agree.
    pub secret: Option<String>,
}

/// The secret every replica with this token derives: hex SHA-256 of the
/// token with a fixed prefix, so it reveals nothing of the token and fits
/// Telegram's rule (1–256 characters of `A-Z a-z 0-9 _ -`).
pub fn derived_secret(token: &str) -> String {
    let digest = Sha256::digest(format!("articlebot webhook secret\n{token}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a secret given by the operator is one Telegram accepts.
pub(super) fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Starts listening on `hook.listen`, tells Telegram the address and
/// secret, and returns the listener the dispatcher reads updates from.
/// The HTTP server stops when the listener is stopped (the dispatcher's
/// shutdown).
pub(super) async fn listen<R>(
    bot: &R,
    hook: &Webhook,
    token: &str,
) -> anyhow::Result<impl UpdateListener<Err = std::convert::Infallible> + use<R>>
where
    R: Requester,
    <R as Requester>::Err: std::error::Error + Send + Sync + 'static,
{
    let secret = hook.secret.clone().unwrap_or_else(|| derived_secret(token));
    anyhow::ensure!(
        valid_secret(&secret),
        "the webhook secret must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -"
    );
    let options = Options::new(hook.listen, hook.url.clone()).secret_token(secret.clone());
    let (listener, stopped, router) = axum_no_setup(options);
    let socket = tokio::net::TcpListener::bind(hook.listen)
        .await
        .with_context(|| format!("listening for the webhook on {}", hook.listen))?;
    bot.set_webhook(hook.url.clone())
        .secret_token(secret)
        .await
        .context("Telegram refused the webhook address (it must be public HTTPS on port 443, 80, 88 or 8443)")?;
    tracing::info!(listen = %hook.listen, "webhook set; waiting for Telegram's updates");
    tokio::spawn(async move {
        if let Err(error) = axum::serve(socket, router)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!(%error, "the webhook's HTTP server stopped");
        }
    });
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_derived_secret_is_stable_valid_and_hides_the_token() {
        let token = "4242:AAsecretpart";
        let secret = derived_secret(token);
        assert_eq!(secret, derived_secret(token), "replicas must agree");
        assert_ne!(secret, derived_secret("4242:AAotherpart"));
        assert!(valid_secret(&secret));
        assert!(!secret.contains("AAsecretpart"));
    }

    #[test]
    fn secrets_telegram_would_refuse_are_refused() {
        assert!(valid_secret("replica_secret-1"));
        assert!(!valid_secret(""));
        assert!(!valid_secret("has space"));
        assert!(!valid_secret(&"x".repeat(257)));
    }
}
