//! Accepting connections, with bounds: at most [`Limits::max_connections`]
//! connections are served at once (the next ones wait in the kernel's
//! queue until one closes, and reaching the cap is logged), and a client
//! must send a request's headers within [`Limits::header_timeout`] (which
//! also closes idle keep-alive connections), so half-sent requests cannot
//! hold the slots, or the process's file descriptors, for long.
//!
//! Each connection is HTTP/1.1, served by hyper with the axum router; the
//! address it came in on travels with each request ([`LocalAddr`]) for the
//! `Host:` check. On shutdown the loop stops accepting, asks every
//! connection to close after its response in flight, and waits for them.

use super::log::LogSink;
use axum::Router;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// How much the server lets clients hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time a client has to send a request's headers.
    pub header_timeout: Duration,
}

/// The local address a request's connection came in on (a request
/// extension).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LocalAddr(pub SocketAddr);

/// The shortest time between two "connection limit reached" log lines.
const CAP_LOG_EVERY: Duration = Duration::from_secs(10);

/// Accepts and serves connections until `stop` turns true, then waits for
/// open connections to finish.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    log: LogSink,
    mut stop: watch::Receiver<bool>,
) {
    let cap = limits
        .max_connections
        .min(Semaphore::MAX_PERMITS)
        .min(u32::MAX as usize)
        .max(1);
    let slots = Arc::new(Semaphore::new(cap));
    let mut cap_logged: Option<Instant> = None;
    let mut accept_error_logged: Option<Instant> = None;
    loop {
        let permit = match slots.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if cap_logged.is_none_or(|t| t.elapsed() >= CAP_LOG_EVERY) {
                    cap_logged = Some(Instant::now());
                    log.line(format_args!(
                        "procdoc serve: connection limit reached ({cap} open); new connections wait until one closes (half-sent or idle ones close after {} s)",
                        limits.header_timeout.as_secs_f64()
                    ));
                }
                tokio::select! {
                    p = slots.clone().acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    _ = stop.wait_for(|s| *s) => break,
                }
            }
        };
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = stop.wait_for(|s| *s) => break,
        };
        let (tcp, _peer) = match accepted {
            Ok(c) => c,
            Err(e) => {
                // Out of file descriptors or similar: wait a little rather
                // than spin (a failed handshake is just skipped).
                if !is_connection_error(&e) {
                    if accept_error_logged.is_none_or(|t| t.elapsed() >= CAP_LOG_EVERY) {
                        accept_error_logged = Some(Instant::now());
                        log.line(format_args!(
                            "procdoc serve: cannot accept a connection: {e}; retrying"
                        ));
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let local = tcp.local_addr().ok();
        let hyper_service = TowerToHyperService::new(router.clone());
        let service = hyper::service::service_fn(move |mut req| {
            if let Some(a) = local {
                req.extensions_mut().insert(LocalAddr(a));
            }
            hyper_service.call(req)
        });
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout);
            let conn = builder.serve_connection(TokioIo::new(tcp), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop.wait_for(|s| *s) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    // Every slot back means every connection has closed.
    let _ = slots.acquire_many(cap as u32).await;
}

/// Errors that concern one connection only (the client gave up during the
/// handshake), not the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
