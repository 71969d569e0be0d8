// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/schema.h"

// Portability rules for every statement here (SQLite now, PostgreSQL through QPSQL later):
// - types: INTEGER (32-bit values and 0/1 booleans, bound as int), BIGINT (ms timestamps,
//   revisions), TEXT, {BLOB} (BLOB / BYTEA); no SQLite-only affinities or AUTOINCREMENT;
// - keys are natural (network ID as 16 lower-case hex digits, member address as 10), so no
//   sequence or rowid is needed; hex text sorts like the numbers and needs no unsigned 64-bit type;
// - upserts use INSERT … ON CONFLICT (…) DO UPDATE, never INSERT OR REPLACE (which would also
//   delete the row and fire cascades);
// - JSON documents (rules, tags, capabilities…) are TEXT, parsed by the engine, not by SQL;
// - foreign keys cascade, so deleting a network removes everything that belongs to it.

namespace tier {

namespace {

// One function per schema version, listed in buildMigrations().
Migration controllerSchema()
{
    return Migration{
        1,
        QStringLiteral("controller schema: settings, identity, networks, pools, routes, members, IPs, status"),
        {
            QStringLiteral("CREATE TABLE schema_migrations ("
                           " version INTEGER NOT NULL PRIMARY KEY,"
                           " description TEXT NOT NULL,"
                           " applied_at BIGINT NOT NULL)"),

            QStringLiteral("CREATE TABLE settings ("
                           " name TEXT NOT NULL PRIMARY KEY,"
                           " value TEXT NOT NULL)"),

            // Exactly one row: the controller's own identity, secret included. It lives in the
            // database (not in a loose file) so that one backup restores every network ID.
            QStringLiteral("CREATE TABLE controller_identity ("
                           " id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),"
                           " address TEXT NOT NULL CHECK (length(address) = 10),"
                           " identity_secret TEXT NOT NULL,"
                           " identity_public TEXT NOT NULL,"
                           " created_at BIGINT NOT NULL)"),

            QStringLiteral("CREATE TABLE networks ("
                           " id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 16),"
                           " name TEXT NOT NULL DEFAULT '',"
                           " is_private INTEGER NOT NULL DEFAULT 1,"
                           " enable_broadcast INTEGER NOT NULL DEFAULT 1,"
                           " multicast_limit INTEGER NOT NULL DEFAULT 32,"
                           " mtu INTEGER NOT NULL DEFAULT 2800,"
                           " v4_assign_zt INTEGER NOT NULL DEFAULT 0,"
                           " v6_assign_rfc4193 INTEGER NOT NULL DEFAULT 0,"
                           " v6_assign_zt INTEGER NOT NULL DEFAULT 0,"
                           " v6_assign_6plane INTEGER NOT NULL DEFAULT 0,"
                           " rules_json TEXT NOT NULL"
                           "  DEFAULT '[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]',"
                           " rules_source TEXT NOT NULL DEFAULT '',"
                           " capabilities_json TEXT NOT NULL DEFAULT '[]',"
                           " tags_json TEXT NOT NULL DEFAULT '[]',"
                           " auth_tokens_json TEXT NOT NULL DEFAULT '{}',"
                           " dns_domain TEXT NOT NULL DEFAULT '',"
                           " dns_servers_json TEXT NOT NULL DEFAULT '[]',"
                           " remote_trace_target TEXT NULL,"
                           " remote_trace_level INTEGER NOT NULL DEFAULT 0,"
                           " sso_enabled INTEGER NOT NULL DEFAULT 0,"
                           " sso_client_id TEXT NOT NULL DEFAULT '',"
                           " sso_authorization_endpoint TEXT NOT NULL DEFAULT '',"
                           " certificate_timeout_window BIGINT NULL,"
                           " creation_time BIGINT NOT NULL,"
                           " revision BIGINT NOT NULL DEFAULT 0,"
                           " last_modified BIGINT NOT NULL)"),

            // Ranges are kept in the order the user gave them (position), addresses as
            // normalised text (InetAddress::toIpString()).
            QStringLiteral("CREATE TABLE ip_pools ("
                           " network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,"
                           " position INTEGER NOT NULL,"
                           " range_start TEXT NOT NULL,"
                           " range_end TEXT NOT NULL,"
                           " ip_version INTEGER NOT NULL CHECK (ip_version IN (4, 6)),"
                           " PRIMARY KEY (network_id, position))"),

            QStringLiteral("CREATE TABLE routes ("
                           " network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,"
                           " position INTEGER NOT NULL,"
                           " target TEXT NOT NULL,"
                           " target_bits INTEGER NOT NULL,"
                           " via TEXT NULL,"
                           " flags INTEGER NOT NULL DEFAULT 0,"
                           " metric INTEGER NOT NULL DEFAULT 0,"
                           " ip_version INTEGER NOT NULL CHECK (ip_version IN (4, 6)),"
                           " PRIMARY KEY (network_id, position))"),

            // identity: public text form, NULL until the member's first request (pre-authorised
            // members are created before the node ever asks); pinned once set.
            QStringLiteral("CREATE TABLE members ("
                           " network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,"
                           " address TEXT NOT NULL CHECK (length(address) = 10),"
                           " identity TEXT NULL,"
                           " authorized INTEGER NOT NULL DEFAULT 0,"
                           " active_bridge INTEGER NOT NULL DEFAULT 0,"
                           " no_auto_assign_ips INTEGER NOT NULL DEFAULT 0,"
                           " name TEXT NULL,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " tags_json TEXT NOT NULL DEFAULT '[]',"
                           " capabilities_json TEXT NOT NULL DEFAULT '[]',"
                           " creation_time BIGINT NOT NULL,"
                           " revision BIGINT NOT NULL DEFAULT 0,"
                           " last_authorized_time BIGINT NOT NULL DEFAULT 0,"
                           " last_deauthorized_time BIGINT NOT NULL DEFAULT 0,"
                           " last_authorized_credential_type TEXT NULL,"
                           " last_authorized_credential TEXT NULL,"
                           " authentication_expiry_time BIGINT NOT NULL DEFAULT 0,"
                           " sso_exempt INTEGER NOT NULL DEFAULT 0,"
                           " v_major INTEGER NOT NULL DEFAULT -1,"
                           " v_minor INTEGER NOT NULL DEFAULT -1,"
                           " v_rev INTEGER NOT NULL DEFAULT -1,"
                           " v_proto INTEGER NOT NULL DEFAULT -1,"
                           " remote_trace_target TEXT NULL,"
                           " remote_trace_level INTEGER NOT NULL DEFAULT 0,"
                           " last_modified BIGINT NOT NULL,"
                           " PRIMARY KEY (network_id, address))"),
            QStringLiteral("CREATE INDEX members_by_authorized ON members (network_id, authorized)"),

            // Not unique per network on purpose: the reference controller lets the API give two
            // members the same address, and imported data may do so; the allocator avoids it.
            QStringLiteral("CREATE TABLE member_ips ("
                           " network_id TEXT NOT NULL,"
                           " address TEXT NOT NULL,"
                           " ip TEXT NOT NULL,"
                           " ip_version INTEGER NOT NULL CHECK (ip_version IN (4, 6)),"
                           " PRIMARY KEY (network_id, address, ip),"
                           " FOREIGN KEY (network_id, address) REFERENCES members (network_id, address)"
                           "  ON DELETE CASCADE)"),
            QStringLiteral("CREATE INDEX member_ips_by_ip ON member_ips (network_id, ip)"),

            // Live status, kept in memory by the engine and flushed here in batches; separate from
            // members so that frequent status writes never bump a member's revision.
            QStringLiteral("CREATE TABLE member_status ("
                           " network_id TEXT NOT NULL,"
                           " address TEXT NOT NULL,"
                           " last_seen BIGINT NOT NULL DEFAULT 0,"
                           " last_request_time BIGINT NOT NULL DEFAULT 0,"
                           " physical_address TEXT NULL,"
                           " client_version TEXT NULL,"
                           " request_count BIGINT NOT NULL DEFAULT 0,"
                           " last_request_metadata {BLOB} NULL,"
                           " PRIMARY KEY (network_id, address),"
                           " FOREIGN KEY (network_id, address) REFERENCES members (network_id, address)"
                           "  ON DELETE CASCADE)"),
        },
    };
}

// Controller engine: validated peer identities, live-status details, assignment order.
Migration controllerEngine()
{
    return Migration{
        2,
        QStringLiteral("controller engine: peer identities, member status history and versions, IP order"),
        {
            // Identities the node validated once (memory-hard hash); public text form only.
            QStringLiteral("CREATE TABLE peer_identities ("
                           " address TEXT NOT NULL PRIMARY KEY CHECK (length(address) = 10),"
                           " identity TEXT NOT NULL,"
                           " first_seen BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral("ALTER TABLE member_status ADD COLUMN protocol_version INTEGER NOT NULL DEFAULT -1"),
            QStringLiteral("ALTER TABLE member_status ADD COLUMN v_major INTEGER NOT NULL DEFAULT -1"),
            QStringLiteral("ALTER TABLE member_status ADD COLUMN v_minor INTEGER NOT NULL DEFAULT -1"),
            QStringLiteral("ALTER TABLE member_status ADD COLUMN v_rev INTEGER NOT NULL DEFAULT -1"),
            // JSON array, newest first, a handful of entries.
            QStringLiteral("ALTER TABLE member_status ADD COLUMN recent_history TEXT NOT NULL DEFAULT '[]'"),
            QStringLiteral("CREATE INDEX member_status_by_request ON member_status (network_id, last_request_time)"),
            // Managed IPs keep the order the user gave them (the reference sends them in record order).
            QStringLiteral("ALTER TABLE member_ips ADD COLUMN position INTEGER NOT NULL DEFAULT 0"),
        },
    };
}

// Planets and moons this controller makes (issue 15): one of each at most. The update key's
// secret is what lets later versions replace the first one on every member, so it lives here
// beside the controller identity: in the database and its backups, never in exported files.
Migration ownWorlds()
{
    return Migration{
        3,
        QStringLiteral("own worlds: planet/moon made by this controller and its world-update key"),
        {
            QStringLiteral("CREATE TABLE own_worlds ("
                           " world_type INTEGER NOT NULL PRIMARY KEY CHECK (world_type IN (1, 127)),"
                           " world_id TEXT NOT NULL CHECK (length(world_id) = 16),"
                           " update_key_public TEXT NOT NULL CHECK (length(update_key_public) = 128),"
                           " update_key_secret TEXT NOT NULL CHECK (length(update_key_secret) = 128),"
                           " last_world {BLOB} NOT NULL,"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL)"),
        },
    };
}

// The window: a member's recent changes (authorization, managed IPs) and who made them.
Migration memberEvents()
{
    return Migration{
        4,
        QStringLiteral("member change history (authorized, deauthorized, IP changes; by window, API, import)"),
        {
            // A handful of rows per member (MemberEventRepository keeps the newest); gone with the member.
            QStringLiteral("CREATE TABLE member_events ("
                           " network_id TEXT NOT NULL,"
                           " address TEXT NOT NULL,"
                           " time BIGINT NOT NULL,"
                           " seq INTEGER NOT NULL DEFAULT 0,"
                           " kind TEXT NOT NULL,"
                           " source TEXT NOT NULL,"
                           " detail TEXT NOT NULL DEFAULT '',"
                           " PRIMARY KEY (network_id, address, time, seq),"
                           " FOREIGN KEY (network_id, address) REFERENCES members (network_id, address)"
                           "  ON DELETE CASCADE)"),
        },
    };
}

// The window's activity chart: per network, the most members online and the config requests,
// folded into five-minute buckets and kept for a day (NetworkActivityRepository).
Migration networkActivity()
{
    return Migration{
        5,
        QStringLiteral("network activity for the window's chart (online members, config requests; one day)"),
        {
            QStringLiteral("CREATE TABLE network_activity ("
                           " network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,"
                           " bucket BIGINT NOT NULL,"
                           " online_max INTEGER NOT NULL DEFAULT 0,"
                           " requests BIGINT NOT NULL DEFAULT 0,"
                           " minutes INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (network_id, bucket))"),
            QStringLiteral("CREATE INDEX network_activity_by_bucket ON network_activity (bucket)"),
        },
    };
}

// A network's free-text description (issue 13), beside its name; the reference's network objects have
// none, so the empty default is also what every older network and every import without one gets.
Migration networkDescription()
{
    return Migration{
        6,
        QStringLiteral("network description (free text beside the name)"),
        {
            QStringLiteral("ALTER TABLE networks ADD COLUMN description TEXT NOT NULL DEFAULT ''"),
        },
    };
}

QList<Migration> buildMigrations()
{
    return {controllerSchema(), controllerEngine(), ownWorlds(),
            memberEvents(),     networkActivity(),  networkDescription()};
}

} // namespace

const QList<Migration> &schemaMigrations()
{
    static const QList<Migration> migrations = buildMigrations();
    return migrations;
}

int latestSchemaVersion()
{
    return schemaMigrations().isEmpty() ? 0 : schemaMigrations().constLast().version;
}

} // namespace tier
