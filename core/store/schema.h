// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/sqldialect.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tier {

/// One forward step of the controller schema. Applied in its own transaction together with the
/// row in `schema_migrations` that records it, so a database is always exactly at some version.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements; ///< portable SQL; type placeholders resolved by sqlForDialect()
};

/// Every migration, ascending and without gaps, starting at 1. Later issues append; an applied
/// migration is never edited (databases in the field already carry it).
const QList<Migration> &schemaMigrations();
/// Highest version this build knows (the version of a freshly created database).
int latestSchemaVersion();

} // namespace tier
