//! Benchmarks of `procdoc test`: checking every snippet of a generated
//! project (snippets validated per second), and compiling the built-in
//! schemas.
//!
//! Run with `cargo bench --bench snippets`. The project is loaded and the
//! schemas compiled once, outside the timed loop, so `run` measures the
//! checks themselves: extraction, syntax, schema, policy lints and the
//! secret scan.

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

criterion_group!(benches, bench);
criterion_main!(benches);
