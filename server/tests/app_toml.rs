//! `shopify.app.toml` declares what the server serves: every webhook topic it
//! handles at its relative URI, the one scope, its pinned API version.

use checkout_guard_server::shopify::ADMIN_API_VERSION;
use checkout_guard_server::webhooks::Topic;

#[test]
fn the_app_toml_matches_the_server() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shopify.app.toml")).unwrap();
    let toml: toml::Table = text.parse().unwrap();
    assert_eq!(
        toml["access_scopes"]["scopes"].as_str(),
        Some("write_validations"),
        "one scope, as the privacy policy says"
    );
    assert_eq!(toml["webhooks"]["api_version"].as_str(), Some(ADMIN_API_VERSION));
    let url = toml["application_url"].as_str().unwrap();
    assert!(url.starts_with("https://") && !url.contains("shopify.dev"), "{url}");
    let mut subscribed = Vec::new();
    for sub in toml["webhooks"]["subscriptions"].as_array().unwrap() {
        assert_eq!(sub["uri"].as_str(), Some("/webhooks"), "{sub}");
        for key in ["topics", "compliance_topics"] {
            for topic in sub.get(key).and_then(|t| t.as_array()).into_iter().flatten() {
                subscribed.push(topic.as_str().unwrap().to_string());
            }
        }
    }
    subscribed.sort();
    let mut handled: Vec<String> = Topic::ALL.iter().map(|t| t.name().to_string()).collect();
    handled.sort();
    assert_eq!(subscribed, handled);
}
