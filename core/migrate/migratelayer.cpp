// SPDX-License-Identifier: GPL-3.0-or-later
// Import from and export to other controllers (issue #6): zerotier-one controller.d and 2015 controller.db.
