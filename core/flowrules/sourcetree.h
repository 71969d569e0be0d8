// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <vector>

namespace tier::flowrules {

/// A word of the source and where it starts. Lines count from 1; columns count UTF-16 units and
/// follow the reference compiler's convention (0-based on line 1, 1-based on every later line).
struct Word final
{
    QString text;
    int line = 1;
    int column = 0;
};

/// One element of a block: a word, or the nested block that follows a block-opening keyword.
struct Node final
{
    bool isBlock = false;
    Word word;                  ///< the word; for a block, the position of the keyword that opened it
    std::vector<Node> children; ///< the block's elements
};

/// Splits a program into words and nests them into blocks the way the reference compiler does:
/// words are separated only by space, tab, CR and LF; `#` at the start of a word comments out the
/// rest of the line; a lowercase block keyword (drop accept tee watch redirect break priority tag cap
/// macro) opens a block after itself unless its own `;` closes the block it is in; a word ending in
/// `;` closes the innermost open block when that block is not empty. A block still open at the end
/// of the source is kept only when it is the only one open (docs/flowrules.md).
std::vector<Node> parseSourceTree(const QString &source);

/// True for the lowercase words that open a block.
bool isBlockKeyword(const QString &word);

} // namespace tier::flowrules
