//! Fetching a page an admin sent with `/add URL`, as a bot that fetches
//! what users send must: http and https only, at most [`MAX_FILE_BYTES`]
//! read, [`TIMEOUT`] for the whole exchange, at most [`MAX_REDIRECTS`]
//! redirects, text or HTML content only, and no address that is not public
//! (loopback, private, link-local, shared, reserved…) unless the operator
//! allows them. The check is made on the address each connection actually
//! uses — the resolver hands the client only public addresses, and literal
//! addresses are checked on the first request and on every redirect hop —
//! so a name that resolves to the server's own network, or a redirect to
//! one, is refused too. No proxy is used, so nothing else connects for us.

use std::error::Error as StdError;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::{Attempt, Policy};

use crate::bot::admin::Refusal;
use crate::knowledge::{Format, MAX_FILE_BYTES};

/// The whole exchange, redirects and body included.
pub(super) const TIMEOUT: Duration = Duration::from_secs(15);
/// Redirects followed at most.
pub(super) const MAX_REDIRECTS: usize = 5;

/// A fetched page.
#[derive(Debug)]
pub(super) struct Page {
    /// Its bytes.
    pub(super) bytes: Vec<u8>,
    /// Its format, by content type.
    pub(super) format: Format,
    /// Where it was fetched from in the end.
    pub(super) url: String,
}

/// The error the resolver and redirect policy give for a non-public address.
#[derive(Debug)]
struct NotPublic;

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the address is not public")
    }
}

impl StdError for NotPublic {}

/// The error the redirect policy gives for a scheme other than http(s).
#[derive(Debug)]
struct BadScheme;

impl std::fmt::Display for BadScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an http or https address")
    }
}

impl StdError for BadScheme {}

/// Whether an address is on the public internet.
pub(super) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            let embedded =
                Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0100 && s[1..4] == [0, 0, 0]) // discard
                || (s[0] == 0x2002 && !is_public_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8))) // 6to4 of a private v4
                || (s[0] == 0x64 && s[1] == 0xff9b && !is_public_v4(embedded)) // NAT64 of a private v4
                || (s[..6] == [0, 0, 0, 0, 0, 0])) // IPv4-compatible, deprecated
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0 // "this network"
        || (a == 100 && (b & 0xc0) == 64) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b & 0xfe) == 18) // benchmarking
        || a >= 240) // reserved
}

/// A resolver that hands the client public addresses only.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(NotPublic) as Box<dyn StdError + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// Whether a URL's host is an address literal that is not public.
fn literal_not_public(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => !is_public(IpAddr::V6(ip)),
        _ => false,
    }
}

fn web(url: &reqwest::Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// The HTTP client for `/add URL`; `allow_private` lets it reach
/// non-public addresses (for tests against a loopback server).
pub(super) fn client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    let policy = Policy::custom(move |attempt: Attempt<'_>| {
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if !web(attempt.url()) {
            attempt.error(BadScheme)
        } else if !allow_private && literal_not_public(attempt.url()) {
            attempt.error(NotPublic)
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .no_proxy()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        .redirect(policy)
        .user_agent(concat!("articlebot/", env!("CARGO_PKG_VERSION")));
    if !allow_private {
        builder = builder.dns_resolver(Arc::new(PublicOnly));
    }
    builder.build()
}

/// Whether `err`, or any error it wraps, is one of ours of type `T`.
fn caused_by<T: StdError + 'static>(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<T>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn refusal(err: &reqwest::Error) -> Refusal {
    if caused_by::<NotPublic>(err) {
        Refusal::NotPublic
    } else if caused_by::<BadScheme>(err) {
        Refusal::Scheme
    } else if err.is_redirect() {
        Refusal::Redirects
    } else if err.is_timeout() {
        Refusal::Timeout
    } else {
        Refusal::Unreachable
    }
}

/// The article format of a content type, if it is one.
fn format_of(content_type: &str) -> Option<Format> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "text/plain" => Some(Format::Text),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        _ => None,
    }
}

/// Fetches `address` under every rule above.
pub(super) async fn fetch(
    client: &reqwest::Client,
    address: &str,
    allow_private: bool,
) -> Result<Page, Refusal> {
    let url = reqwest::Url::parse(address.trim()).map_err(|_| Refusal::Scheme)?;
    if !web(&url) {
        return Err(Refusal::Scheme);
    }
    if !allow_private && literal_not_public(&url) {
        return Err(Refusal::NotPublic);
    }
    // The client's timeout covers the body too; this bounds the whole
    // exchange even so.
    match tokio::time::timeout(TIMEOUT + Duration::from_secs(1), get(client, url)).await {
        Ok(result) => result,
        Err(_) => Err(Refusal::Timeout),
    }
}

async fn get(client: &reqwest::Client, url: reqwest::Url) -> Result<Page, Refusal> {
    let mut response = client.get(url).send().await.map_err(|e| refusal(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(Refusal::Status(status.as_u16()));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .chars()
        .take(80)
        .collect::<String>();
    let format = format_of(&content_type).ok_or(Refusal::Type(content_type))?;
    if response
        .content_length()
        .is_some_and(|n| n > MAX_FILE_BYTES)
    {
        return Err(Refusal::TooLarge);
    }
    let final_url = response.url().to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| refusal(&e))? {
        if (bytes.len() + chunk.len()) as u64 > MAX_FILE_BYTES {
            return Err(Refusal::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Page {
        bytes,
        format,
        url: final_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn content_types_map_to_formats() {
        assert_eq!(format_of("text/html; charset=utf-8"), Some(Format::Html));
        assert_eq!(format_of("TEXT/PLAIN"), Some(Format::Text));
        assert_eq!(format_of("application/pdf"), None);
    }

    #[tokio::test]
    async fn refuses_other_schemes_and_literal_private_addresses() {
        let client = client(false).unwrap();
        for (address, refusal) in [
            ("ftp://example.com/a", Refusal::Scheme),
            ("file:///etc/passwd", Refusal::Scheme),
            ("not a url", Refusal::Scheme),
            ("http://127.0.0.1:1/", Refusal::NotPublic),
            ("http://[::1]:1/", Refusal::NotPublic),
            (
                "http://169.254.169.254/latest/meta-data/",
                Refusal::NotPublic,
            ),
            ("http://localhost:1/", Refusal::NotPublic),
        ] {
            assert_eq!(
                fetch(&client, address, false).await.unwrap_err(),
                refusal,
                "{address}"
            );
        }
    }
}
