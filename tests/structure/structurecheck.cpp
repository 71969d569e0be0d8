// SPDX-License-Identifier: GPL-3.0-or-later
// Checks the structure rules of docs/architecture.md on the source tree given as the only argument,
// prints every violation and exits non-zero if there is any:
//   1. SQL text naming one of our tables appears only in core/store (tables: CREATE TABLE in
//      core/store/schema.cpp; SQL text: a string literal with FROM/INTO/UPDATE/JOIN/TABLE before
//      the name; core/migrate/legacycontrollerreader.cpp reads a foreign schema and is exempt).
//   2. No production source file (core/, ui/, app/) is over 800 lines.
//   3. No function body there is over 150 lines (a brace-depth scan with comments and literals
//      removed: a body is a brace block opened at namespace or class level after a parameter list).
#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QTextStream>

namespace {

constexpr int MaxFileLines = 800;
constexpr int MaxFunctionLines = 150;
const QStringList kProductionFolders{QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")};
const QString kStoreFolder = QStringLiteral("core/store/");
const QSet<QString> kForeignSchemaReaders{QStringLiteral("core/migrate/legacycontrollerreader.cpp")};

struct Source
{
    QString path; // relative to the tree
    QString text;
};

/// The text with comments, string and character literals blanked (newlines kept, so line numbers
/// stay right); the string literals' contents are collected with their line numbers.
struct Scanned
{
    QString code;
    QList<QPair<int, QString>> strings;
};

Scanned scan(const QString &text)
{
    Scanned out;
    out.code.reserve(text.size());
    int line = 1;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto keep = [&](QChar c) {
        if (c == u'\n')
            ++line;
        out.code.append(c == u'\n' ? c : QChar(u' '));
    };
    while (i < n) {
        const QChar c = text[i];
        const QChar next = i + 1 < n ? text[i + 1] : QChar();
        if (c == u'/' && next == u'/') {
            while (i < n && text[i] != u'\n')
                keep(text[i++]);
        } else if (c == u'/' && next == u'*') {
            keep(text[i++]);
            keep(text[i++]);
            while (i < n && !(text[i] == u'*' && i + 1 < n && text[i + 1] == u'/'))
                keep(text[i++]);
            for (int k = 0; k < 2 && i < n; ++k)
                keep(text[i++]);
        } else if (c == u'R' && next == u'"' && (i == 0 || !(text[i - 1].isLetterOrNumber() || text[i - 1] == u'_'))) {
            // Raw string R"delim( ... )delim"
            const qsizetype open = text.indexOf(u'(', i + 2);
            const QString delimiter = open < 0 ? QString() : text.mid(i + 2, open - i - 2);
            const QString close = u')' + delimiter + u'"';
            const qsizetype end = open < 0 ? -1 : text.indexOf(close, open + 1);
            const qsizetype stop = end < 0 ? n : end + close.size();
            out.strings.append({line, text.mid(open + 1, end - open - 1)});
            while (i < stop)
                keep(text[i++]);
        } else if (c == u'"' || c == u'\'') {
            const int startLine = line;
            QString literal;
            keep(text[i++]);
            while (i < n && text[i] != c && text[i] != u'\n') {
                if (text[i] == u'\\' && i + 1 < n) {
                    literal.append(text[i]);
                    keep(text[i++]);
                }
                literal.append(text[i]);
                keep(text[i++]);
            }
            if (i < n)
                keep(text[i++]);
            if (c == u'"')
                out.strings.append({startLine, literal});
        } else if (c == u'#' && (out.code.isEmpty() || out.code.back() == u'\n' ||
                                 out.code.trimmed().isEmpty() || out.code.section(u'\n', -1).trimmed().isEmpty())) {
            // A preprocessor line (with continuations) is no code for the brace scan.
            while (i < n && text[i] != u'\n') {
                if (text[i] == u'\\' && i + 1 < n && text[i + 1] == u'\n')
                    keep(text[i++]);
                keep(text[i++]);
            }
        } else {
            out.code.append(c);
            if (c == u'\n')
                ++line;
            ++i;
        }
    }
    return out;
}

QStringList ourTables(const QString &root)
{
    QFile schema(root + QStringLiteral("/core/store/schema.cpp"));
    QStringList tables;
    if (!schema.open(QIODevice::ReadOnly))
        return tables;
    static const QRegularExpression create(QStringLiteral(R"(CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*))"));
    const QString text = QString::fromUtf8(schema.readAll());
    for (auto it = create.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!tables.contains(name))
            tables.append(name);
    }
    return tables;
}

struct FunctionScan
{
    QStringList violations;
};

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

/// True if the text before a '{' at namespace or class level opens a function body.
bool opensFunction(QString header)
{
    static const QRegularExpression access(QStringLiteral(R"(\b(public|protected|private)(\s+Q_SLOTS|\s+slots)?\s*:)"));
    // After the last ')' so that a macro call without a semicolon before it (Q_LOGGING_CATEGORY(…))
    // does not hide a namespace or class.
    static const QRegularExpression typeKeyword(QStringLiteral(R"(\b(class|struct|union|enum|namespace)\b)"));
    header.remove(access);
    header = header.simplified();
    if (!header.contains(u')'))
        return false;
    if (typeKeyword.match(header.mid(header.lastIndexOf(u')'))).hasMatch())
        return false;
    if (header.endsWith(u'=') || header.endsWith(u','))
        return false;
    return true;
}

/// A '{' after a constructor's initializer list entry (`: m_a(1), m_b{2}`) opens no body.
bool opensMemberInitializer(const QString &header)
{
    const QString h = header.simplified();
    if (h.isEmpty() || !isIdentifierChar(h.back()))
        return false;
    static const QRegularExpression trailing(QStringLiteral(R"(\b(const|override|final|noexcept|mutable)$)"));
    if (trailing.match(h).hasMatch())
        return false;
    static const QRegularExpression initializerList(QStringLiteral(R"(\)\s*:(?!:))"));
    return initializerList.match(h).hasMatch();
}

void scanFunctions(const Source &source, const QString &code, QStringList &violations)
{
    enum class Kind { Scope, Function, Other };
    struct Open
    {
        Kind kind;
        int line;
    };
    QList<Open> stack;
    QString header;
    int line = 1;
    int functionsOpen = 0;
    for (const QChar c : code) {
        if (c == u'\n')
            ++line;
        if (c == u'{') {
            Kind kind = Kind::Other;
            if (functionsOpen == 0) {
                if (opensMemberInitializer(header))
                    kind = Kind::Other;
                else if (opensFunction(header))
                    kind = Kind::Function;
                else
                    kind = Kind::Scope;
            }
            if (kind == Kind::Function)
                ++functionsOpen;
            stack.append({kind, line});
            if (kind != Kind::Other)
                header.clear();
            else if (functionsOpen == 0)
                header.append(c);
            continue;
        }
        if (c == u'}') {
            if (stack.isEmpty())
                continue; // unbalanced (macro tricks): ignore
            const Open open = stack.takeLast();
            if (open.kind == Kind::Function) {
                --functionsOpen;
                const int length = line - open.line + 1;
                if (length > MaxFunctionLines)
                    violations << QStringLiteral("%1:%2: function body of %3 lines (limit %4)")
                                      .arg(source.path)
                                      .arg(open.line)
                                      .arg(length)
                                      .arg(MaxFunctionLines);
            }
            if (functionsOpen == 0) {
                if (open.kind == Kind::Other)
                    header.append(c);
                else
                    header.clear();
            }
            continue;
        }
        if (functionsOpen > 0)
            continue;
        if (c == u';')
            header.clear();
        else
            header.append(c);
    }
}

void checkSql(const Source &source, const Scanned &scanned, const QStringList &tables, QStringList &violations)
{
    if (source.path.startsWith(kStoreFolder) || kForeignSchemaReaders.contains(source.path) || tables.isEmpty())
        return;
    const QRegularExpression sql(QStringLiteral(R"(\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+(%1)\b)")
                                     .arg(tables.join(u'|')));
    for (const auto &[line, literal] : scanned.strings) {
        const QRegularExpressionMatch m = sql.match(literal);
        if (m.hasMatch())
            violations << QStringLiteral("%1:%2: SQL naming table %3 outside core/store: \"%4\"")
                              .arg(source.path)
                              .arg(line)
                              .arg(m.captured(2), literal.left(80));
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc != 2) {
        out << "usage: structurecheck SOURCE_TREE\n";
        return 2;
    }
    const QString root = QString::fromLocal8Bit(argv[1]);
    const QStringList tables = ourTables(root);
    if (tables.isEmpty()) {
        out << "structurecheck: no CREATE TABLE found in " << root << "/core/store/schema.cpp\n";
        return 2;
    }
    QStringList violations;
    int files = 0;
    for (const QString &folder : kProductionFolders) {
        QDirIterator it(root + u'/' + folder, {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                violations << QStringLiteral("%1: cannot read it").arg(path);
                continue;
            }
            Source source{path.mid(root.size() + 1), QString::fromUtf8(file.readAll())};
            ++files;
            const int lines = int(source.text.count(u'\n')) + (source.text.endsWith(u'\n') ? 0 : 1);
            if (lines > MaxFileLines)
                violations << QStringLiteral("%1: %2 lines (limit %3)").arg(source.path).arg(lines).arg(MaxFileLines);
            const Scanned scanned = scan(source.text);
            scanFunctions(source, scanned.code, violations);
            checkSql(source, scanned, tables, violations);
        }
    }
    violations.sort();
    for (const QString &v : std::as_const(violations))
        out << v << '\n';
    out << "structurecheck: " << files << " files, tables " << tables.join(u' ') << ": " << violations.size()
        << " violation(s)\n";
    return violations.isEmpty() ? 0 : 1;
}
