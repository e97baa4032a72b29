//! The deployment's users: the signed-in demo user, the seed's other two
//! owners (`alice`, `bob`), and the stable ids of anyone a `--workspaces`
//! file names.

use serde_json::{json, Value};

use crate::ids::ORG_ID;

/// Username of the signed-in demo user (what `owner:me` means).
pub const DEMO_USERNAME: &str = "demo";

/// The demo user in Coder's `/api/v2/users/me` shape: a member, not an
/// admin (Coder lists only site-wide roles, and `member` is implied), so
/// she may act on her own workspaces only.
pub fn demo_user() -> Value {
    json!({
        "id": user_id(DEMO_USERNAME),
        "username": DEMO_USERNAME,
        "email": "demo@coder.example",
        "name": "Demo User",
        "avatar_url": "",
        "created_at": "2024-11-04T09:00:00.000Z",
        "updated_at": "2025-06-01T09:00:00.000Z",
        "last_seen_at": "2025-06-01T09:00:00.000Z",
        "status": "active",
        "login_type": "password",
        "theme_preference": "",
        "organization_ids": [ORG_ID],
        "roles": [],
    })
}

/// The user id of a username: fixed for the seed's three users, derived
/// from the name for anyone a `--workspaces` file names.
pub fn user_id(username: &str) -> String {
    let n: u64 = match username {
        DEMO_USERNAME => 1,
        "alice" => 2,
        "bob" => 3,
        _ => {
            // FNV-1a: stable across runs, unlike the std hasher.
            let hash = username.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            0x1_0000_0000 | (hash & 0xffff_ffff)
        }
    };
    format!("5e500000-0000-4000-8000-{n:012x}")
}
