// SPDX-License-Identifier: GPL-3.0-or-later
// core/node: UDP transport, peers, roots and verb dispatch (the only layer of core/ with sockets).
