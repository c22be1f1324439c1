//! Which `Host:` a request may name (the defence against DNS rebinding).
//!
//! A page on `evil.example` whose name the attacker points at 127.0.0.1
//! becomes same-origin with anything listening there, and could read the
//! preview and its event stream; its requests still say `Host:
//! evil.example`. So, like webpack-dev-server's and Vite's `allowedHosts`,
//! serve answers only requests naming `localhost`, a loopback address
//! (127.0.0.0/8, `[::1]`), the address it listens on (for an unspecified
//! bind address such as 0.0.0.0: the address the connection came in on), or
//! a name passed with `--allowed-host`; with or without a port. A name
//! passed as `.example.test` allows `example.test` and its subdomains. The
//! check covers every route, the event stream included; the rest get 403.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A parsed `Host:` value (without its port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// An IP literal (`127.0.0.1`, `[::1]`); IPv4-mapped IPv6 is shown as IPv4.
    Ip(IpAddr),
    /// A name, lowercased, without a trailing dot.
    Name(String),
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(n) => f.write_str(n),
        }
    }
}

/// Longest host name accepted (the DNS limit).
const MAX_NAME: usize = 253;

/// Parses `host[:port]`, `[v6][:port]` or an IPv4 literal; `None` when it is
/// none of these (bare IPv6, a bad port, characters no host name has).
pub(crate) fn parse(value: &str) -> Option<Host> {
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inner.parse().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        check_port(port)?;
        return Some(Host::Ip(canonical(IpAddr::V6(ip))));
    } else {
        match value.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (value, None),
        }
    };
    check_port(port)?;
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Some(Host::Ip(IpAddr::V4(ip)));
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.starts_with('.')
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    ok.then(|| Host::Name(name.to_ascii_lowercase()))
}

fn check_port(port: Option<&str>) -> Option<()> {
    match port {
        None => Some(()),
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u16>().ok().map(|_| ())
        }
        Some(_) => None,
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// One `--allowed-host` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Allowed {
    /// Exactly this host.
    Exact(Host),
    /// This name and every subdomain (written with a leading dot).
    Domain(String),
}

/// The hosts one server answers.
#[derive(Clone, Debug)]
pub(crate) struct HostPolicy {
    bind: IpAddr,
    allowed: Vec<Allowed>,
}

/// Why an `--allowed-host` value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BadName(pub String);

impl HostPolicy {
    /// The policy for a server bound to `bind` with extra `names` (host
    /// names or IP addresses, a port ignored, `.name` for a domain and its
    /// subdomains).
    pub(crate) fn new(bind: IpAddr, names: &[String]) -> Result<HostPolicy, BadName> {
        let mut allowed = Vec::with_capacity(names.len());
        for raw in names {
            let entry = match raw.strip_prefix('.') {
                Some(domain) => match parse(domain) {
                    Some(Host::Name(n)) => Allowed::Domain(n),
                    _ => return Err(BadName(raw.clone())),
                },
                // A bare IPv6 address (`fe80::1`, as the refusal suggests)
                // or anything a `Host:` header may hold.
                None => match raw.parse::<IpAddr>() {
                    Ok(ip) => Allowed::Exact(Host::Ip(canonical(ip))),
                    Err(_) => Allowed::Exact(parse(raw).ok_or_else(|| BadName(raw.clone()))?),
                },
            };
            allowed.push(entry);
        }
        Ok(HostPolicy {
            bind: canonical(bind),
            allowed,
        })
    }

    /// Whether a request naming `host` may be answered; `local` is the
    /// address the connection came in on.
    pub(crate) fn allows(&self, host: &Host, local: Option<IpAddr>) -> bool {
        let builtin = match host {
            Host::Ip(ip) => {
                ip.is_loopback() || *ip == self.bind || local.map(canonical) == Some(*ip)
            }
            Host::Name(n) => n == "localhost",
        };
        builtin
            || self.allowed.iter().any(|a| match (a, host) {
                (Allowed::Exact(h), _) => h == host,
                (Allowed::Domain(d), Host::Name(n)) => {
                    n == d
                        || n.strip_suffix(d.as_str())
                            .is_some_and(|head| head.ends_with('.'))
                }
                (Allowed::Domain(_), Host::Ip(_)) => false,
            })
    }
}

/// The body of the 403 answer: what was refused, and how to allow it.
pub(crate) fn refusal_text(host: Option<&Host>) -> String {
    let why = "procdoc serve answers only requests for localhost, a loopback address or the address it listens on, so that other web sites cannot read the preview (DNS rebinding).";
    match host {
        Some(h) => {
            let flag = match h {
                Host::Ip(IpAddr::V6(ip)) => ip.to_string(),
                other => other.to_string(),
            };
            format!(
                "403 Forbidden: this request is for the host {h}.\n{why}\nTo preview under this name, restart with: procdoc serve --allowed-host {flag}\n"
            )
        }
        None => format!(
            "403 Forbidden: this request has no valid Host header.\n{why}\nTo preview under another name, restart with: procdoc serve --allowed-host NAME\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Host {
        Host::Name(n.into())
    }

    #[test]
    fn parses_host_header_values() {
        assert_eq!(parse("localhost"), Some(name("localhost")));
        assert_eq!(parse("LocalHost.:3000"), Some(name("localhost")));
        assert_eq!(
            parse("127.0.0.1:80"),
            Some(Host::Ip("127.0.0.1".parse().unwrap()))
        );
        assert_eq!(parse("[::1]:3000"), Some(Host::Ip("::1".parse().unwrap())));
        assert_eq!(parse("[::1]"), Some(Host::Ip("::1".parse().unwrap())));
        assert_eq!(
            parse("[::ffff:127.0.0.1]"),
            Some(Host::Ip("127.0.0.1".parse().unwrap()))
        );
        for bad in [
            "",
            ":3000",
            "::1",
            "[::1",
            "[::1]x",
            "a:b",
            "a:99999",
            "a:",
            "a b",
            "a/b",
            "a@b",
            "..",
            ".a",
            "a..b",
            "[127.0.0.1]",
            "a:3000:1",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(parse(&"a".repeat(300)), None);
    }

    #[test]
    fn dns_rebinding_host_policy() {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let p = HostPolicy::new(loopback, &[]).unwrap();
        let ok =
            |p: &HostPolicy, h: &str, local: Option<IpAddr>| p.allows(&parse(h).unwrap(), local);
        for h in [
            "localhost",
            "localhost:3000",
            "127.0.0.1",
            "127.8.9.10:1",
            "[::1]:3000",
        ] {
            assert!(ok(&p, h, Some(loopback)), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "10.0.0.1",
            "foo.localhost",
        ] {
            assert!(!ok(&p, h, Some(loopback)), "{h}");
        }

        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        let p = HostPolicy::new(
            lan,
            &["docs.test".into(), ".team.test".into(), "10.1.2.3".into()],
        )
        .unwrap();
        assert!(ok(&p, "192.168.1.5:3000", Some(lan)));
        assert!(ok(&p, "docs.test", None));
        assert!(ok(&p, "DOCS.test.:8080", None));
        assert!(!ok(&p, "www.docs.test", None));
        assert!(ok(&p, "team.test", None));
        assert!(ok(&p, "a.b.team.test", None));
        assert!(!ok(&p, "evilteam.test", None));
        assert!(ok(&p, "10.1.2.3", None));
        assert!(!ok(&p, "10.1.2.4", None));

        // Bound to every interface: the address the connection came in on.
        let any = HostPolicy::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), &[]).unwrap();
        assert!(ok(&any, "192.168.1.5:3000", Some(lan)));
        assert!(!ok(&any, "192.168.1.6:3000", Some(lan)));
        assert!(!ok(&any, "evil.example", Some(lan)));
    }

    #[test]
    fn bad_allowed_host_values_are_refused() {
        let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for bad in ["", "a b", "http://x", ".", ".127.0.0.1", "x/y"] {
            assert_eq!(
                HostPolicy::new(lo, &[bad.to_string()]).unwrap_err(),
                BadName(bad.to_string()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn refusal_names_the_flag() {
        let t = refusal_text(parse("Evil.Example:3000").as_ref());
        assert!(t.contains("host evil.example."), "{t}");
        assert!(t.contains("--allowed-host evil.example\n"), "{t}");
        let h = parse("[fe80::1]:3000").unwrap();
        let t = refusal_text(Some(&h));
        assert!(t.contains("--allowed-host fe80::1\n"), "{t}");
        // ...and the value it suggests works.
        let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let p = HostPolicy::new(lo, &["fe80::1".to_string()]).unwrap();
        assert!(p.allows(&h, None));
        assert!(refusal_text(None).contains("no valid Host header"));
    }
}
