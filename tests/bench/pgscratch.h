// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/databaseuri.h"

namespace tier::bench {

/// A fresh PostgreSQL database for one bench run: created with CREATE DATABASE on the server the
/// given URI points at (its own database is only used for the administrative connection, never
/// written), dropped again (WITH FORCE) on destruction, so the user's data is never touched.
class PgScratch final
{
public:
    explicit PgScratch(DatabaseUri server) : m_server(std::move(server)) {}
    ~PgScratch();
    PgScratch(const PgScratch &) = delete;
    PgScratch &operator=(const PgScratch &) = delete;

    /// Creates the database `tm_bench_<pid>_<n>`; uri() is then where to open it.
    Status create();
    const DatabaseUri &uri() const { return m_uri; }

private:
    QString admin(const QString &sql) const; ///< empty when it ran, else the error

    DatabaseUri m_server;
    DatabaseUri m_uri;
    bool m_created = false;
};

} // namespace tier::bench
