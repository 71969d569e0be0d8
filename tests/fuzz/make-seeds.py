#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes fuzz seed corpora from the compatibility vectors (../shared/vectors) into tests/fuzz/corpus/.

Run once after the vectors change; the seeds are committed, so CI never needs Python.
Each seed is one input for one fuzz target, named after where it came from.
"""
import hashlib
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
vectors = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', '..', 'shared', 'vectors')
corpus = os.path.join(here, 'corpus')


def load(name):
    with open(os.path.join(vectors, name)) as f:
        return json.load(f)


def put(target, data):
    if isinstance(data, str):
        data = bytes.fromhex(data)
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = 'seed-' + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


conv = load('join-conversation.json')
for p in conv['packets']:
    if p.get('wire_hex'):
        put('packet', p['wire_hex'])
    if p.get('payload_hex') is not None and p.get('verb') is not None:
        put('verbs', bytes([p['verb']]) + bytes.fromhex(p['payload_hex']))
    if p.get('verb_name') == 'NETWORK_CONFIG_REQUEST' and p.get('payload_hex'):
        # network id (8) + metadata length (2) + metadata dictionary
        payload = bytes.fromhex(p['payload_hex'])
        n = int.from_bytes(payload[8:10], 'big')
        put('dictionary', payload[10:10 + n])
    # node: mode byte (0 raw datagram, 1/2/3 [verb][payload] sealed by member/root/member MAC-only)
    if p.get('wire_hex'):
        put('node', bytes([0]) + bytes.fromhex(p['wire_hex']))
    if p.get('payload_hex') is not None and p.get('verb') is not None:
        for mode in (1, 2, 3):
            put('node', bytes([mode, p['verb']]) + bytes.fromhex(p['payload_hex']))
for c in conv.get('assembled_configs', []):
    if c.get('dictionary_hex'):
        put('netconf', c['dictionary_hex'])
        put('dictionary', c['dictionary_hex'])
for c in load('armor.json')['cases']:
    put('packet', c.get('wire') or c['wire_after_armor_suite0'])
for c in load('fragmentation.json')['cases']:
    for d in c['datagrams']:
        put('packet', d if isinstance(d, str) else d.get('hex') or d.get('bytes'))
for c in load('compression.json').get('cases', []):
    if c.get('lz4_block'):
        put('verbs', bytes([0x80]) + bytes.fromhex(c['lz4_block']))
    for k in ('wire_suite1', 'packet_after_compress'):
        if c.get(k):
            put('packet', c[k])
for c in load('dictionary.json')['cases']:
    if c.get('bytes'):
        put('dictionary', c['bytes'])
nc = load('netconf.json')
for k in ('dictionary_bytes', 'legacy_dictionary_bytes_includeLegacy_true', 'minimal_public_config_dictionary_bytes'):
    put('netconf', nc[k])
com = load('com.json')
put('com', com['serialized'])
put('com', com['serialized_unsigned'])
for k in ('R_value_unescaped',):
    put('rules', nc[k])
for w in load('worlds.json')['worlds']:
    put('world', w['serialized'])
with open(os.path.join(vectors, 'lab', 'lab-planet.bin'), 'rb') as f:
    put('world', f.read())
ids = load('identities.json')['identities']
for i in ids:
    for k in ('secret_string', 'public_string'):
        if i.get(k):
            put('identity', i[k].encode())
    for k in ('binary_public', 'binary_with_private'):
        if i.get(k):
            put('identity', i[k])
for name in os.listdir(corpus):
    print(name, len(os.listdir(os.path.join(corpus, name))))
