// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLayout>
#include <QList>

namespace tier {

/// Items left to right at their preferred sizes, continued on the next line where the width ends, so a
/// row of buttons stays readable in a narrow window instead of being squeezed until the texts overlap.
/// Reports its height for a width, so the layouts around it make room for the lines it needs. Items given
/// Qt::AlignRight (setAlignment) and those after them sit at the right end of their line.
class FlowLayout final : public QLayout
{
public:
    explicit FlowLayout(int spacing);
    ~FlowLayout() override;
    FlowLayout(const FlowLayout &) = delete;
    FlowLayout &operator=(const FlowLayout &) = delete;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override; ///< the widest item: narrower, even one item per line cannot fit
    QSize sizeHint() const override;    ///< everything on one line
    void setGeometry(const QRect &rect) override;

private:
    /// Places the items in rect (when apply) and returns the height the lines take.
    int arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> m_items;
};

} // namespace tier
