//! How often the hand-written shell and Python lexers give a character the
//! kind syntect's grammars give it, over the Manual's code blocks, and how
//! long each takes (a measurement, not a check: it reads the corpus at run
//! time, so no corpus text is in the repository):
//! `PROCDOC_CORPUS=../shared/corpus cargo test --release --lib
//! shell_and_python_agree -- --ignored --nocapture`.

#[test]
#[ignore]
fn shell_and_python_agree_with_syntect_on_the_manual() {
    let Ok(root) = std::env::var("PROCDOC_CORPUS") else {
        return;
    };
    let blocks = super::testing::manual_blocks(&root, &|l| {
        matches!(
            super::syntax_name(l),
            Some("Python" | "Bourne Again Shell (bash)")
        )
    });
    for want in ["Python", "Bourne Again Shell (bash)"] {
        let (mut same, mut all, mut n, mut bytes) = (0, 0, 0, 0);
        let (mut tf, mut ts) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
        let mut shown = 0;
        for (lang, code) in &blocks {
            if super::syntax_name(lang) != Some(want) {
                continue;
            }
            n += 1;
            bytes += code.len();
            let t = std::time::Instant::now();
            let fast = super::highlight_uncached(code, lang).unwrap();
            tf += t.elapsed();
            let t = std::time::Instant::now();
            let syntax = super::syntax_set().find_syntax_by_name(want).unwrap();
            let slow = super::highlight_with(code, syntax).unwrap();
            ts += t.elapsed();
            for (f, s) in fast.iter().zip(&slow) {
                let strip = |h: &str| -> Vec<(char, char)> {
                    let mut out = Vec::new();
                    let mut class = ' ';
                    let mut rest = h;
                    while let Some(c) = rest.chars().next() {
                        if let Some(r) = rest.strip_prefix("<span class=\"hl-") {
                            class = r.chars().next().unwrap();
                            rest = &r[r.find('>').unwrap() + 1..];
                        } else if let Some(r) = rest.strip_prefix("</span>") {
                            class = ' ';
                            rest = r;
                        } else if c == '&' {
                            let end = rest.find(';').map_or(rest.len(), |p| p + 1);
                            out.push(('&', class));
                            rest = &rest[end..];
                        } else {
                            out.push((c, class));
                            rest = &rest[c.len_utf8()..];
                        }
                    }
                    out
                };
                let (a, b) = (strip(f), strip(s));
                let mut bad = false;
                for (x, y) in a.iter().zip(&b) {
                    if !x.0.is_whitespace() {
                        all += 1;
                        if x.1 == y.1 {
                            same += 1
                        } else {
                            bad = true
                        }
                    }
                }
                if bad && shown < 20 {
                    shown += 1;
                    println!("fast: {f}\nslow: {s}");
                }
            }
        }
        println!("{want}: {n} blocks {bytes} bytes: {same}/{all} = {:.2}% agree; fast {tf:?} syntect {ts:?}", 100.0 * same as f64 / all.max(1) as f64);
    }
}
