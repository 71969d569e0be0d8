// SPDX-License-Identifier: GPL-3.0-or-later
// The flow-rules compiler: definitions (tag, cap, macro) first, then capability rules, then the base
// rule set, which decides which error is reported when a program has several (docs/flowrules.md).
#include "core/flowrules/compiler.h"

#include "core/flowrules/compilercontext.h"

#include <QRegularExpression>

namespace tier::flowrules {

using namespace detail;

namespace {

constexpr int MaxIncludeDepth = 32;

struct CapabilitySource
{
    CapabilityDefinition definition;
    const std::vector<Node> *body = nullptr;
    std::size_t bodyStart = 0;
};

const std::vector<Node> &emptyBlock()
{
    static const std::vector<Node> empty;
    return empty;
}

/// The block after list[i] if there is one.
const std::vector<Node> &blockAfter(const std::vector<Node> &list, std::size_t i)
{
    return i + 1 < list.size() && list[i + 1].isBlock ? list[i + 1].children : emptyBlock();
}

bool validName(const QString &lowercased)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    return pattern.match(lowercased).hasMatch();
}

/// `flag` bits: a comma-separated list of bit numbers and names of flags defined before.
std::optional<qint64> flagBits(const QString &text, const TagDefinition &tag)
{
    qint64 mask = 0;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return std::nullopt;
    for (const QString &part : parts) {
        if (!std::isnan(lenientInteger(part))) {
            const auto bit = unsignedValue(part);
            if (!bit || *bit > 31)
                return std::nullopt;
            mask |= qint64(1) << *bit;
            continue;
        }
        bool found = false;
        for (const auto &[name, value] : tag.flags) {
            if (name == part) {
                mask |= value;
                found = true;
            }
        }
        if (!found)
            return std::nullopt;
    }
    return mask;
}

std::optional<qint64> tagDefaultValue(const QString &text, const TagDefinition &tag)
{
    if (!std::isnan(lenientInteger(text)))
        return unsignedValue(text);
    for (const auto &[name, value] : tag.enums) {
        if (name == text)
            return value;
    }
    for (const auto &[name, value] : tag.flags) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

const Word *wordAt(const std::vector<Node> &list, std::size_t i)
{
    return i < list.size() && !list[i].isBlock ? &list[i].word : nullptr;
}

TagDefinition parseTag(const Word &keyword, const std::vector<Node> &args)
{
    const Word *nameWord = wordAt(args, 0);
    if (!nameWord)
        fail(keyword, QStringLiteral("Tag definition is missing name."));
    TagDefinition tag;
    tag.name = nameWord->text.toLower();
    if (!validName(tag.name))
        fail(*nameWord, QStringLiteral("Invalid tag name."));
    bool haveId = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const Word *directive = wordAt(args, i);
        if (!directive)
            fail(args[i].children.empty() ? args[i].word : args[i].children.front().word,
                 QStringLiteral("Unrecognized tag definition directive."));
        const QString d = directive->text.toLower();
        if (d == u"id") {
            const Word *value = wordAt(args, i + 1);
            if (!value)
                fail(*directive, QStringLiteral("Missing tag ID."));
            const auto id = unsignedValue(value->text);
            if (!id)
                fail(*value, QStringLiteral("Invalid or out of range tag ID."));
            tag.id = *id;
            haveId = true;
            i += 1;
        } else if (d == u"enum") {
            const Word *value = wordAt(args, i + 1);
            const Word *name = wordAt(args, i + 2);
            if (!value || !name)
                fail(*directive, QStringLiteral("Missing tag enum name or value."));
            const auto v = unsignedValue(value->text);
            if (!v)
                fail(*value, QStringLiteral("Tag enum value invalid or out of range."));
            const QString n = name->text.toLower();
            for (const auto &existing : std::as_const(tag.enums)) {
                if (existing.first == n)
                    fail(*name, QStringLiteral("Duplicate enum name in tag definition."));
            }
            tag.enums.append({n, *v});
            i += 2;
        } else if (d == u"flag") {
            const Word *bits = wordAt(args, i + 1);
            const Word *name = wordAt(args, i + 2);
            if (!bits || !name)
                fail(*directive, QStringLiteral("Missing tag flag name or bit index."));
            const auto mask = flagBits(bits->text, tag);
            if (!mask)
                fail(*bits, QStringLiteral("Tag flag bit index invalid or out of range."));
            const QString n = name->text.toLower();
            for (const auto &existing : std::as_const(tag.flags)) {
                if (existing.first == n)
                    fail(*name, QStringLiteral("Duplicate flag name in tag definition."));
            }
            tag.flags.append({n, *mask});
            i += 2;
        } else if (d == u"default") {
            const Word *value = wordAt(args, i + 1);
            if (!value)
                fail(*directive, QStringLiteral("Missing tag default value."));
            const auto v = tagDefaultValue(value->text, tag);
            if (!v)
                fail(*value, QStringLiteral("Tag default value invalid, out of range, or unknown enum/flag name."));
            tag.defaultValue = *v;
            i += 1;
        } else {
            fail(*directive, QStringLiteral("Unrecognized tag definition directive \"%1\".").arg(directive->text));
        }
    }
    if (!haveId)
        fail(*nameWord, QStringLiteral("Tag definition is missing a numeric ID."));
    return tag;
}

CapabilitySource parseCapabilityHeader(const Word &keyword, const std::vector<Node> &args)
{
    const Word *nameWord = wordAt(args, 0);
    if (!nameWord)
        fail(keyword, QStringLiteral("Capability definition is missing name."));
    CapabilitySource cap;
    cap.definition.name = nameWord->text.toLower();
    if (!validName(cap.definition.name))
        fail(*nameWord, QStringLiteral("Invalid capability name."));
    bool haveId = false;
    std::size_t i = 1;
    while (const Word *w = wordAt(args, i)) {
        const QString d = w->text.toLower();
        if (d == u"id") {
            const Word *value = wordAt(args, i + 1);
            if (!value)
                break;
            const auto id = unsignedValue(value->text);
            if (!id)
                fail(*value, QStringLiteral("Invalid or out of range capability ID."));
            cap.definition.id = *id;
            haveId = true;
            i += 2;
        } else if (d == u"default") {
            cap.definition.isDefault = true;
            i += 1;
        } else {
            break;
        }
    }
    if (!haveId)
        fail(*nameWord, QStringLiteral("Capability definition is missing a numeric ID."));
    cap.body = &args;
    cap.bodyStart = i;
    return cap;
}

void parseMacro(const Word &keyword, const std::vector<Node> &args, Context &context)
{
    const Word *nameWord = wordAt(args, 0);
    if (!nameWord)
        fail(keyword, QStringLiteral("Macro definition is missing name."));
    const QString spec = nameWord->text.toLower();
    const qsizetype paren = spec.indexOf(u'(');
    const QString name = paren < 0 ? spec : spec.left(paren);
    if (!validName(name))
        fail(*nameWord, QStringLiteral("Invalid macro name."));
    MacroDefinition macro;
    if (paren >= 0) {
        QString inside = spec.mid(paren + 1);
        if (inside.endsWith(u')'))
            inside.chop(1);
        for (const QString &p : inside.split(u',', Qt::SkipEmptyParts)) {
            if (!p.startsWith(u'$') || p.size() < 2)
                fail(*nameWord, QStringLiteral("Invalid macro parameter name (parameters start with $)."));
            macro.parameters.append(p);
        }
    }
    macro.body = &args;
    macro.bodyStart = 1;
    context.macros.insert(name, macro);
}

class RuleCompiler final
{
public:
    explicit RuleCompiler(const Context &context) : m_context(context) {}

    /// Compiles the rule list list[from…]; definitions are skipped at the top level only.
    void compileList(const std::vector<Node> &list, std::size_t from, const Parameters &parameters,
                     QList<RuleEntry> &out, bool topLevel, int depth)
    {
        for (std::size_t i = from; i < list.size(); ++i) {
            const Node &node = list[i];
            if (node.isBlock) {
                const Word &at = node.children.empty() ? node.word : node.children.front().word;
                fail(at, QStringLiteral("Unrecognized action or directive in rule set."));
            }
            const QString keyword = node.word.text.toLower();
            const std::vector<Node> &args = blockAfter(list, i);
            const bool hasBlock = i + 1 < list.size() && list[i + 1].isBlock;
            if (keyword == u"include") {
                const Word *call = wordAt(list, i + 1);
                if (!call)
                    fail(node.word, QStringLiteral("Missing macro name for include."));
                include(*call, out, depth);
                ++i;
                continue;
            }
            if (topLevel && (keyword == u"tag" || keyword == u"cap" || keyword == u"macro")) {
                // compiled by the definitions pass
            } else if (keyword == u"drop" || keyword == u"accept" || keyword == u"break") {
                compileMatches(m_context, args, 0, parameters, out);
                out.append(action(keyword == u"drop" ? u"ACTION_DROP" : keyword == u"accept" ? u"ACTION_ACCEPT" : u"ACTION_BREAK"));
            } else if (keyword == u"tee" || keyword == u"watch") {
                out += teeOrWatch(node.word, keyword, args, parameters);
            } else if (keyword == u"redirect") {
                const Word *target = wordAt(args, 0);
                if (!target)
                    fail(node.word, QStringLiteral("The redirect action requires a target parameter."));
                if (target->text.size() != 10)
                    fail(*target, QStringLiteral("Missing or invalid ZeroTier address target for redirect."));
                compileMatches(m_context, args, 1, parameters, out);
                RuleEntry entry = action(u"ACTION_REDIRECT");
                entry.fields.append({QStringLiteral("address"), target->text});
                out.append(entry);
            } else {
                fail(node.word, QStringLiteral("Unrecognized action or directive in rule set."));
            }
            if (hasBlock)
                ++i;
        }
    }

private:
    static RuleEntry action(const char16_t *type)
    {
        RuleEntry entry;
        entry.fields.append({QStringLiteral("type"), QString::fromUtf16(type)});
        return entry;
    }

    QList<RuleEntry> teeOrWatch(const Word &word, const QString &keyword, const std::vector<Node> &args,
                                const Parameters &parameters)
    {
        const Word *lengthWord = wordAt(args, 0);
        const Word *target = wordAt(args, 1);
        if (!lengthWord || !target)
            fail(word, QStringLiteral("The tee and watch actions require a length and a target."));
        // A length that is not a number means "no limit" (-1); errors point at the target.
        const double parsed = lenientInteger(lengthWord->text);
        const qint64 length = std::isnan(parsed) ? -1 : qint64(parsed);
        if (length < -1 || length > 65535)
            fail(*target, QStringLiteral("Tee/watch max packet length to forward invalid or out of range."));
        if (target->text.size() != 10)
            fail(*target, QStringLiteral("Missing or invalid ZeroTier address target for tee/watch."));
        QList<RuleEntry> out;
        compileMatches(m_context, args, 2, parameters, out);
        RuleEntry entry = action(keyword == u"tee" ? u"ACTION_TEE" : u"ACTION_WATCH");
        entry.fields.append({QStringLiteral("address"), target->text});
        entry.fields.append({QStringLiteral("length"), length});
        out.append(entry);
        return out;
    }

    void include(const Word &call, QList<RuleEntry> &out, int depth)
    {
        const qsizetype paren = call.text.indexOf(u'(');
        const QString name = paren < 0 ? call.text : call.text.left(paren);
        const auto macro = m_context.macros.constFind(name);
        if (macro == m_context.macros.constEnd())
            fail(call, QStringLiteral("Macro \"%1\" is not defined.").arg(name));
        if (depth >= MaxIncludeDepth)
            fail(call, QStringLiteral("Macros include each other too deeply (recursion?)."));
        QStringList values;
        if (paren >= 0) {
            QString inside = call.text.mid(paren + 1);
            if (inside.endsWith(u')'))
                inside.chop(1);
            values = inside.split(u',');
        }
        if (values.size() < macro->parameters.size())
            fail(call, QStringLiteral("Missing one or more required macro parameter."));
        Parameters parameters;
        for (qsizetype k = 0; k < macro->parameters.size(); ++k)
            parameters.insert(macro->parameters.at(k), values.at(k));
        compileList(*macro->body, macro->bodyStart, parameters, out, false, depth + 1);
    }

    const Context &m_context;
};

CompiledRules compile(const QString &source)
{
    const std::vector<Node> tree = parseSourceTree(source);
    Context context;
    QList<CapabilitySource> caps;
    for (std::size_t i = 0; i < tree.size(); ++i) {
        if (tree[i].isBlock)
            continue;
        const QString keyword = tree[i].word.text.toLower();
        const std::vector<Node> &args = blockAfter(tree, i);
        if (keyword == u"tag")
            context.tags.append(parseTag(tree[i].word, args));
        else if (keyword == u"cap")
            caps.append(parseCapabilityHeader(tree[i].word, args));
        else if (keyword == u"macro")
            parseMacro(tree[i].word, args, context);
    }

    CompiledRules result;
    RuleCompiler compiler(context);
    for (CapabilitySource &cap : caps) {
        compiler.compileList(*cap.body, cap.bodyStart, {}, cap.definition.rules, false, 0);
        result.capabilities.append(cap.definition);
    }
    compiler.compileList(tree, 0, {}, result.rules, true, 0);
    result.tags = context.tags;
    return result;
}

} // namespace

CompileResult compileRules(const QString &source)
{
    try {
        return compile(source);
    } catch (const Failure &failure) {
        return failure.error;
    }
}

} // namespace tier::flowrules
