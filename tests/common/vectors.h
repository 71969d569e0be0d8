// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Access to tests/data/vectors (real ZeroTier 1.14 data, see its README) for tests and benchmarks.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace tier::test {

/// Folder of the vectors (TIERMASTER_VECTORS_DIR from the environment, else the configured one).
QString vectorsDir();
/// Path of a file in the vectors folder.
QString vectorPath(const QString &name);
/// Raw bytes of a file in the vectors folder; empty (and a QTest failure message) if unreadable.
QByteArray readVectorFile(const QString &name);
/// A JSON file in the vectors folder as an object (fails the test via QFAIL-friendly empty object).
QJsonObject loadVectorJson(const QString &name);
/// Hex string from a JSON value as bytes.
QByteArray hexValue(const QJsonValue &value);

QString sourceDir();
QString binaryDir();

} // namespace tier::test
