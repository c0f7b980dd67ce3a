#!/usr/bin/env python3
"""tplgen.py - many NetFlow v9 / IPFIX exporters, each announcing many
templates, for the template-limit test and the RSS bench of capd.

    tplgen.py PORT VERSION EXPORTERS TEMPLATES [DATA_ID ...]

Exporter i sends from its own loopback address 127.1.<i/250>.<i%250+1>
to 127.0.0.1:PORT: one or more datagrams holding TEMPLATES templates
(ids 256 .. 256+TEMPLATES-1, seven to eleven fields each, so they differ
in size), then one datagram with one data record for each DATA_ID.
VERSION is 9 or 10 (IPFIX).  Prints the number of flow records sent.
"""
import socket
import struct
import sys
import time

V9_FIELDS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 4), (1, 4), (22, 4), (21, 4)]
IPFIX_FIELDS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 4), (1, 4), (152, 8), (153, 8)]
EXTRA = [(5, 1), (6, 1), (10, 2), (14, 2)]	# tos, tcp flags, input, output


def fields(version, tid):
    base = V9_FIELDS if version == 9 else IPFIX_FIELDS
    return base + EXTRA[:tid % (len(EXTRA) + 1)]


def template(version, tid):
    f = fields(version, tid)
    return struct.pack("!HH", tid, len(f)) + b"".join(struct.pack("!HH", t, n) for t, n in f)


def flowset(set_id, body):
    body += b"\0" * (-len(body) % 4)
    return struct.pack("!HH", set_id, 4 + len(body)) + body


def header(version, seq, count, domain, body_len):
    now = int(time.time())
    if version == 9:
        return struct.pack("!HHIIII", 9, count, 3600000, now, seq, domain)
    return struct.pack("!HHIII", 10, 16 + body_len, now, seq, domain)


def record(version, tid, i):
    now = int(time.time())
    vals = {8: 0x0a000001 + i, 12: 0x0a010001, 7: 1024 + i % 60000, 11: 80, 4: 6,
            2: 10, 1: 1000, 22: 3590000, 21: 3599000,
            152: (now - 10) * 1000, 153: now * 1000, 5: 0, 6: 0x12, 10: 1, 14: 2}
    out = b""
    for t, n in fields(version, tid):
        out += vals[t].to_bytes(n, "big")
    return out


def datagrams(version, ntpl, data_ids, i):
    tpl_set = 0 if version == 9 else 2
    seq, out, chunk = 0, [], []
    for tid in range(256, 256 + ntpl):
        chunk.append(template(version, tid))
        if len(chunk) == 40 or tid == 255 + ntpl:
            body = flowset(tpl_set, b"".join(chunk))
            out.append(header(version, seq, len(chunk), 0, len(body)) + body)
            seq += 1 if version == 9 else 0
            chunk = []
    if data_ids:
        body = b"".join(flowset(tid, record(version, tid, i)) for tid in data_ids)
        out.append(header(version, seq, len(data_ids), 0, len(body)) + body)
    return out


def main():
    port, version, nexp, ntpl = (int(a) for a in sys.argv[1:5])
    data_ids = [int(a) for a in sys.argv[5:]]
    sent = 0
    for i in range(nexp):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.1.%d.%d" % (i // 250, i % 250 + 1), 0))
        for d in datagrams(version, ntpl, data_ids, i):
            s.sendto(d, ("127.0.0.1", port))
        s.close()
        sent += len(data_ids)
        if i % 20 == 19:
            time.sleep(0.002)	# let the collector drain its socket
    print(sent)


if __name__ == "__main__":
    main()
