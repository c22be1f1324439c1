//! Names of object targets (what `.. method::` defines and `:method:` links
//! to), their anchors, and the URLs of link roles.

use super::ObjectSpec;

/// The target name an object defines or a role looks up, already
/// normalised: the prefix added (`dbcmd.find`), a callable's parameters
/// dropped (`db.collection.find`), an option qualified by its program
/// (`mongod.--port`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    /// The object type (`method`).
    pub objtype: String,
    /// The normalised name.
    pub name: String,
}

impl ObjectSpec {
    fn normalise(&self, name: &str) -> String {
        let mut n = name.trim();
        if self.callable {
            n = n.split('(').next().unwrap_or(n).trim_end();
        }
        match &self.prefix {
            Some(p) if !n.starts_with(&format!("{p}.")) => format!("{p}.{n}"),
            _ => n.to_string(),
        }
    }

    fn key(&self, name: String) -> ObjectKey {
        ObjectKey {
            objtype: self.name.clone(),
            name,
        }
    }

    /// The targets a directive with argument `arg` defines. An option
    /// directive may list several spellings (`--verbose, -v`); `program` is
    /// the current `.. program::`.
    pub fn keys_from_directive(&self, arg: &str, program: Option<&str>) -> Vec<ObjectKey> {
        if self.program_option {
            return arg
                .split(", ")
                .filter_map(|alt| alt.split([' ', '=']).next())
                .filter(|o| !o.is_empty())
                .map(|o| self.key(qualify(program, o)))
                .collect();
        }
        let n = self.normalise(arg);
        if n.is_empty() {
            Vec::new()
        } else {
            vec![self.key(n)]
        }
    }

    /// The target a role names (`target` without `~` or title).
    pub fn key_from_role(&self, target: &str, program: Option<&str>) -> ObjectKey {
        let t = target.trim().trim_start_matches('~');
        if self.program_option {
            return match t.split_once(' ') {
                Some((prog, opt)) if !prog.starts_with('-') => self.key(qualify(
                    Some(prog),
                    opt.trim().split([' ', '=']).next().unwrap_or(""),
                )),
                _ => self.key(qualify(program, t.split([' ', '=']).next().unwrap_or(t))),
            };
        }
        self.key(self.normalise(t))
    }
}

fn qualify(program: Option<&str>, opt: &str) -> String {
    match program {
        Some(p) if !p.is_empty() => format!("{p}.{opt}"),
        _ => opt.to_string(),
    }
}

/// The text a role shows for `target` when written with `~`: its last
/// dotted component (`~db.collection.find()` shows `find()`).
pub fn short_name(target: &str) -> &str {
    let t = target.trim().trim_start_matches('~');
    let head = t.split('(').next().unwrap_or(t);
    match head.rfind('.') {
        Some(i) => &t[i + 1..],
        None => t,
    }
}

/// The HTML anchor of an object target: `domain-type-name`, characters
/// other than letters, digits, `.`, `_` and `-` turned into `-`
/// (`mongodb-method-db.collection.find`, `std-option-mongod.--port`).
pub fn object_anchor(domain: &str, key: &ObjectKey) -> String {
    format!("{domain}-{}-{}", key.objtype, key.name)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The URL of a link role: `target` replaces `%s` in `pattern`. With
/// `slash`, a path without a trailing slash or file extension gets one
/// (before any `#fragment` or `?query`).
pub fn link_url(pattern: &str, target: &str, slash: bool) -> String {
    let mut t = target.trim().to_string();
    if slash {
        let cut = t.find(['#', '?']).unwrap_or(t.len());
        let (path, rest) = t.split_at(cut);
        let last = path.rsplit('/').next().unwrap_or("");
        if !path.ends_with('/') && !last.contains('.') {
            t = format!("{path}/{rest}");
        }
    }
    match pattern.find("%s") {
        Some(i) => format!("{}{t}{}", &pattern[..i], &pattern[i + 2..]),
        None => format!("{pattern}{t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(name: &str, prefix: Option<&str>, callable: bool, program_option: bool) -> ObjectSpec {
        ObjectSpec {
            name: name.into(),
            domain: "mongodb".into(),
            prefix: prefix.map(Into::into),
            callable,
            program_option,
        }
    }

    #[test]
    fn object_keys_from_directives_and_roles_agree() {
        let m = obj("method", None, true, false);
        let d = m.keys_from_directive("db.collection.find(query, projection)", None);
        assert_eq!(d[0].name, "db.collection.find");
        assert_eq!(m.key_from_role("~db.collection.find()", None), d[0]);
        let c = obj("dbcommand", Some("dbcmd"), false, false);
        assert_eq!(c.keys_from_directive("find", None)[0].name, "dbcmd.find");
        assert_eq!(c.key_from_role("find", None).name, "dbcmd.find");
        let o = obj("option", None, false, true);
        let keys = o.keys_from_directive("--verbose, -v", Some("mongod"));
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["mongod.--verbose", "mongod.-v"]);
        assert_eq!(
            o.key_from_role("mongod --verbose", None).name,
            "mongod.--verbose"
        );
        assert_eq!(
            o.key_from_role("--port", Some("mongos")).name,
            "mongos.--port"
        );
        assert_eq!(
            object_anchor("mongodb", &d[0]),
            "mongodb-method-db.collection.find"
        );
    }

    #[test]
    fn short_names_and_link_urls() {
        assert_eq!(short_name("~db.collection.find()"), "find()");
        assert_eq!(short_name("~$match"), "$match");
        assert_eq!(
            link_url("https://jira.mongodb.org/browse/%s", "SERVER-1", false),
            "https://jira.mongodb.org/browse/SERVER-1"
        );
        let m = "https://www.mongodb.com/docs/manual%s";
        assert_eq!(
            link_url(m, "/reference/x", true),
            "https://www.mongodb.com/docs/manual/reference/x/"
        );
        assert_eq!(
            link_url(m, "/reference/x#a", true),
            "https://www.mongodb.com/docs/manual/reference/x/#a"
        );
        assert_eq!(
            link_url(m, "/reference/x/", true),
            "https://www.mongodb.com/docs/manual/reference/x/"
        );
        assert_eq!(
            link_url(m, "/files/a.pdf", true),
            "https://www.mongodb.com/docs/manual/files/a.pdf"
        );
    }
}
