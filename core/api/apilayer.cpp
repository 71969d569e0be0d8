// SPDX-License-Identifier: GPL-3.0-or-later
// The local HTTP API layer (issue #6): the ZeroTier-compatible controller API served by the engine.
