//! Tests of the JavaScript/JSON lexer: markup, kinds, and agreement with
//! the syntect path it replaces.

use super::*;
use crate::render::highlight::testing::manual_blocks;
use crate::render::test_util::strip_tags;

fn js(code: &str) -> Vec<String> {
    highlight(code, Lang::JavaScript)
}

fn json(code: &str) -> Vec<String> {
    highlight(code, Lang::Json)
}

/// The syntect path's lines for `code` in `language`.
fn syntect(code: &str, language: &str) -> Vec<String> {
    let syntax = super::super::syntax_set()
        .find_syntax_by_name(super::super::syntax_name(language).expect("known"))
        .expect("grammar");
    super::super::highlight_with(code, syntax).expect("highlighted")
}

/// Every character of a line's HTML with its class letter (`' '` plain).
fn kinds(html: &str) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let mut class = ' ';
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<span class=\"hl-") {
            class = r.chars().next().unwrap_or('?');
            rest = &r[r.find('>').map_or(r.len(), |p| p + 1)..];
        } else if let Some(r) = rest.strip_prefix("</span>") {
            class = ' ';
            rest = r;
        } else if c == '&' {
            let end = rest.find(';').map_or(rest.len(), |p| p + 1);
            let ch = match &rest[..end] {
                "&lt;" => '<',
                "&gt;" => '>',
                "&quot;" => '"',
                "&#39;" => '\'',
                _ => '&',
            };
            out.push((ch, class));
            rest = &rest[end..];
        } else {
            out.push((c, class));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Balanced spans on every line, and every character kept.
fn check(code: &str, lines: &[String]) {
    assert_eq!(lines.len(), code.split('\n').count(), "{code:?}");
    for l in lines {
        assert_eq!(
            l.matches("<span").count(),
            l.matches("</span>").count(),
            "{l}"
        );
        assert!(!l.contains('\n'), "{l}");
    }
    assert_eq!(strip_tags(&lines.join("\n")), code);
}

/// The words of `line` written as `class`.
fn words_of(line: &str, class: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for (c, k) in kinds(line) {
        if k == class && !c.is_whitespace() {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

const TRICKY: &[&str] = &[
    "",
    "\n\n",
    "'unterminated\nx = \"also",
    "/* never closed\n still comment\n",
    "x = a / b / c; y = /re[/]x\\/y/gi.test(s); z = (a) / 2",
    "f(/ no close on this line\n, 1)",
    "s = `a ${ `b ${ c + `d` } e` } f`",
    "s = `line one\n${ {a: 1}.a }\nline ${x} three`\nafter",
    "t = `unterminated ${ x",
    "</script><script>alert(1)</script>",
    "const café = 'naïve ☃'; // ünïcode 😀\nλ(\"日本\")",
    "x = 1;\r\ny = 'two';\r\n// three\r\n",
    "\\ ` \\` ${ } } ] ) /* */ */ // `\n}",
    "db.c.find({ $or: [ { a: <value> }, { \"b.c\": { $gt: ISODate(\"2020-01-01\") } } ] })",
    "{ $group: { _id: \"$item\", total: { $sum: \"$qty\" } } }",
    "...rest; a?.b?.(); x ?? y; 0x1F + 1e-7 + .5 + 1n + 0b101",
    "'\\",
    "`\\",
    "/",
    "a = /[/",
    "function* g() { yield* h(); }",
];

#[test]
fn tricky_inputs_keep_every_character_in_balanced_spans() {
    for code in TRICKY {
        check(code, &js(code));
        check(code, &json(code));
    }
    // Bytes that are not code at all.
    let mut noise = String::new();
    for i in 0..2_000u32 {
        let c = char::from_u32(
            [
                9, 10, 13, 32, 34, 36, 39, 40, 41, 42, 47, 58, 92, 96, 123, 125, 0xe9, 0x2603,
            ][(i * 7919 % 18) as usize],
        )
        .unwrap_or('x');
        noise.push(c);
    }
    check(&noise, &js(&noise));
    check(&noise, &json(&noise));
}

#[test]
fn hostile_lines_at_the_size_limits_stay_linear_and_whole() {
    // Patterns that make a naive lexer rescan a line: regexes that never
    // close, long member chains read ahead for `= function`, deep nesting.
    let width = super::super::MAX_LINE_CHARS;
    let lines = [
        "(/".repeat(width / 2),
        "a.".repeat(width / 2),
        "f = (".repeat(width / 5),
        "`${".repeat(width / 3),
        "{ a: ".repeat(width / 5),
        "/*".repeat(width / 2),
    ];
    for line in &lines {
        let block = vec![line.as_str(); super::super::MAX_BYTES / width].join("\n");
        assert!(super::super::within_limits(&block));
        let t = std::time::Instant::now();
        check(&block, &js(&block));
        check(&block, &json(&block));
        // Generous (a debug build on a busy machine): a quadratic scan of
        // these blocks takes minutes.
        assert!(t.elapsed().as_secs() < 20, "{:?}", &line[..8]);
    }
}

#[test]
fn multi_line_constructs_carry_state() {
    let lines = js("/* one\n   two */ x = 1\ns = `a\n${ f(1) }\nb` + 2");
    assert_eq!(lines[0], "<span class=\"hl-c\">/* one</span>");
    assert_eq!(
        lines[1],
        "<span class=\"hl-c\">   two */</span> x = <span class=\"hl-m\">1</span>"
    );
    assert_eq!(lines[2], "s = <span class=\"hl-s\">`a</span>");
    assert_eq!(
        lines[3],
        "${ <span class=\"hl-f\">f</span>(<span class=\"hl-m\">1</span>) }"
    );
    assert_eq!(
        lines[4],
        "<span class=\"hl-s\">b`</span> + <span class=\"hl-m\">2</span>"
    );
    // A `}` inside `${…}` closes an object, not the interpolation.
    let nested = js("`x ${ {a: `y ${b}`}.a } z`");
    assert_eq!(words_of(&nested[0], 's'), ["`x", "`y", "`", "z`"]);
}

#[test]
fn named_tokens_have_their_kinds() {
    let l = js(concat!(
        "const n = await db.orders.find({ qty: { $gt: 5 }, status: \"A\" }).sort({ _id: -1 });",
        " // done"
    ));
    assert_eq!(words_of(&l[0], 'k'), ["const", "await"]);
    assert_eq!(words_of(&l[0], 'f'), ["find", "sort"]);
    assert_eq!(words_of(&l[0], 'm'), ["5", "1"]);
    assert_eq!(words_of(&l[0], 's'), ["\"A\""]);
    assert_eq!(words_of(&l[0], 'c'), ["//", "done"]);
    // Object keys, `$` operators and placeholders are plain.
    assert!(l[0].contains(" qty: { $gt: "), "{}", l[0]);

    let l = js("function total(a) { return a.map(x => x * 2) / 3 }");
    assert_eq!(words_of(&l[0], 'k'), ["function", "return", "=>"]);
    assert_eq!(words_of(&l[0], 'f'), ["total", "map"]);
    let l = js("var d = new Date(); let ok = true, no = null, u = undefined, i = -Infinity;");
    assert_eq!(words_of(&l[0], 'n'), ["Date"]);
    assert_eq!(
        words_of(&l[0], 'm'),
        ["true", "null", "undefined", "Infinity"]
    );
    let l = js("if (/^a/i.test(s)) print(ObjectId(\"5f\"), ISODate(), x ? this : y)");
    assert_eq!(words_of(&l[0], 's'), ["/^a/i", "\"5f\""]);
    assert_eq!(
        words_of(&l[0], 'f'),
        ["test", "print", "ObjectId", "ISODate"]
    );
    assert_eq!(words_of(&l[0], 'k'), ["if", "this"]);
    // A statement label is a name (and so is one in the block after it,
    // as syntect reads it); keys in an expression are not.
    let l = js("{ $match: { status: \"A\" } }\nx = { $match: 1 }");
    assert_eq!(words_of(&l[0], 'n'), ["$match", "status"]);
    assert_eq!(words_of(&l[1], 'n'), Vec::<String>::new());
    let l = js("const f = async (a, b) => a; obj.m = function () {}; class A extends B {}");
    assert_eq!(words_of(&l[0], 'f'), ["f", "m"]);
    assert_eq!(words_of(&l[0], 'n'), ["obj", "A", "B"]);

    let l = json("{\n  \"a\": [1, -2.5e3, true, {\"b\": \"c\"}],\n  \"d\"\n    : \"e\" // x\n}");
    assert_eq!(words_of(&l[1], 'n'), ["\"a\"", "\"b\""]);
    assert_eq!(words_of(&l[1], 'm'), ["1", "-2.5e3", "true"]);
    assert_eq!(words_of(&l[1], 's'), ["\"c\""]);
    assert_eq!(words_of(&l[2], 'n'), ["\"d\""]);
    assert_eq!(words_of(&l[3], 's'), ["\"e\""]);
    assert_eq!(words_of(&l[3], 'c'), ["//", "x"]);
}

/// Representative mongosh, Node and JSON snippets (written for this test).
const SNIPPETS: &[(&str, &str)] = &[
    ("javascript", "db.inventory.insertMany( [\n   { item: \"journal\", qty: 25, tags: [\"blank\", \"red\"], size: { h: 14, w: 21, uom: \"cm\" } },\n   { item: \"mat\", qty: 85, tags: [\"gray\"], size: { h: 27.9, w: 35.5, uom: \"cm\" } }\n]);"),
    ("javascript", "db.orders.aggregate( [\n   { $match: { status: \"A\" } },\n   { $group: { _id: \"$cust_id\", total: { $sum: \"$amount\" } } },\n   { $sort: { total: -1 } }\n] )"),
    ("javascript", "db.users.updateOne(\n   { _id: ObjectId(\"5f2a1b\") },\n   { $set: { \"profile.name\": \"Ann\", lastSeen: new Date() }, $inc: { visits: 1 } },\n   { upsert: true }\n)"),
    ("javascript", "// Find documents\nconst cursor = db.collection('inventory').find({ status: { $in: ['A', 'D'] } });\nwhile (cursor.hasNext()) {\n   printjson(cursor.next());\n}"),
    ("javascript", "{ $group: { _id: null, count: { $sum: 1 } } }"),
    ("javascript", "{ \"_id\" : ObjectId(\"5f2a\"), \"name\" : \"x\", \"n\" : NumberLong(5), \"at\" : ISODate(\"2020-01-01T00:00:00Z\") }\n{ \"_id\" : 2, \"name\" : \"y\", \"tags\" : [ \"a\", \"b\" ] }"),
    ("javascript", "async function run() {\n  try {\n    await client.connect();\n    const result = await coll.insertOne({ name: `user ${i}`, score: 10 / 3 });\n    console.log(`Inserted ${result.insertedId}`);\n  } finally {\n    await client.close();\n  }\n}\nrun().catch(console.dir);"),
    ("javascript", "var mapFn = function() { emit(this.cust_id, this.price); };\nvar reduceFn = function(key, values) { return Array.sum(values); };\ndb.orders.mapReduce(mapFn, reduceFn, { out: \"totals\" })"),
    ("javascript", "db.createUser(\n   {\n     user: \"reportsUser\",\n     pwd: passwordPrompt(),  // or cleartext password\n     roles: [ { role: \"read\", db: \"reporting\" } ]\n   }\n)"),
    ("javascript", "db.c.find( { name: { $regex: /^acme.*corp/, $options: 'i' } } )\ndb.c.find( { qty: { $gt: 20 } } ).limit(5).sort( { qty: 1 } )"),
    ("javascript", "for (let i = 0; i < 100; i++) {\n   db.test.insertOne( { x: i, even: i % 2 === 0 } )\n}\nif (typeof x === 'undefined' || x == null) { print('none') }"),
    ("javascript", "use reporting\nshow collections\nrs.status()\nsh.enableSharding(\"test\")"),
    ("javascript", "const { MongoClient } = require('mongodb');\nconst uri = \"mongodb://localhost:27017\";\nconst client = new MongoClient(uri);\n/*\n * Multi-line comment\n */"),
    ("javascript", "db.runCommand( { createIndexes: \"orders\", indexes: [ { key: { a: 1 }, name: \"a_1\" } ] } )"),
    ("javascript", "db.c.aggregate([\n  { $project: { total: { $add: [ \"$a\", \"$b\" ] }, ratio: { $divide: [ \"$a\", 2 ] } } }\n])"),
    ("json", "{\n  \"_id\": { \"$oid\": \"5f2a1b\" },\n  \"name\": \"Ann\",\n  \"scores\": [ 1, 2.5, -3e2 ],\n  \"active\": true,\n  \"meta\": null\n}"),
    ("json", "[\n  { \"a\": 1, \"b\": { \"c\": [ \"d\", \"e\" ] } },\n  { \"a\": 2 }\n]"),
];

/// The share of non-space characters whose kind the two paths agree on.
fn agreement(blocks: &[(&str, &str)]) -> (usize, usize, Vec<String>) {
    let (mut same, mut all, mut diffs) = (0, 0, Vec::new());
    for (lang, code) in blocks {
        let fast = highlight(code, lang_for(lang).expect("fast path"));
        let slow = syntect(code, lang);
        for (f, s) in fast.iter().zip(&slow) {
            let (kf, ks) = (kinds(f), kinds(s));
            assert_eq!(kf.len(), ks.len(), "{f}\n{s}");
            let mut bad = false;
            for (a, b) in kf.iter().zip(&ks) {
                if !a.0.is_whitespace() {
                    all += 1;
                    if a.1 == b.1 {
                        same += 1;
                    } else {
                        bad = true;
                        if std::env::var_os("JSLEX_PAIRS").is_some() {
                            eprintln!("PAIR {}{}", a.1, b.1);
                        }
                    }
                }
            }
            if bad && diffs.len() < 2000 {
                diffs.push(format!("fast: {f}\nslow: {s}"));
            }
        }
    }
    (same, all, diffs)
}

#[test]
fn javascript_and_json_languages_take_the_fast_path() {
    for l in [
        "js",
        "JavaScript",
        "node",
        "nodejs",
        "mongosh",
        "typescript",
        "ts",
    ] {
        assert_eq!(lang_for(l), Some(Lang::JavaScript), "{l}");
    }
    for l in ["json", "json5", "jsonc"] {
        assert_eq!(lang_for(l), Some(Lang::Json), "{l}");
    }
    for l in ["python", "shell", "java", "text", ""] {
        assert_eq!(lang_for(l), None, "{l}");
    }
    // syntect leaves this `await` plain, the lexer makes it a keyword:
    // the public entry point gives the lexer's reading.
    let code = "const result = await coll.insertOne({});";
    let fast = js(code);
    assert_ne!(fast, syntect(code, "mongosh"));
    let shared = super::super::highlight_lines(code, "mongosh").expect("highlighted");
    assert_eq!(shared, fast);
    // Languages without a lexer of their own keep syntect.
    let java = "public class A { int x = 1; }";
    assert_eq!(
        super::super::highlight_lines(java, "java").expect("highlighted"),
        syntect(java, "java")
    );
}

#[test]
fn agrees_with_syntect_on_representative_snippets() {
    let (same, all, diffs) = agreement(SNIPPETS);
    let share = same as f64 / all as f64;
    println!("{same}/{all} agree\n{}", diffs.join("\n"));
    assert!(share >= 0.95, "{same}/{all}\n{}", diffs.join("\n"));
}

/// The agreement on the 2021 Manual's `javascript`/`js`/`json` code
/// blocks (under `PROCDOC_CORPUS`; prints the time of both paths, the
/// share, and a few differences; `JSLEX_PAIRS=1` also prints each
/// differing character's kinds, lexer then syntect, to count them):
/// `cargo test --release --lib corpus_agreement -- --ignored --nocapture`.
#[test]
#[ignore]
fn corpus_agreement() {
    let Ok(root) = std::env::var("PROCDOC_CORPUS") else {
        return;
    };
    let mut blocks = manual_blocks(&root, &|l| lang_for(l).is_some());
    blocks.sort();
    let refs: Vec<(&str, &str)> = blocks
        .iter()
        .map(|(l, c)| (l.as_str(), c.as_str()))
        .collect();
    let t = std::time::Instant::now();
    for (lang, code) in &refs {
        std::hint::black_box(highlight(code, lang_for(lang).expect("fast path")));
    }
    let fast = t.elapsed();
    let t = std::time::Instant::now();
    for (lang, code) in &refs {
        std::hint::black_box(syntect(code, lang));
    }
    let slow = t.elapsed();
    let bytes: usize = refs.iter().map(|(_, c)| c.len()).sum();
    println!("{bytes} bytes: lexer {fast:?}, syntect {slow:?}");
    let (same, all, diffs) = agreement(&refs);
    println!(
        "{} blocks: {same}/{all} = {:.2}% agree",
        refs.len(),
        100.0 * same as f64 / all.max(1) as f64
    );
    for d in diffs.iter().take(60) {
        println!("{d}");
    }
}
