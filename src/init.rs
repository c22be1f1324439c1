//! `procdoc init [DIR]`: writes a minimal docs project, like `mdbook init`:
//! a `procdoc.toml` with one constant and one `[[snippets]]` rule, one
//! procedure page that uses the constant, and one IAM policy that the page
//! literalincludes. Never overwrites a file; the project builds with
//! `--deny-warnings` and passes `procdoc test` as created.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files of a new project: (path relative to DIR, contents).
pub const FILES: &[(&str, &str)] = &[
    (
        "procdoc.toml",
        r#"# procdoc configuration: see the README's Configuration section.

[project]
title = "My tutorials"
source = "source"              # pages live here
exclude = ["includes/**"]      # fragments that are not pages

[constants]                    # use as {+name+} in pages
service = "AWS KMS"

# The policy below must be a valid IAM identity policy granting exactly
# these actions (checked by `procdoc test`).
[[snippets]]
match = "includes/**/*-policy.json"
schema = "aws-iam-identity-policy"
actions = ["kms:Encrypt", "kms:Decrypt"]
"#,
    ),
    (
        "source/index.rst",
        r#".. _grant-key-access:

======================================
Grant Access to Your {+service+} Key
======================================

This tutorial lets an application encrypt and decrypt with a
{+service+} key, and nothing more.

.. procedure::
   :style: normal

   .. step:: Create the policy

      Create an identity policy with the following content:

      .. literalinclude:: /includes/key-user-policy.json
         :language: json

   .. step:: Attach the policy

      Attach the policy to the user or role your application runs as.

      .. note::

         Grant only the actions the application needs.
"#,
    ),
    (
        "includes/key-user-policy.json",
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Encrypt", "kms:Decrypt"],
      "Resource": "<the ARN of your key>"
    }
  ]
}
"#,
    ),
];

/// Runs `procdoc init DIR`. Exit status 2 when a file exists already or
/// cannot be written; nothing is written then.
pub fn run(dir: PathBuf) -> ExitCode {
    match create(&dir) {
        Ok(written) => {
            if !crate::cli::quiet() {
                for f in &written {
                    eprintln!("created {}", f.display());
                }
                eprintln!(
                    "next: cd {} && procdoc build && procdoc test && procdoc serve",
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Writes the project into `dir`; refuses (writing nothing) if any of its
/// files, or a config, exists already.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut existing: Vec<PathBuf> = FILES
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .chain(procdoc::project::CONFIG_FILES.iter().map(|f| dir.join(f)))
        .filter(|p| p.exists() || p.is_symlink())
        .collect();
    existing.dedup();
    if !existing.is_empty() {
        let list: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "refusing to overwrite existing file(s): {}\n  help: run `procdoc init` in an empty folder, or `procdoc init NEW_DIR`",
            list.join(", ")
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // create_new: a file that appeared since the check is not replaced.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
