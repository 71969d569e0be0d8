-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sample data for docs/screenshots/take-screenshots.sh (@CONTROLLER@ = the controller's address).
-- Members get a placeholder identity text: enough for the counts, never used on the wire.
INSERT INTO networks (id, name, creation_time, last_modified) VALUES
    ('@CONTROLLER@000001', 'office', 1763900000000, 1763900000000),
    ('@CONTROLLER@000002', 'home-lab', 1763900100000, 1763900100000),
    ('@CONTROLLER@000003', 'build-farm', 1763900200000, 1763900200000),
    ('@CONTROLLER@000004', 'guests', 1763900300000, 1763900300000);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO members (network_id, address, identity, authorized, creation_time, last_modified)
SELECT
    CASE WHEN i <= 24 THEN '@CONTROLLER@000001' WHEN i <= 33 THEN '@CONTROLLER@000002'
         WHEN i <= 53 THEN '@CONTROLLER@000003' ELSE '@CONTROLLER@000004' END,
    printf('%010x', 0x3a00000000 + i * 7919),
    'sample',
    CASE WHEN i IN (5, 17, 30, 55, 56, 58) THEN 0 ELSE 1 END,
    1763900000000, 1763900000000
FROM n;
