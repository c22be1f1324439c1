//! "Did you mean …?" suggestions for misspelled names.

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        if score > 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_near_names_only() {
        let c = ["qe-aws-create-master-key", "csfle-tutorial"];
        assert_eq!(
            super::did_you_mean("qe-aws-create-master-kye", c.iter().copied()).as_deref(),
            Some("qe-aws-create-master-key")
        );
        assert_eq!(super::did_you_mean("zzz", c.iter().copied()), None);
    }
}
