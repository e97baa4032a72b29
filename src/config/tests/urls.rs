use super::*;

#[test]
fn encodes_like_encode_uri_component() {
    // Expected values computed with JavaScript's encodeURIComponent.
    let cases = [
        ("abcXYZ019", "abcXYZ019"),
        ("-_.!~*'()", "-_.!~*'()"),
        ("a b", "a%20b"),
        ("x&param.evil=1", "x%26param.evil%3D1"),
        ("#?/:@;,+$", "%23%3F%2F%3A%40%3B%2C%2B%24"),
        ("100%", "100%25"),
        ("\"<>\\", "%22%3C%3E%5C"),
        ("é", "%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("🦀", "%F0%9F%A6%80"),
        ("\n\r\0", "%0A%0D%00"),
    ];
    for (input, expected) in cases {
        assert_eq!(encode_uri_component(input), expected, "{input:?}");
    }
}

#[test]
fn cleans_source_locations() {
    let cases = [
        // upstream's own fixture
        (
            "url:https://www.github.com/zombocom/zombocom/tree/main/",
            Some("https://www.github.com/zombocom/zombocom"),
        ),
        (
            "url:https://github.com/a/b/tree/main",
            Some("https://github.com/a/b"),
        ),
        (
            "url:https://github.com/a/b/tree/v1.2.3_rc-1/",
            Some("https://github.com/a/b"),
        ),
        // deeper paths and files point into the same repository
        (
            "url:https://github.com/a/b/tree/main/packages/app/",
            Some("https://github.com/a/b"),
        ),
        (
            "url:https://github.com/a/b/blob/master/catalog-info.yaml",
            Some("https://github.com/a/b"),
        ),
        // a repository literally named `tree`
        (
            "url:https://github.com/acme/tree/tree/main/",
            Some("https://github.com/acme/tree"),
        ),
        (
            "url:https://github.com/acme/tree",
            Some("https://github.com/acme/tree"),
        ),
        // GitLab, with subgroups
        (
            "url:https://gitlab.com/group/sub/proj/-/tree/main/src",
            Some("https://gitlab.com/group/sub/proj"),
        ),
        (
            "url:https://gitlab.com/g/p/-/blob/main/README.md",
            Some("https://gitlab.com/g/p"),
        ),
        // Azure DevOps keeps the branch in the query
        (
            "url:https://dev.azure.com/org/proj/_git/repo?path=/&version=GBmain",
            Some("https://dev.azure.com/org/proj/_git/repo"),
        ),
        (
            "url:https://github.com/a/b/",
            Some("https://github.com/a/b"),
        ),
        (
            "url:https://github.com/a/b#readme",
            Some("https://github.com/a/b"),
        ),
        // no `url:` type, or a legacy type
        (
            "https://github.com/a/b/tree/main",
            Some("https://github.com/a/b"),
        ),
        (
            "github:https://github.com/a/b",
            Some("https://github.com/a/b"),
        ),
        // http stays (internal forges), scheme and host are lower-cased
        (
            "url:http://gitea.internal:3000/a/b/",
            Some("http://gitea.internal:3000/a/b"),
        ),
        ("url:HTTPS://GitHub.com/A/B", Some("https://github.com/A/B")),
        (
            "  url:https://github.com/a/b  ",
            Some("https://github.com/a/b"),
        ),
        // refused
        ("url:javascript:alert(1)", None),
        ("url:git@github.com:a/b.git", None),
        ("url:ssh://git@github.com/a/b", None),
        ("url:https://user:token@github.com/a/b", None),
        ("url:file:///etc/passwd", None),
        ("url:./relative/path", None),
        ("url:https://github.com/a/b\"onclick=", None),
        ("url:https://github.com/a b", None),
        ("file:/some/dir/", None),
        ("", None),
    ];
    for (input, expected) in cases {
        assert_eq!(clean_repo_url(input).as_deref(), expected, "{input:?}");
    }
}

#[test]
fn parse_web_url_reports_parts() {
    let url = parse_web_url("https://Coder.Example.com:8443/a/b/?q#f").unwrap();
    assert_eq!(url.scheme, "https");
    assert_eq!(url.authority, "coder.example.com:8443");
    assert_eq!(url.path, "/a/b/");
    assert!(url.had_query_or_fragment);
    assert_eq!(
        url.to_string_trimmed(),
        "https://coder.example.com:8443/a/b"
    );
}

#[test]
fn url_problems_are_specific() {
    assert_eq!(
        parse_web_url("javascript:alert(1)"),
        Err(UrlProblem::Scheme)
    );
    assert_eq!(
        parse_web_url("coder.example.com"),
        Err(UrlProblem::MissingScheme)
    );
    assert_eq!(
        parse_web_url("//coder.example.com"),
        Err(UrlProblem::Relative)
    );
    assert_eq!(
        parse_web_url("https://a@b.com"),
        Err(UrlProblem::Credentials)
    );
    assert_eq!(parse_web_url("https://[zz]"), Err(UrlProblem::BadHost));
    assert_eq!(parse_web_url("https://a..b"), Err(UrlProblem::BadHost));
    assert_eq!(parse_web_url("https://b.com:0"), Err(UrlProblem::BadPort));
    assert_eq!(
        normalize_access_url("https://b.com?x"),
        Err(UrlProblem::QueryOrFragment)
    );
}
