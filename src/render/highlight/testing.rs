//! Helpers shared by the highlighters' tests: the code blocks of the Manual
//! (read from the corpus at run time, for the ignored agreement
//! measurements) and a compact view of a lexer's pieces.

use super::palette::Kind;

/// The `.. code-block::` blocks of the Manual under the corpus folder
/// `root` whose language `keep` accepts, as (language, code), sorted.
pub(super) fn manual_blocks(root: &str, keep: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let dir = std::path::Path::new(root).join("mongodb-manual-2021/source");
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                collect_blocks(&text, keep, &mut blocks);
            }
        }
    }
    blocks.sort();
    blocks
}

/// Code blocks of `.. code-block:: LANG` in reStructuredText (rough:
/// indented lines after the directive and its options).
fn collect_blocks(text: &str, keep: &dyn Fn(&str) -> bool, out: &mut Vec<(String, String)>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let lang = t
            .strip_prefix(".. code-block::")
            .or_else(|| t.strip_prefix(".. code::"))
            .map(str::trim);
        i += 1;
        let Some(lang) = lang.filter(|l| keep(l)) else {
            continue;
        };
        let indent = lines[i - 1].len() - t.len();
        while i < lines.len() && lines[i].trim_start().starts_with(':') {
            i += 1;
        }
        let mut body = Vec::new();
        while i < lines.len() {
            let l = lines[i];
            let ind = l.len() - l.trim_start().len();
            if !l.trim().is_empty() && ind <= indent {
                break;
            }
            body.push(l);
            i += 1;
        }
        let min = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let code: Vec<&str> = body.iter().map(|l| l.get(min..).unwrap_or("")).collect();
        let code = code.join("\n").trim_matches('\n').to_string();
        if !code.is_empty() && super::within_limits(&code) {
            out.push((lang.to_string(), code));
        }
    }
}

/// `(class letter, text)` of the coloured pieces of each line.
pub(super) fn colored(lines: Vec<Vec<(Kind, &str)>>) -> Vec<Vec<(char, String)>> {
    lines
        .into_iter()
        .map(|line| {
            line.into_iter()
                .filter(|(k, t)| *k != Kind::Plain && !t.trim().is_empty())
                .map(|(k, t)| {
                    let c = super::palette::class(k)
                        .and_then(|c| c.chars().last())
                        .unwrap_or('p');
                    (c, t.to_string())
                })
                .collect()
        })
        .collect()
}

/// [`colored`]'s form of an expected line.
pub(super) fn pairs(v: &[(char, &str)]) -> Vec<(char, String)> {
    v.iter().map(|(c, s)| (*c, s.to_string())).collect()
}

/// A lexer's pieces put back together, lines joined with `\n`.
pub(super) fn rejoined(lines: &[Vec<(Kind, &str)>]) -> String {
    lines
        .iter()
        .map(|l| l.iter().map(|(_, t)| *t).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
