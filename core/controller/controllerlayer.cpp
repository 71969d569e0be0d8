// SPDX-License-Identifier: GPL-3.0-or-later
// core/controller: the controller's decisions (authorization, IP assignment, configs, pushes).
