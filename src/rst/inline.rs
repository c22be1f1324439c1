//! The inline parser: emphasis, strong, literals, roles, hyperlinks,
//! substitution references and escapes, following docutils' inline markup
//! recognition rules.
//!
//! Linear time: each delimiter kind remembers the position from which a
//! search for its end-string already failed, so unmatched start-strings never
//! cause rescans.

use super::lines::Line;
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::dialect::{link_url, short_name, RoleShow};
use crate::doc::{Inline, InlineKind, RoleStyle, RoleTarget};

/// The bytes [`Parser::scan`] looks at: everything else is plain text.
const MAY_START_MARKUP: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\\\n`:*|[_hm";
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

const START_PRE: &str = "'\"([{<-/:\u{2018}\u{201c}\u{ab}\u{2039}\u{2013}\u{2014}";
const END_POST: &str = "'\")]}>-/:.,;!?\\\u{2019}\u{201d}\u{bb}\u{203a}\u{2013}\u{2014}";

#[derive(Clone, Copy)]
enum Delim {
    Literal,
    Strong,
    Emphasis,
    Interpreted,
    Substitution,
}

struct Scanner<'s> {
    s: &'s str,
    /// (local offset, expanded offset) of each joined line start.
    starts: Vec<(usize, usize)>,
    out: Vec<Inline>,
    buf: String,
    buf_start: usize,
    fail_from: [usize; 5],
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn start_ok(s: &str, i: usize, len: usize) -> bool {
    let next = s[i + len..].chars().next();
    let Some(next) = next else { return false };
    if next.is_whitespace() {
        return false;
    }
    match prev_char(s, i) {
        None => true,
        Some(p) if p.is_whitespace() => true,
        Some(p) if START_PRE.contains(p) => {
            let closer = match p {
                '\'' => '\'',
                '"' => '"',
                '<' => '>',
                '(' => ')',
                '[' => ']',
                '{' => '}',
                _ => '\0',
            };
            next != closer
        }
        _ => false,
    }
}

fn end_follow_ok(s: &str, after: usize) -> bool {
    match s[after..].chars().next() {
        None => true,
        Some(c) => c.is_whitespace() || END_POST.contains(c),
    }
}

fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Splits `title <target>` into its parts.
pub(crate) fn split_title_target(content: &str) -> (Option<String>, String) {
    split_target(content, false)
}

/// Splits a role's `title <target>`; as in snooty, the space before `<` may
/// be left out (`chunks<chunk>`).
fn split_role_target(content: &str) -> (Option<String>, String) {
    split_target(content, true)
}

fn split_target(content: &str, loose: bool) -> (Option<String>, String) {
    let c = content.trim();
    if c.ends_with('>') {
        if let Some(lt) = c.rfind('<') {
            let title = c[..lt].trim();
            let target = c[lt + 1..c.len() - 1].trim();
            if !title.is_empty() && (c[..lt].ends_with(char::is_whitespace) || loose) {
                return (Some(unescape(title)), target.to_string());
            }
            if title.is_empty() {
                return (None, target.to_string());
            }
        }
    }
    (None, c.to_string())
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if n.is_whitespace() => {}
                Some(n) => out.push(n),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl<'s> Scanner<'s> {
    fn exp(&self, local: usize) -> usize {
        let i = self.starts.partition_point(|(l, _)| *l <= local);
        let (l, e) = self.starts[i.saturating_sub(1)];
        e + (local - l)
    }

    fn span(&self, p: &Parser, a: usize, b: usize) -> crate::text::Span {
        let ea = self.exp(a);
        let eb = if b > a { self.exp(b - 1) + 1 } else { ea };
        p.span(ea, eb)
    }

    fn flush(&mut self, p: &Parser, upto: usize) {
        if !self.buf.is_empty() {
            let text = std::mem::take(&mut self.buf);
            let span = self.span(p, self.buf_start, upto);
            self.out.push(Inline {
                kind: InlineKind::Text(text),
                span,
            });
        }
        self.buf_start = upto;
    }

    fn push(&mut self, p: &Parser, kind: InlineKind, a: usize, b: usize) {
        self.flush(p, a);
        let span = self.span(p, a, b);
        self.out.push(Inline { kind, span });
        self.buf_start = b;
    }

    /// Finds the end-string of `delim` at or after `from`; returns its offset.
    fn find_end(&mut self, delim: Delim, from: usize) -> Option<usize> {
        let k = delim as usize;
        if from >= self.fail_from[k] {
            return None;
        }
        let s = self.s;
        let pat: &str = match delim {
            Delim::Literal => "``",
            Delim::Strong => "**",
            Delim::Emphasis => "*",
            Delim::Interpreted => "`",
            Delim::Substitution => "|",
        };
        let mut at = from;
        while let Some(rel) = s[at..].find(pat) {
            let e = at + rel;
            at = e + 1;
            let prev = prev_char(s, e);
            if e == from || prev.is_none_or(char::is_whitespace) {
                continue;
            }
            if !matches!(delim, Delim::Literal) && prev == Some('\\') {
                continue;
            }
            let after = e + pat.len();
            let ok = match delim {
                Delim::Interpreted => {
                    if s[after..].starts_with('`') {
                        false
                    } else {
                        let rest = &s[after..];
                        let suffix = if rest.starts_with("__") {
                            2
                        } else if rest.starts_with('_') {
                            1
                        } else if rest.starts_with(':') {
                            role_name_len(rest).map_or(0, |n| n + 2)
                        } else {
                            0
                        };
                        end_follow_ok(s, after + suffix)
                    }
                }
                Delim::Substitution => {
                    let rest = &s[after..];
                    let suffix = if rest.starts_with("__") {
                        2
                    } else if rest.starts_with('_') {
                        1
                    } else {
                        0
                    };
                    end_follow_ok(s, after + suffix)
                }
                Delim::Emphasis => !s[after..].starts_with('*') && end_follow_ok(s, after),
                _ => end_follow_ok(s, after),
            };
            if ok {
                return Some(e);
            }
        }
        self.fail_from[k] = from;
        None
    }
}

/// Length of a role name at `rest[1..]` when `rest` starts with `:name:`.
fn role_name_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if b.first() != Some(&b':') {
        return None;
    }
    let mut j = 1;
    while j < b.len() && j < 80 {
        let c = b[j];
        if c == b':' {
            // `::` is not a role name end unless followed by more name (domain).
            if j > 1 && b.get(j + 1).is_some_and(|n| n.is_ascii_alphanumeric()) && b[j - 1] != b':'
            {
                j += 1;
                continue;
            }
            return (j > 1).then_some(j - 1);
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'+')) {
            return None;
        }
        j += 1;
    }
    None
}

impl Parser<'_> {
    /// Parses the inline content of `lines` (a paragraph, a title, an argument).
    pub(crate) fn parse_inline(&mut self, lines: &[Line<'_>]) -> Vec<Inline> {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(lines.len());
        for (n, l) in lines.iter().enumerate() {
            if n > 0 {
                joined.push('\n');
            }
            let t = if n + 1 == lines.len() {
                l.text.trim_end()
            } else {
                l.text
            };
            starts.push((joined.len(), l.off));
            joined.push_str(t);
        }
        if starts.is_empty() {
            return Vec::new();
        }
        let mut sc = Scanner {
            s: &joined,
            starts,
            out: Vec::new(),
            buf: String::new(),
            buf_start: 0,
            fail_from: [usize::MAX; 5],
        };
        self.scan(&mut sc);
        let end = joined.len();
        sc.flush(self, end);
        sc.out
    }

    fn unclosed(&mut self, sc: &Scanner, i: usize, len: usize, what: &str) {
        let span = sc.span(self, i, i + len);
        self.diags.push(
            Diagnostic::warning(
                Code::UnclosedMarkup,
                format!("{what} start-string without end-string"),
            )
            .with_span(span)
            .with_help("escape the character with a backslash if it is meant literally"),
        );
    }

    fn scan(&mut self, sc: &mut Scanner<'_>) {
        let s = sc.s;
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b'\\' => {
                    if sc.buf.is_empty() {
                        sc.buf_start = i;
                    }
                    let next = s[i + 1..].chars().next();
                    match next {
                        Some(n) if n.is_whitespace() => {
                            // Escaped whitespace disappears; keep line breaks.
                            if n == '\n' {
                                sc.flush(self, i);
                                sc.out.push(Inline {
                                    kind: InlineKind::SoftBreak,
                                    span: sc.span(self, i, i + 1),
                                });
                                sc.buf_start = i + 2;
                            }
                            i += 1 + n.len_utf8();
                        }
                        Some(n) => {
                            sc.buf.push(n);
                            i += 1 + n.len_utf8();
                        }
                        None => i += 1,
                    }
                    continue;
                }
                b'\n' => {
                    sc.flush(self, i);
                    sc.out.push(Inline {
                        kind: InlineKind::SoftBreak,
                        span: sc.span(self, i, i + 1),
                    });
                    sc.buf_start = i + 1;
                    i += 1;
                    continue;
                }
                b'`' if s[i..].starts_with("``") && start_ok(s, i, 2) => {
                    if let Some(e) = sc.find_end(Delim::Literal, i + 2) {
                        let text = s[i + 2..e].replace('\n', " ");
                        sc.push(self, InlineKind::Literal(text), i, e + 2);
                        i = e + 2;
                        continue;
                    }
                    self.unclosed(sc, i, 2, "inline literal");
                }
                b'`' if !s[i..].starts_with("``") && start_ok(s, i, 1) => {
                    if let Some(e) = sc.find_end(Delim::Interpreted, i + 1) {
                        i = self.interpreted(sc, i, i, e, None);
                        continue;
                    }
                    self.unclosed(sc, i, 1, "interpreted text or phrase reference");
                }
                b':' => {
                    if let Some(n) = role_name_len(&s[i..]) {
                        let tick = i + n + 2;
                        if b.get(tick) == Some(&b'`') && start_ok(s, i, 1) && start_ok(s, tick, 1) {
                            if let Some(e) = sc.find_end(Delim::Interpreted, tick + 1) {
                                let role = s[i + 1..i + 1 + n].to_string();
                                i = self.interpreted(sc, i, tick, e, Some(role));
                                continue;
                            }
                            self.unclosed(sc, tick, 1, "interpreted text");
                        }
                    }
                }
                b'*' if s[i..].starts_with("**") && start_ok(s, i, 2) => {
                    if let Some(e) = sc.find_end(Delim::Strong, i + 2) {
                        let inner = self.plain(sc, i + 2, e);
                        sc.push(self, InlineKind::Strong(inner), i, e + 2);
                        i = e + 2;
                        continue;
                    }
                    self.unclosed(sc, i, 2, "inline strong");
                    sc_push_str(sc, "**", i);
                    i += 2;
                    continue;
                }
                b'*' if !s[i..].starts_with("**") && start_ok(s, i, 1) => {
                    if let Some(e) = sc.find_end(Delim::Emphasis, i + 1) {
                        let inner = self.plain(sc, i + 1, e);
                        sc.push(self, InlineKind::Emphasis(inner), i, e + 1);
                        i = e + 1;
                        continue;
                    }
                    self.unclosed(sc, i, 1, "inline emphasis");
                }
                b'|' if start_ok(s, i, 1) => {
                    if let Some(e) = sc.find_end(Delim::Substitution, i + 1) {
                        let name = normalize_name(&s[i + 1..e]);
                        let mut end = e + 1;
                        if s[end..].starts_with("__") {
                            end += 2;
                        } else if s[end..].starts_with('_') {
                            end += 1;
                        }
                        sc.push(
                            self,
                            InlineKind::Substitution {
                                name,
                                children: Vec::new(),
                            },
                            i,
                            end,
                        );
                        i = end;
                        continue;
                    }
                }
                b'[' if start_ok(s, i, 1) => {
                    if let Some(next) = footnote_ref(self, sc, i) {
                        i = next;
                        continue;
                    }
                }
                b'_' if i > 0 => {
                    if let Some(next) = self.simple_reference(sc, i) {
                        i = next;
                        continue;
                    }
                }
                b'h' | b'm' => {
                    if let Some(next) = self.standalone_url(sc, i) {
                        i = next;
                        continue;
                    }
                }
                _ => {}
            }
            // Plain text: this character and all up to the next byte that
            // may start markup (all such bytes are ASCII, so the run ends on
            // a character boundary).
            let mut j = i + s[i..].chars().next().map_or(1, char::len_utf8);
            while j < b.len() && !MAY_START_MARKUP[b[j] as usize] {
                j += 1;
            }
            if sc.buf.is_empty() {
                sc.buf_start = i;
            }
            sc.buf.push_str(&s[i..j]);
            i = j;
        }
    }

    /// Plain-text children for emphasis and strong (no nesting in rST).
    fn plain(&self, sc: &Scanner<'_>, a: usize, b: usize) -> Vec<Inline> {
        vec![Inline {
            kind: InlineKind::Text(unescape(&sc.s[a..b]).replace('\n', " ")),
            span: sc.span(self, a, b),
        }]
    }

    /// Handles `` `…` `` (with suffix) or `` :role:`…` ``. `start` is where the
    /// construct begins, `tick` the opening backquote, `e` the closing one.
    fn interpreted(
        &mut self,
        sc: &mut Scanner<'_>,
        start: usize,
        tick: usize,
        e: usize,
        prefix_role: Option<String>,
    ) -> usize {
        let s = sc.s;
        let content = &s[tick + 1..e];
        let mut end = e + 1;
        let rest = &s[end..];
        let mut anonymous = false;
        let mut is_ref = false;
        let mut role = prefix_role;
        if role.is_none() {
            if rest.starts_with("__") {
                anonymous = true;
                is_ref = true;
                end += 2;
            } else if rest.starts_with('_') {
                is_ref = true;
                end += 1;
            } else if let Some(n) = role_name_len(rest) {
                role = Some(rest[1..1 + n].to_string());
                end += n + 2;
            }
        }
        let kind = if is_ref {
            self.phrase_reference(content, anonymous, sc, tick + 1, e)
        } else {
            match role {
                Some(r) => self.role(&r, content, sc.span(self, start, end)),
                None => InlineKind::Emphasis(vec![Inline {
                    kind: InlineKind::Text(unescape(content).replace('\n', " ")),
                    span: sc.span(self, tick + 1, e),
                }]),
            }
        };
        sc.push(self, kind, start, end);
        end
    }

    fn phrase_reference(
        &mut self,
        content: &str,
        anonymous: bool,
        sc: &Scanner<'_>,
        a: usize,
        b: usize,
    ) -> InlineKind {
        let (title, target) = split_title_target(content);
        let has_embedded = content.trim_end().ends_with('>') && content.contains('<');
        let text_span = sc.span(self, a, b);
        if has_embedded {
            let uri: String = target.split_whitespace().collect();
            let shown = title.clone().unwrap_or_else(|| uri.clone());
            let children = vec![Inline {
                kind: InlineKind::Text(shown.replace('\n', " ")),
                span: text_span,
            }];
            if let Some(name) = uri.strip_suffix('_').filter(|n| !n.ends_with('\\')) {
                // `text <name_>`_ : a reference to a named target.
                return InlineKind::NamedRef {
                    children,
                    name: normalize_name(name),
                    url: None,
                };
            }
            let uri = unescape(&uri);
            if !anonymous {
                if let Some(t) = &title {
                    self.embedded_targets.push((normalize_name(t), uri.clone()));
                }
            }
            return InlineKind::Link { children, url: uri };
        }
        let text = unescape(content).replace('\n', " ");
        let name = if anonymous {
            self.anonymous_refs += 1;
            format!("__anonymous {}", self.anonymous_refs)
        } else {
            normalize_name(&text)
        };
        InlineKind::NamedRef {
            children: vec![Inline {
                kind: InlineKind::Text(text),
                span: text_span,
            }],
            name,
            url: None,
        }
    }

    fn role(&mut self, role: &str, content: &str, span: crate::text::Span) -> InlineKind {
        let text = unescape(content).replace('\n', " ");
        let mk_text = |t: String| {
            vec![Inline {
                kind: InlineKind::Text(t),
                span,
            }]
        };
        let plain = |name: &str, text: String, style: RoleStyle| InlineKind::Role {
            name: name.to_string(),
            text,
            style,
            target: None,
            resolved: None,
        };
        let Some(spec) = self.dialect.role(role) else {
            let names = self.dialect.role_names();
            let d = Diagnostic::warning(Code::UnknownRole, format!("unknown role `:{role}:`"))
                .with_span(span);
            self.diags.push(match crate::suggest::did_you_mean(role, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `:{s}:`? procdoc renders the text without special meaning")),
                None => d.with_help("procdoc renders its text without special meaning; check the role name for typos"),
            });
            return plain(role, text, RoleStyle::Unknown);
        };
        match &spec.show {
            RoleShow::Ref => {
                let (title, target) = split_role_target(&text);
                InlineKind::Ref {
                    title,
                    target: normalize_name(target.trim_start_matches('~')),
                    resolved: None,
                }
            }
            RoleShow::Doc => {
                let (title, target) = split_role_target(&text);
                InlineKind::Doc {
                    title,
                    target,
                    resolved: None,
                }
            }
            RoleShow::Abbr => {
                let t = text.trim();
                match (t.ends_with(')'), t.find('(')) {
                    (true, Some(lp)) => InlineKind::Abbr {
                        abbr: t[..lp].trim().to_string(),
                        expansion: Some(t[lp + 1..t.len() - 1].trim().to_string()),
                    },
                    _ => InlineKind::Abbr {
                        abbr: t.to_string(),
                        expansion: None,
                    },
                }
            }
            RoleShow::Emphasis => InlineKind::Emphasis(mk_text(text)),
            RoleShow::Strong => InlineKind::Strong(mk_text(text)),
            RoleShow::Literal => InlineKind::Literal(text),
            RoleShow::Link { pattern, slash } => {
                let (title, target) = split_role_target(&text);
                let url = link_url(pattern, &target, *slash);
                InlineKind::Link {
                    children: mk_text(title.unwrap_or(target)),
                    url,
                }
            }
            RoleShow::Url => {
                let (title, target) = split_role_target(&text);
                InlineKind::Link {
                    children: mk_text(title.unwrap_or_else(|| target.clone())),
                    url: target,
                }
            }
            RoleShow::Object(o) => {
                let (title, target) = split_role_target(&text);
                let key = o.key_from_role(&target, self.program.as_deref());
                let shown = match title {
                    Some(t) => t,
                    None if target.starts_with('~') => short_name(&target).to_string(),
                    None => target,
                };
                InlineKind::Role {
                    name: role.to_string(),
                    text: shown,
                    style: RoleStyle::Code,
                    target: Some(Box::new(RoleTarget {
                        kind: key.objtype,
                        name: key.name,
                    })),
                    resolved: None,
                }
            }
            RoleShow::Term => {
                let (title, target) = split_role_target(&text);
                InlineKind::Role {
                    name: role.to_string(),
                    text: title.unwrap_or_else(|| target.clone()),
                    style: RoleStyle::Text,
                    target: Some(Box::new(RoleTarget {
                        kind: "term".into(),
                        name: normalize_name(&target),
                    })),
                    resolved: None,
                }
            }
            RoleShow::Code => plain(role, text, RoleStyle::Code),
            RoleShow::Kbd => plain(role, text, RoleStyle::Kbd),
            RoleShow::Sup => plain(role, text, RoleStyle::Sup),
            RoleShow::Sub => plain(role, text, RoleStyle::Sub),
            RoleShow::Text | RoleShow::Icon => plain(role, text, RoleStyle::Text),
        }
    }

    /// `word_` or `word__` at the underscore `i`.
    fn simple_reference(&mut self, sc: &mut Scanner<'_>, i: usize) -> Option<usize> {
        let s = sc.s;
        let anonymous = s[i..].starts_with("__");
        let end = i + if anonymous { 2 } else { 1 };
        if !end_follow_ok(s, end) {
            return None;
        }
        // The word is the tail of the text buffer.
        let buf = &sc.buf;
        let word_len = buf
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '+' | ':'))
            .last()
            .map(|(k, _)| buf.len() - k)?;
        let word = buf[buf.len() - word_len..].trim_start_matches(['-', '.', '_', '+', ':']);
        if word.is_empty() || !word.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let word_len = word.len();
        if !word.chars().last().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let a = i.checked_sub(word_len)?;
        if !s.is_char_boundary(a) || &s[a..i] != word {
            return None;
        }
        if let Some(p) = prev_char(s, a) {
            if !(p.is_whitespace() || START_PRE.contains(p)) {
                return None;
            }
        }
        let word = word.to_string();
        sc.buf.truncate(sc.buf.len() - word_len);
        let name = if anonymous {
            self.anonymous_refs += 1;
            format!("__anonymous {}", self.anonymous_refs)
        } else {
            normalize_name(&word)
        };
        let text_span = sc.span(self, a, i);
        sc.push(
            self,
            InlineKind::NamedRef {
                children: vec![Inline {
                    kind: InlineKind::Text(word),
                    span: text_span,
                }],
                name,
                url: None,
            },
            a,
            end,
        );
        Some(end)
    }

    /// A bare `http(s)://…` or `mailto:` URL.
    fn standalone_url(&mut self, sc: &mut Scanner<'_>, i: usize) -> Option<usize> {
        let s = sc.s;
        let rest = &s[i..];
        let scheme = ["https://", "http://", "mailto:"]
            .into_iter()
            .find(|p| rest.starts_with(p))?;
        if let Some(p) = prev_char(s, i) {
            if !(p.is_whitespace() || START_PRE.contains(p)) {
                return None;
            }
        }
        let mut len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(rest.len());
        while len > scheme.len()
            && rest[..len].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'', '"'])
        {
            len -= 1;
        }
        if len <= scheme.len() {
            return None;
        }
        let url = rest[..len].to_string();
        let span = sc.span(self, i, i + len);
        sc.push(
            self,
            InlineKind::Link {
                children: vec![Inline {
                    kind: InlineKind::Text(url.clone()),
                    span,
                }],
                url,
            },
            i,
            i + len,
        );
        Some(i + len)
    }
}

/// The longest footnote or citation label looked for, in characters.
const MAX_NOTE_LABEL: usize = 128;

/// `[label]_` at `i`: a footnote or citation reference.
fn footnote_ref(p: &Parser<'_>, sc: &mut Scanner<'_>, i: usize) -> Option<usize> {
    let s = sc.s;
    // Labels are short: look for the `]` nearby only (linear time on
    // text full of `[`).
    let window = s[i + 1..]
        .char_indices()
        .take(MAX_NOTE_LABEL)
        .find(|(_, c)| *c == ']' || *c == '\n')?;
    if window.1 != ']' {
        return None;
    }
    let close = i + 1 + window.0;
    if !s[close..].starts_with("]_") || s[close..].starts_with("]__") {
        return None;
    }
    let end = close + 2;
    if !end_follow_ok(s, end) {
        return None;
    }
    let label = crate::doc::NoteLabel::parse(&s[i + 1..close])?;
    sc.push(
        p,
        InlineKind::FootnoteRef(Box::new(crate::doc::NoteRef {
            label,
            display: String::new(),
            target: String::new(),
            id: String::new(),
        })),
        i,
        end,
    );
    Some(end)
}

fn sc_push_str(sc: &mut Scanner<'_>, t: &str, at: usize) {
    if sc.buf.is_empty() {
        sc.buf_start = at;
    }
    sc.buf.push_str(t);
}
