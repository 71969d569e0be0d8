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

-- Names, managed IPs and live status for the first network, so the members page shows a realistic
-- mix: online (asked within the last two minutes), offline, pending, and pre-authorized members
-- that never asked. Status times are relative to the moment the seed runs.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
UPDATE members SET name = (
        SELECT CASE i % 8 WHEN 0 THEN 'build-' || i WHEN 1 THEN 'laptop-' || i WHEN 2 THEN 'nas'
                          WHEN 3 THEN 'printer-' || i WHEN 4 THEN 'phone-' || i WHEN 5 THEN ''
                          WHEN 6 THEN 'desk-' || i ELSE 'pi-' || i END
        FROM n WHERE printf('%010x', 0x3a00000000 + i * 7919) = members.address)
    WHERE network_id = '@CONTROLLER@000001';
UPDATE members SET name = NULL WHERE name = '';
-- Two members the admin added before the devices ever asked (no identity yet).
INSERT INTO members (network_id, address, identity, authorized, name, creation_time, last_modified) VALUES
    ('@CONTROLLER@000001', '3a0badc0de', NULL, 1, 'new-server', 1763900000000, 1763900000000),
    ('@CONTROLLER@000001', '3a0badf00d', NULL, 1, 'spare', 1763900000000, 1763900000000);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
INSERT INTO member_ips (network_id, address, ip, ip_version, position)
SELECT '@CONTROLLER@000001', printf('%010x', 0x3a00000000 + i * 7919), '10.147.17.' || (10 + i), 4, 0
FROM n WHERE i NOT IN (5, 17);
INSERT INTO member_ips (network_id, address, ip, ip_version, position) VALUES
    ('@CONTROLLER@000001', printf('%010x', 0x3a00000000 + 2 * 7919), 'fd80:56c2:e21c::2', 6, 1),
    ('@CONTROLLER@000001', '3a0badc0de', '10.147.17.200', 4, 0);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24),
    now(ms) AS (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
INSERT INTO member_status (network_id, address, last_seen, last_request_time, physical_address, client_version,
                           request_count, v_major, v_minor, v_rev, protocol_version)
SELECT '@CONTROLLER@000001', printf('%010x', 0x3a00000000 + i * 7919),
    ms - (CASE WHEN i % 3 = 0 THEN 3600000 * (i % 5 + 1) ELSE 1000 * (i * 7 % 50 + 2) END),
    ms - (CASE WHEN i % 3 = 0 THEN 3600000 * (i % 5 + 1) ELSE 1000 * (i * 7 % 50 + 2) END),
    CASE WHEN i % 4 = 0 THEN '198.51.100.' || (20 + i) || '/9993' ELSE '203.0.113.' || (40 + i) || '/' || (21000 + i) END,
    CASE WHEN i % 5 = 0 THEN '1.12.2' ELSE '1.14.2' END,
    10 + i,
    1, CASE WHEN i % 5 = 0 THEN 12 ELSE 14 END, 2, 13
FROM n, now;

-- Recent changes of the first member (its detail panel's history): authorized in the window, an
-- address assigned by the controller, changed through the API.
INSERT INTO member_events (network_id, address, time, seq, kind, source, detail)
SELECT '@CONTROLLER@000001', printf('%010x', 0x3a00000000 + 1 * 7919), ms - offset, seq, kind, source, detail
FROM (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS ms),
     (SELECT 86400000 * 3 AS offset, 0 AS seq, 'authorized' AS kind, 'window' AS source, '' AS detail
      UNION ALL SELECT 86400000 * 3, 1, 'ips', 'controller', '10.147.17.187'
      UNION ALL SELECT 7200000, 0, 'ips', 'api', '10.147.17.11');

-- A day of activity for the first network (five-minute buckets): a working-day curve of online
-- members and config requests per minute.
WITH RECURSIVE b(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM b WHERE k < 287),
    now(ms) AS (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
INSERT INTO network_activity (network_id, bucket, online_max, requests, minutes)
SELECT '@CONTROLLER@000001', (ms - ms % 300000) - k * 300000,
    6 + (k * 37 % 5) + CASE WHEN k BETWEEN 96 AND 200 THEN 8 ELSE 0 END,
    5 * (4 + (k * 13 % 7) + CASE WHEN k BETWEEN 96 AND 200 THEN 9 ELSE 0 END),
    5
FROM b, now;

-- Addressing: the first network as the Create Network dialog makes one (a pool, its on-link route,
-- IPv4 auto-assign); "home-lab" holds settings that cannot work the way they read, so its header and
-- Network Settings show warnings (network-warnings.png): a pool while auto-assign is off, a route
-- with host bits set, and a member's manual address outside every route.
UPDATE networks SET v4_assign_zt = 1 WHERE id = '@CONTROLLER@000001';
INSERT INTO ip_pools (network_id, position, range_start, range_end, ip_version) VALUES
    ('@CONTROLLER@000001', 0, '10.147.17.10', '10.147.17.250', 4),
    ('@CONTROLLER@000002', 0, '10.20.0.10', '10.20.0.200', 4);
INSERT INTO routes (network_id, position, target, target_bits, via, ip_version) VALUES
    ('@CONTROLLER@000001', 0, '10.147.17.0', 24, NULL, 4),
    ('@CONTROLLER@000001', 1, 'fd80:56c2:e21c::', 64, NULL, 6),
    ('@CONTROLLER@000002', 0, '10.20.0.1', 24, NULL, 4);
INSERT INTO member_ips (network_id, address, ip, ip_version, position) VALUES
    ('@CONTROLLER@000002', printf('%010x', 0x3a00000000 + 26 * 7919), '192.168.1.26', 4, 0);

-- A description for office (network-settings.png): notes of a few lines, for people only.
UPDATE networks SET description = 'Office LAN for the second floor: desktops, printers and the meeting-room displays.
Ask IT (ext. 214) before authorizing a new device.'
    WHERE id = '@CONTROLLER@000001';
