//! The directory: tenants, their agents (password, role, name) and queues, loaded from TOML.
//!
//! The built-in default is `gateway/directory.toml`, embedded at compile time; `--directory FILE`
//! loads another file of the same shape. Passwords are plain text because the directory is a demo
//! and test fixture, never a store of real credentials.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::sim::SimOverrides;

/// The directory compiled into the binary.
const BUILTIN: &str = include_str!("../directory.toml");

/// Why a directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The file could not be read.
    #[error("cannot read directory file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not TOML, or not the documented shape.
    #[error("directory is not valid TOML of the expected shape: {0}")]
    Parse(#[from] toml::de::Error),
    /// Valid TOML whose contents contradict each other.
    #[error("directory is inconsistent: {0}")]
    Invalid(String),
}

/// What an account may do. Supervisors get the supervisor commands in later issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A contact-center agent.
    Agent,
    /// A supervisor (monitors queues and agents).
    Supervisor,
}

impl Role {
    /// The wire string, as in the session key's `role` claim.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Supervisor => "supervisor",
        }
    }
}

/// One account of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Agent {
    /// The agent number, unique within the tenant.
    pub agent_no: String,
    /// Display name.
    pub name: String,
    /// Plain-text demo password.
    password: String,
    /// Agent or supervisor.
    pub role: Role,
}

impl Agent {
    /// True when `candidate` is this agent's password.
    ///
    /// Compares SHA-256 digests rather than the strings, so the time taken says nothing useful
    /// about how much of the password matched.
    pub fn check_password(&self, candidate: &str) -> bool {
        Sha256::digest(candidate.as_bytes()) == Sha256::digest(self.password.as_bytes())
    }
}

/// A queue and the agents that answer it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Queue {
    /// Queue id, unique within the tenant (e.g. `q-sales`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Agent numbers of the members.
    pub members: Vec<String>,
}

/// How the dialect faces name a tenant (docs/dialects.md §1 "Identities"): Voxsig's integer
/// `account_id` (seed 001) and Qubicle's 32-hex `account_id` (seed 000). Set in the file
/// (`voxsig_account_id`, `qubicle_account_id`), or derived from the tenant id so they are stable
/// across restarts and gateways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    /// Voxsig's account id.
    pub voxsig: i64,
    /// Qubicle's account id: 32 lowercase hex digits.
    pub qubicle: String,
}

impl Accounts {
    /// The ids derived from `tenant_id` when the file names none: SHA-256 of a per-dialect
    /// prefix and the id.
    fn derived(tenant_id: &str) -> Self {
        let digest = |prefix: &str| Sha256::digest(format!("{prefix}:{tenant_id}").as_bytes());
        let voxsig = digest("voxsig");
        let n = u32::from_be_bytes([voxsig[0], voxsig[1], voxsig[2], voxsig[3]]);
        // Positive, at most seven digits, like an account number a console shows.
        let voxsig = i64::from(n % 9_000_000) + 1_000_000;
        let qubicle = digest("qubicle")
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Self { voxsig, qubicle }
    }
}

/// One tenant: a contact center with its own agents and queues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    /// Tenant id (e.g. `t1`).
    pub id: String,
    /// Display name.
    pub name: String,
    agents: BTreeMap<String, Agent>,
    /// The tenant's queues, in file order.
    pub queues: Vec<Queue>,
    /// Its account ids in the dialects.
    pub accounts: Accounts,
}

impl Tenant {
    /// The agent with this number.
    pub fn agent(&self, agent_no: &str) -> Option<&Agent> {
        self.agents.get(agent_no)
    }

    /// All agents, ordered by agent number.
    pub fn agents(&self) -> impl Iterator<Item = &Agent> {
        self.agents.values()
    }

    /// The queue with this id.
    pub fn queue(&self, queue_id: &str) -> Option<&Queue> {
        self.queues.iter().find(|q| q.id == queue_id)
    }
}

/// Every tenant the gateway serves, and the simulator settings the file carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Directory {
    tenants: BTreeMap<String, Tenant>,
    sim: SimOverrides,
}

/// The file's shape, before the checks that [`Directory`] guarantees.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Simulator settings for runs with this directory (docs/gateway.md §9).
    #[serde(default)]
    sim: SimOverrides,
    tenants: Vec<TenantFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantFile {
    id: String,
    name: String,
    #[serde(default)]
    agents: Vec<Agent>,
    #[serde(default)]
    queues: Vec<Queue>,
    /// Voxsig's `account_id` of the tenant [default: derived from the id].
    voxsig_account_id: Option<i64>,
    /// Qubicle's `account_id` of the tenant, 32 hex digits [default: derived from the id].
    qubicle_account_id: Option<String>,
}

impl Directory {
    /// The directory embedded from `gateway/directory.toml`.
    pub fn builtin() -> Result<Self, DirectoryError> {
        Self::parse(BUILTIN)
    }

    /// Loads a directory file of the same shape as the built-in one.
    pub fn load(path: &Path) -> Result<Self, DirectoryError> {
        let text = std::fs::read_to_string(path).map_err(|source| DirectoryError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// Parses and checks directory TOML.
    pub fn parse(text: &str) -> Result<Self, DirectoryError> {
        let file: File = toml::from_str(text)?;
        file.sim
            .check()
            .map_err(|e| DirectoryError::Invalid(format!("[sim] talk_secs: {e}")))?;
        let mut tenants = BTreeMap::new();
        for t in file.tenants {
            if t.id.is_empty() {
                return Err(DirectoryError::Invalid("a tenant has an empty id".into()));
            }
            let mut agents = BTreeMap::new();
            for a in t.agents {
                if a.agent_no.is_empty() {
                    return Err(DirectoryError::Invalid(format!(
                        "tenant {}: empty agent_no",
                        t.id
                    )));
                }
                let no = a.agent_no.clone();
                if agents.insert(no.clone(), a).is_some() {
                    return Err(DirectoryError::Invalid(format!(
                        "tenant {}: agent {no} twice",
                        t.id
                    )));
                }
            }
            let mut queue_ids = std::collections::BTreeSet::new();
            for q in &t.queues {
                if !queue_ids.insert(q.id.as_str()) {
                    return Err(DirectoryError::Invalid(format!(
                        "tenant {}: queue {} twice",
                        t.id, q.id
                    )));
                }
                if let Some(m) = q.members.iter().find(|m| !agents.contains_key(*m)) {
                    return Err(DirectoryError::Invalid(format!(
                        "tenant {}: queue {} lists unknown agent {m}",
                        t.id, q.id
                    )));
                }
            }
            let derived = Accounts::derived(&t.id);
            let accounts = Accounts {
                voxsig: t.voxsig_account_id.unwrap_or(derived.voxsig),
                qubicle: t.qubicle_account_id.unwrap_or(derived.qubicle),
            };
            let hex = accounts.qubicle.len() == 32
                && accounts
                    .qubicle
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            if !hex || accounts.voxsig <= 0 {
                return Err(DirectoryError::Invalid(format!(
                    "tenant {}: qubicle_account_id must be 32 lowercase hex digits and voxsig_account_id positive",
                    t.id
                )));
            }
            let clash = tenants.values().find(|o: &&Tenant| {
                o.accounts.voxsig == accounts.voxsig || o.accounts.qubicle == accounts.qubicle
            });
            if let Some(other) = clash {
                return Err(DirectoryError::Invalid(format!(
                    "tenants {} and {} share a dialect account id",
                    other.id, t.id
                )));
            }
            let tenant = Tenant {
                id: t.id.clone(),
                name: t.name,
                agents,
                queues: t.queues,
                accounts,
            };
            if tenants.insert(t.id.clone(), tenant).is_some() {
                return Err(DirectoryError::Invalid(format!("tenant {} twice", t.id)));
            }
        }
        Ok(Self {
            tenants,
            sim: file.sim,
        })
    }

    /// The file's `[sim]` section (all unset when it has none).
    pub fn sim(&self) -> &SimOverrides {
        &self.sim
    }

    /// The tenant with this id.
    pub fn tenant(&self, tenant_id: &str) -> Option<&Tenant> {
        self.tenants.get(tenant_id)
    }

    /// The agent `agent_no` of tenant `tenant_id`.
    pub fn agent(&self, tenant_id: &str, agent_no: &str) -> Option<&Agent> {
        self.tenant(tenant_id)?.agent(agent_no)
    }

    /// All tenants, ordered by id.
    pub fn tenants(&self) -> impl Iterator<Item = &Tenant> {
        self.tenants.values()
    }

    /// The tenant whose Voxsig account id this is.
    pub fn by_voxsig_account(&self, account_id: i64) -> Option<&Tenant> {
        self.tenants
            .values()
            .find(|t| t.accounts.voxsig == account_id)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn builtin_directory_has_six_agents_a_supervisor_and_two_queues() {
        let d = Directory::builtin().unwrap();
        let t1 = d.tenant("t1").unwrap();
        assert_eq!(t1.name, "Demo Contact Center");
        let agents: Vec<_> = t1
            .agents()
            .filter(|a| a.role == Role::Agent)
            .map(|a| a.agent_no.as_str())
            .collect();
        assert_eq!(agents, ["0001", "0002", "0003", "0004", "0005", "0006"]);
        assert_eq!(t1.agent("9001").unwrap().role, Role::Supervisor);
        assert_eq!(t1.queues.len(), 2);
        assert!(t1.agent("0001").unwrap().check_password("demo"));
        assert!(!t1.agent("0001").unwrap().check_password("Demo"));
    }

    #[test]
    fn test_fixture_has_two_tenants_kept_apart() {
        let text = include_str!("../tests/fixtures/test-directory.toml");
        let d = Directory::parse(text).unwrap();
        // 1001–1046, 1061–1062, 1068–1069, 1071–1074 (the preflight's), 9001–9002.
        assert_eq!(d.tenant("t1").unwrap().agents().count(), 56);
        assert_eq!(d.agent("t1", "9002").unwrap().role, Role::Supervisor);
        assert_eq!(d.sim().bots, Some(false));
        assert_eq!(d.tenant("t2").unwrap().agents().count(), 5);
        assert!(d.agent("t1", "2001").is_none());
        assert!(d.agent("t2", "1001").is_none());
        assert!(d.agent("t1", "1046").unwrap().check_password("test"));
    }

    #[test]
    fn dialect_accounts_come_from_the_file_or_from_the_tenant_id() {
        let text = include_str!("../tests/fixtures/test-directory.toml");
        let d = Directory::parse(text).unwrap();
        let t1 = &d.tenant("t1").unwrap().accounts;
        assert_eq!(
            (t1.voxsig, t1.qubicle.as_str()),
            (1, "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4")
        );
        assert_eq!(d.by_voxsig_account(2).map(|t| t.id.as_str()), Some("t2"));
        let builtin = Directory::builtin().unwrap();
        let derived = &builtin.tenant("t1").unwrap().accounts;
        assert_eq!(derived, &Accounts::derived("t1"), "stable across loads");
        assert_eq!(derived.qubicle.len(), 32);
        assert!((1_000_000..10_000_000).contains(&derived.voxsig));
        let clash = r#"
            [[tenants]]
            id = "a"
            name = "A"
            voxsig_account_id = 5
            [[tenants]]
            id = "b"
            name = "B"
            voxsig_account_id = 5
        "#;
        assert!(Directory::parse(clash)
            .unwrap_err()
            .to_string()
            .contains("share"));
        let bad = "[[tenants]]\nid = \"a\"\nname = \"A\"\nqubicle_account_id = \"XYZ\"\n";
        assert!(matches!(
            Directory::parse(bad),
            Err(DirectoryError::Invalid(_))
        ));
    }

    #[test]
    fn queue_naming_an_unknown_agent_is_refused() {
        let text = r#"
            [[tenants]]
            id = "t"
            name = "T"
            agents = [{ agent_no = "1", name = "A", password = "p", role = "agent" }]
            queues = [{ id = "q", name = "Q", members = ["1", "2"] }]
        "#;
        let err = Directory::parse(text).unwrap_err();
        assert!(err.to_string().contains("unknown agent 2"), "{err}");
    }

    #[test]
    fn duplicate_agent_and_unknown_role_are_refused() {
        let dup = r#"
            [[tenants]]
            id = "t"
            name = "T"
            agents = [{ agent_no = "1", name = "A", password = "p", role = "agent" },
                      { agent_no = "1", name = "B", password = "p", role = "agent" }]
        "#;
        assert!(matches!(
            Directory::parse(dup),
            Err(DirectoryError::Invalid(_))
        ));
        let role = r#"
            [[tenants]]
            id = "t"
            name = "T"
            agents = [{ agent_no = "1", name = "A", password = "p", role = "admin" }]
        "#;
        assert!(matches!(
            Directory::parse(role),
            Err(DirectoryError::Parse(_))
        ));
    }
}
