// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasegenerator.h"

#include "core/crypto/primitives.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>

namespace tier::bench {

DatabaseGenerator::DatabaseGenerator(const Identity &controller, int networks, int members, int bigNetwork)
    : m_controller(controller), m_networks(std::max(1, networks)), m_members(std::max(0, members)),
      m_big(std::clamp(bigNetwork, 0, std::max(0, members))),
      m_filler(QString::fromLatin1(crypto::randomBytes(Identity::PublicKeyLength).toHex().mid(10)))
{
    if (m_networks == 1)
        m_big = m_members;
}

Identity DatabaseGenerator::identityFor(qint64 index) const
{
    const QString address = QStringLiteral("%1").arg(addressFor(index), 10, 16, QLatin1Char('0'));
    auto parsed = Identity::fromString(QStringLiteral("%1:0:%1%2").arg(address, m_filler));
    return parsed ? *parsed : Identity();
}

tier::Result<DatabaseGenerator::Result> DatabaseGenerator::write(const QString &path, const QList<RealMember> &real,
                                                                 bool pendingInBig)
{
    QElapsedTimer timer;
    timer.start();
    QFile::remove(path);
    Database db(QStringLiteral("bench-generator"));
    if (Status opened = db.open(DatabaseUri::sqliteFile(path)); !opened)
        return opened.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (Status saved = ControllerIdentityRepository(db).save(m_controller, now); !saved)
        return saved.error();
    const QString prefix = m_controller.address().toString();
    const qint64 others = std::max(1, m_networks - 1);

    Status written = db.transaction([&]() -> Status {
        auto step = [&](const QString &sql, const QVariantList &values) -> Status {
            auto q = db.exec(sql, values, QStringLiteral("generate"));
            return q ? Status(Ok{}) : Status(q.error());
        };
        if (Status s =
                step(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
                                    " INSERT INTO networks (id, name, is_private, v4_assign_zt, creation_time,"
                                    " revision, last_modified)"
                                    " SELECT ? || printf('%06x', i + 1), 'net-' || (i + 1), 1, 1, ?, 1, ? FROM n"),
                     {m_networks, prefix, now, now});
            !s)
            return s;
        if (Status s =
                step(QStringLiteral("INSERT INTO ip_pools (network_id, position, range_start, range_end, ip_version)"
                                    " SELECT id, 0, '10.0.0.1', '10.255.255.254', 4 FROM networks"),
                     QVariantList{});
            !s)
            return s;
        if (Status s =
                step(QStringLiteral("INSERT INTO routes (network_id, position, target, target_bits, via, flags,"
                                    " metric, ip_version) SELECT id, 0, '10.0.0.0', 8, NULL, 0, 0, 4 FROM networks"),
                     QVariantList{});
            !s)
            return s;
        if (m_members > 0) {
            // net: 0 = the big network, then the others in equal blocks; k: index inside the network.
            // Rows come in primary-key order (network, address), so the B-trees are appended to.
            const qint64 perNetwork = std::max<qint64>(1, (m_members - m_big + others - 1) / others);
            const QString cte = QStringLiteral(
                "WITH RECURSIVE m(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM m WHERE x + 1 < ?),"
                " p AS (SELECT x, CASE WHEN x < ? THEN 0 ELSE 1 + (x - ?) / ? END AS net,"
                " CASE WHEN x < ? THEN x ELSE (x - ?) % ? END AS k, printf('%010x', ? + x) AS a FROM m) ");
            const QVariantList cteValues{m_members, m_big, m_big,      perNetwork,
                                         m_big,     m_big, perNetwork, qint64(AddressBase)};
            QVariantList values = cteValues;
            values << prefix << m_filler << (pendingInBig ? 1 : 0) << m_big << now << now << now;
            if (Status s =
                    step(cte + QStringLiteral("INSERT INTO members (network_id, address, identity, authorized, name,"
                                              " creation_time, revision, last_authorized_time,"
                                              " last_authorized_credential_type, v_major, v_minor, v_rev, v_proto,"
                                              " last_modified)"
                                              " SELECT ? || printf('%06x', net + 1), a, a || ':0:' || a || ?,"
                                              " CASE WHEN ? = 1 AND x < ? AND x % 10 = 0 THEN 0 ELSE 1 END,"
                                              " 'node-' || x, ?, 1, ?, 'api', 1, 14, 1, 12, ? FROM p"),
                         values);
                !s)
                return s;
            values = cteValues;
            values << prefix;
            if (Status s = step(
                    cte + QStringLiteral("INSERT INTO member_ips (network_id, address, ip, ip_version, position)"
                                         " SELECT ? || printf('%06x', net + 1), a, printf('10.%d.%d.%d',"
                                         " ((k + 2) >> 16) & 255, ((k + 2) >> 8) & 255, (k + 2) & 255), 4, 0 FROM p"),
                    values);
                !s)
                return s;
        }
        for (const RealMember &r : real) {
            if (Status s =
                    step(QStringLiteral("INSERT INTO members (network_id, address, identity, authorized,"
                                        " creation_time, revision, last_modified) VALUES (?, ?, ?, ?, ?, 1, ?)"),
                         QVariantList{QString(prefix + QStringLiteral("000001")), r.identity.address().toString(),
                                      r.identity.publicOnly().toString(false), r.authorized ? 1 : 0, now, now});
                !s)
                return s;
        }
        return Ok{};
    });
    if (!written)
        return written.error();
    db.close();
    Result out;
    for (int i = 0; i < m_networks; ++i)
        out.networkIds.append((m_controller.address().toInt() << 24) | quint64(i + 1));
    out.members = m_members + real.size();
    out.seconds = double(timer.nsecsElapsed()) / 1e9;
    return out;
}

} // namespace tier::bench
