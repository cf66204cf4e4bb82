//! Fetching a page an admin sent with `/add URL`, as a bot that fetches
//! what users send must: http and https only, at most [`MAX_FILE_BYTES`]
//! read, [`TIMEOUT`] for the whole exchange, at most [`MAX_REDIRECTS`]
//! redirects, text or HTML content only, and no address that is not public
//! (loopback, private, link-local, shared, reserved…; in IPv6, anything
//! but global unicast) unless the operator
//! allows them. The check is made on the address each connection actually
//! uses — the resolver hands the client only public addresses, and literal
//! addresses are checked on the first request and on every redirect hop —
//! so a name that resolves to the server's own network, or a redirect to
//! one, is refused too. No proxy is used, so nothing else connects for us.

use std::error::Error as StdError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
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
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// An allow-list: global unicast (2000::/3) outside the ranges that are
/// not reachable or stand for an IPv4 address that is not public, and
/// NAT64 (64:ff9b::/96) of a public IPv4 address. An IPv4-mapped address
/// is its IPv4 address on the wire, so it is judged as one.
fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let v4 = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(v4(s[6], s[7]));
    }
    (s[0] & 0xe000) == 0x2000 // global unicast
        && !(s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments: Teredo, benchmarking, ORCHID…
        && !(s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        && (s[0] != 0x2002 || is_public_v4(v4(s[1], s[2]))) // 6to4: of a public IPv4 only
        && !(s[0] == 0x3fff && s[1] < 0x1000) // documentation (3fff::/20)
        && s[0] != 0x3ffe // the former 6bone, returned
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
    builder(allow_private).build()
}

/// The client's settings, before it is built (a test adds a name of its own).
fn builder(allow_private: bool) -> reqwest::ClientBuilder {
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
    builder
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
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fec0::1",
            "fd00::1",
            "fc00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::808:808",
            "100::1",
            "64:ff9b::a00:1",
            "64:ff9b:1::808:808",
            "2002:c0a8:101::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "::ffff:8.8.8.8",
            "2606:4700::1111",
            "2a00:1450:4001::200e",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn ipv6_is_an_allow_list_of_global_unicast() {
        // Outside 2000::/3: not public, whatever IANA assigns there later.
        for ip in ["1fff:ffff::1", "4000::1", "5f00::1", "e000::1"] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        // Inside 2000::/3, the ranges left out, each with its edges.
        for ip in [
            "2001::1",    // Teredo
            "2001:2::1",  // benchmarking
            "2001:10::1", // ORCHID
            "2001:1ff:ffff::1",
            "2001:db8::1", // documentation
            "2001:db8:ffff::1",
            "2002:a00:1::1", // 6to4 of 10.0.0.1
            "2002:7f00:1::1",
            "3fff::1", // documentation (3fff::/20)
            "3fff:fff:ffff::1",
            "3ffe::1", // the former 6bone
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "2000::1",
            "2001:200::1",
            "2001:4860:4860::8888",
            "2001:db9::1",
            "3fff:1000::1",
            "3ffd::1",
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

    /// A web server on loopback whose paths redirect: `/to/<address>`
    /// answers 302 to `<address>`, anything else is a page. Returns its port.
    async fn redirecting_server() -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        match stream.read(&mut byte).await {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let path = head.split_whitespace().nth(1).unwrap_or("/");
                    let reply = match path.strip_prefix("/to/") {
                        Some(to) => format!(
                            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        ),
                        None => "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 22\r\nConnection: close\r\n\r\nTitle\n\nA public page.\n".to_string(),
                    };
                    let _ = stream.write_all(reply.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        port
    }

    #[tokio::test]
    async fn every_redirect_hop_is_checked() {
        let port = redirecting_server().await;
        // "public.test" stands for a public server: the name is pinned to
        // the loopback one, past the public-only resolver.
        let client = builder(false)
            .resolve("public.test", SocketAddr::from(([127, 0, 0, 1], port)))
            .build()
            .unwrap();
        let page = fetch(&client, &format!("http://public.test:{port}/page"), false)
            .await
            .unwrap();
        assert_eq!(page.bytes, b"Title\n\nA public page.\n");
        for (to, refusal) in [
            (format!("http://127.0.0.1:{port}/page"), Refusal::NotPublic),
            (format!("http://[::1]:{port}/page"), Refusal::NotPublic),
            (format!("http://localhost:{port}/page"), Refusal::NotPublic),
            ("ftp://public.test/page".to_string(), Refusal::Scheme),
            // No host: reqwest does not follow it, so the 302 is the answer.
            ("file:///etc/passwd".to_string(), Refusal::Status(302)),
        ] {
            let address = format!("http://public.test:{port}/to/{to}");
            assert_eq!(
                fetch(&client, &address, false).await.unwrap_err(),
                refusal,
                "{to}"
            );
        }
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
