//! Benchmarks of `procdoc test`: checking every snippet of a generated
//! project (snippets validated per second), and compiling the built-in
//! schemas.
//!
//! Run with `cargo bench --bench snippets`. The project is loaded and the
//! schemas compiled once, outside the timed loop, so `run` measures the
//! checks themselves: extraction, syntax, schema, policy lints and the
//! secret scan. `realistic-mix` is the issue-12 figure (goal: 20,000
//! snippets/s): the policies docs really publish (identity, trust, key,
//! read-only managed-style, condition-narrowed, data-perimeter Deny, and a
//! large managed policy with hundreds of findings now and then), measured
//! both for the checks alone and end to end (load the project from disk,
//! parse every page, check every snippet).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use procdoc::project::Project;
use procdoc::site::load_site;
use procdoc::snippets::schemas::SchemaSet;
use std::path::Path;

/// Pages in the generated project.
const PAGES: usize = 200;
/// JSON snippets per page.
const PER_PAGE: usize = 5;

/// Writes a project of `pages` pages, each with five JSON snippets of its
/// own (so none is merged with another page's): a literalincluded identity
/// policy under a pinned `[[snippets]]` rule, an inline JSONC identity policy
/// in a list, AWS credentials with placeholders, a key policy (resource
/// policy, detected by shape) and an AWS master key. Each page also has a
/// Python block, scanned for secrets.
pub fn generate_project(dir: &Path, pages: usize) {
    std::fs::create_dir_all(dir.join("source")).unwrap();
    std::fs::create_dir_all(dir.join("includes/policies")).unwrap();
    std::fs::write(
        dir.join("procdoc.toml"),
        "[project]\ntitle = \"Generated snippets\"\n\n[[snippets]]\nmatch = \"includes/policies/*.json\"\nschema = \"aws-iam-identity-policy\"\nactions = [\"kms:Encrypt\", \"kms:Decrypt\"]\n",
    )
    .unwrap();
    for i in 0..pages {
        let key = format!("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-{i:012}");
        std::fs::write(
            dir.join(format!("includes/policies/policy-{i:04}.json")),
            format!(
                "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"UseKey{i}\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"kms:Decrypt\", \"kms:Encrypt\"],\n      \"Resource\": \"{key}\"\n    }}\n  ]\n}}\n"
            ),
        )
        .unwrap();
        let page = format!(
            r#"=========
Page {i}
=========

.. literalinclude:: /includes/policies/policy-{i:04}.json
   :language: json

#. Write the policy:

   .. note::

      .. code-block:: jsonc

         {{
           // page {i}
           "Version": "2012-10-17",
           "Statement": {{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt",], "Resource": "{key}"}},
         }}

#. Give the application its credentials:

   .. code-block:: json

      {{
        "accessKeyId": "<temporary access key ID {i}>",
        "secretAccessKey": "<temporary secret access key>",
        "sessionToken": "<temporary session token>"
      }}

   .. code-block:: python

      kms_providers = {{"aws": {{"accessKeyId": "<access key ID>", "secretAccessKey": "<secret access key>"}}}}

#. The key policy:

   .. code-block:: json

      {{
        "Version": "2012-10-17",
        "Id": "key-policy-{i}",
        "Statement": [
          {{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}},
            "Action": "kms:*",
            "Resource": "*"
          }},
          {{
            "Sid": "Allow use of the key",
            "Effect": "Allow",
            "Principal": {{"AWS": "arn:aws:iam::111122223333:user/app-{i}"}},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
            "Resource": "*"
          }}
        ]
      }}

#. The master key:

   .. code-block:: json

      {{"region": "us-east-1", "key": "{key}"}}
"#
        );
        std::fs::write(dir.join(format!("source/page-{i:04}.rst")), page).unwrap();
    }
}

/// Pages of the realistic mix, and JSON snippets per page.
const MIX_PAGES: usize = 400;
const MIX_PER_PAGE: usize = 5;

/// A large managed-style policy: `statements` statements of 20 wildcard
/// actions each, on `Resource: "*"` (one finding per action).
fn large_policy(statements: usize) -> String {
    let services = ["ec2", "s3", "iam", "logs", "cloudwatch", "sqs"];
    let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    for s in 0..statements {
        let actions: Vec<String> = (0..20)
            .map(|a| format!("\"{}:Put{s}x{a}*\"", services[(s + a) % services.len()]))
            .collect();
        out.push_str(&format!(
            "    {{\n      \"Sid\": \"S{s}\",\n      \"Effect\": \"Allow\",\n      \"Action\": [{}],\n      \"Resource\": \"*\"\n    }}{}\n",
            actions.join(", "),
            if s + 1 == statements { "" } else { "," }
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

/// Writes the realistic mix: `pages` pages of five policies each, one in
/// fifty pages with a large (~20 KB, 200 findings) managed-style policy
/// instead of the read-only one.
pub fn generate_mix(dir: &Path, pages: usize) {
    std::fs::create_dir_all(dir.join("source")).unwrap();
    std::fs::create_dir_all(dir.join("includes")).unwrap();
    std::fs::write(
        dir.join("procdoc.toml"),
        "[project]\ntitle = \"Realistic mix\"\n\n[[snippets]]\nmatch = \"includes/allowed-*.json\"\nschema = \"aws-iam-identity-policy\"\nallow = [\"wildcard-action\", \"wildcard-resource\"]\nreason = \"AWS managed policies, shown as published\"\n",
    )
    .unwrap();
    let block = |json: &str| {
        let body: Vec<String> = json.lines().map(|l| format!("   {l}")).collect();
        format!(".. code-block:: json\n\n{}\n\n", body.join("\n"))
    };
    for i in 0..pages {
        let key = format!("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-{i:012}");
        let mut page = format!("=======\nPage {i}\n=======\n\n");
        page += &block(&format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\"Sid\": \"UseKey{i}\", \"Effect\": \"Allow\", \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\"], \"Resource\": \"{key}\"}},\n    {{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\"], \"Resource\": \"arn:aws:s3:::bucket-{i}/${{aws:username}}/*\"}}\n  ]\n}}"
        ));
        page += &block(&format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {{\"Sid\": \"Trust{i}\", \"Effect\": \"Allow\", \"Principal\": {{\"Service\": \"ec2.amazonaws.com\"}}, \"Action\": \"sts:AssumeRole\", \"Condition\": {{\"StringEquals\": {{\"aws:SourceAccount\": \"111122223333\"}}}}}}\n}}"
        ));
        page += &block(&format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\"Sid\": \"Enable IAM User Permissions\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"arn:aws:iam::111122223333:root\"}}, \"Action\": \"kms:*\", \"Resource\": \"*\"}},\n    {{\"Sid\": \"Allow use of the key\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"arn:aws:iam::111122223333:role/app-{i}\"}}, \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\", \"kms:DescribeKey\"], \"Resource\": \"*\"}}\n  ]\n}}"
        ));
        page += &block(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey\"], \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:ViaService\": \"s3.us-east-1.amazonaws.com\"}}},\n    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": [\"arn:aws:s3:::other\", \"arn:aws:s3:::other/*\"], \"Condition\": {\"StringNotEquals\": {\"aws:ResourceAccount\": \"111122223333\"}}}\n  ]\n}",
        );
        if i % 50 == 0 {
            std::fs::write(
                dir.join(format!("includes/allowed-{i:04}.json")),
                large_policy(10),
            )
            .unwrap();
            page +=
                &format!(".. literalinclude:: /includes/allowed-{i:04}.json\n   :language: json\n");
        } else {
            page += &block(
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"ec2:Describe*\", \"s3:Get*\", \"s3:List*\", \"cloudwatch:GetMetricData\", \"logs:Describe*\", \"iam:List*\", \"iam:Get*\"], \"Resource\": \"*\"}]\n}",
            );
        }
        std::fs::write(dir.join(format!("source/page-{i:04}.rst")), page).unwrap();
    }
}

fn bench_mix(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    generate_mix(dir.path(), MIX_PAGES);
    let (project, _) = Project::load(dir.path()).unwrap();
    let site = load_site(&project);
    let mut schemas = SchemaSet::builtin();
    let report = procdoc::snippets::run(&project, &site, &mut schemas);
    let snippets = MIX_PAGES * MIX_PER_PAGE;
    let summary = procdoc::snippets::report::summary(&report);
    // What the mix is: every snippet checked, none failing; warnings
    // (read-only families, narrowed Resource "*") and allowed findings.
    assert_eq!(report.results.len(), snippets, "{summary}");
    assert!(report.ok() && report.passed() == snippets, "{summary}");
    assert!(report.allowed() >= 200 * (MIX_PAGES / 50), "{summary}");
    let mut g = c.benchmark_group("test");
    g.sample_size(10);
    g.throughput(Throughput::Elements(snippets as u64));
    g.bench_function(format!("realistic-mix-{snippets}-snippets-run"), |b| {
        b.iter(|| procdoc::snippets::run(&project, &site, &mut schemas))
    });
    g.bench_function(
        format!("realistic-mix-{snippets}-snippets-end-to-end"),
        |b| {
            b.iter(|| {
                let (project, _) = Project::load(dir.path()).unwrap();
                let site = load_site(&project);
                procdoc::snippets::run(&project, &site, &mut schemas)
            })
        },
    );
    g.finish();

    // One large policy: every finding placed by one scan of the text.
    let large = large_policy(40);
    let value: serde_json::Value = serde_json::from_str(&large).unwrap();
    let findings = procdoc::snippets::lints::lint_identity_policy(&value, None);
    assert!(findings.len() >= 800, "{}", findings.len());
    let mut g = c.benchmark_group("locate");
    g.throughput(Throughput::Elements(findings.len() as u64));
    g.bench_function(format!("large-policy-{}-findings", findings.len()), |b| {
        b.iter(|| {
            let index = procdoc::snippets::locate::PositionIndex::new(&large, true);
            findings
                .iter()
                .map(|f| index.offset(&f.pointer))
                .sum::<usize>()
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("schemas");
    g.throughput(Throughput::Elements(
        procdoc::snippets::schemas::BUILTIN_NAMES.len() as u64,
    ));
    g.bench_function("compile-builtin", |b| b.iter(SchemaSet::builtin));
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    generate_project(dir.path(), PAGES);
    let (project, _) = Project::load(dir.path()).unwrap();
    let site = load_site(&project);
    let mut schemas = SchemaSet::builtin();
    // The project must be what it claims: every snippet checked and passing.
    let report = procdoc::snippets::run(&project, &site, &mut schemas);
    let snippets = PAGES * PER_PAGE;
    assert_eq!(
        report.results.len(),
        snippets,
        "{}",
        procdoc::snippets::report::summary(&report)
    );
    assert!(
        report.ok() && report.passed() == snippets,
        "{}",
        procdoc::snippets::report::summary(&report)
    );
    assert_eq!(report.other_blocks_scanned, PAGES);

    let mut g = c.benchmark_group("test");
    g.sample_size(20);
    g.throughput(Throughput::Elements(snippets as u64));
    g.bench_function(
        format!("generated-{PAGES}-pages-{snippets}-snippets"),
        |b| b.iter(|| procdoc::snippets::run(&project, &site, &mut schemas)),
    );
    g.finish();
}

criterion_group!(benches, bench, bench_mix);
criterion_main!(benches);
