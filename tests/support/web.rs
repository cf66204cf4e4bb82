//! A web server on 127.0.0.1 for the `/add URL` tests, written on raw TCP
//! so each misbehaviour is exactly what the test needs: a page, redirect
//! chains, a server that never answers, a page larger than the limit
//! (sent without a length, so only the read cap can stop it), and a file
//! that is not text.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The page every good path serves.
pub const PAGE: &str = "<html><head><title>Harbour ferry returns</title></head><body><article><h1>Harbour ferry returns</h1><p>The old harbour ferry returned to service on Thursday after a refit that cost 3 million euros.</p></article></body></html>";

/// Starts the server; returns its base address ("http://127.0.0.1:PORT").
pub async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream));
        }
    });
    base
}

async fn serve(mut stream: TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16_384 {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let response = if path == "/page" {
        reply("200 OK", "Content-Type: text/html; charset=utf-8\r\n", PAGE)
    } else if let Some(n) = path.strip_prefix("/hop/") {
        // /hop/N redirects N more times, then serves the page.
        match n.parse::<u32>() {
            Ok(0) | Err(_) => reply("200 OK", "Content-Type: text/html\r\n", PAGE),
            Ok(n) => reply("302 Found", &format!("Location: /hop/{}\r\n", n - 1), ""),
        }
    } else if path == "/slow" {
        // Never answers (within any test's patience).
        tokio::time::sleep(Duration::from_secs(120)).await;
        return;
    } else if path == "/huge" {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>")
            .await;
        let chunk = "The harbour ferry is very long. ".repeat(2048);
        for _ in 0..200 {
            // 12.8 MB in all, if nobody stops reading.
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
        return;
    } else if path == "/image" {
        reply("200 OK", "Content-Type: image/png\r\n", "\u{1}PNG")
    } else {
        reply("404 Not Found", "Content-Type: text/plain\r\n", "not found")
    };
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
