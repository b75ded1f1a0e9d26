#!/usr/bin/env python3
"""A two-or-more-port userspace bridge that impairs what it forwards: netem's knobs for a kernel without sch_netem.

Run inside the lab's bridge namespace with the (bridge-less, up) port names as arguments. Every frame received on a
port goes out of every other port, through the current mode, read as one line on stdin:
  pass | loss PCT | delay MS JITTER_MS | duplicate PCT | reorder PCT MAX_MS | partition
("reorder": PCT % of frames are held back 0..MAX_MS, so later frames overtake them; "partition": nothing passes).
"stats" prints one line of counters; every mode change prints "mode ...". Seeded by $SEED.
"""
import heapq
import os
import random
import select
import socket
import sys
import time

ETH_P_ALL = 3
rnd = random.Random(int(os.environ.get("SEED", "1")))
ports = []
for name in sys.argv[1:]:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((name, 0))
    s.setblocking(False)
    ports.append((name, s))
mode = ["pass"]
heap = []
seq = [0]
stats = {"frames": 0, "sent": 0, "dropped": 0, "duplicated": 0, "held": 0}


def later(at, sock, frame):
    seq[0] += 1
    heapq.heappush(heap, (at, seq[0], sock, frame))


def forward(src, frame, now):
    kind = mode[0]
    if kind == "partition":
        stats["dropped"] += 1
        return
    if kind == "loss" and rnd.random() * 100 < float(mode[1]):
        stats["dropped"] += 1
        return
    for name, sock in ports:
        if name == src:
            continue
        at = now
        if kind == "delay":
            at = now + max(0.0, float(mode[1]) + rnd.uniform(-1, 1) * float(mode[2])) / 1000
        elif kind == "reorder" and rnd.random() * 100 < float(mode[1]):
            at = now + rnd.uniform(0, float(mode[2])) / 1000
            stats["held"] += 1
        later(at, sock, frame)
        if kind == "duplicate" and rnd.random() * 100 < float(mode[1]):
            later(at, sock, frame)
            stats["duplicated"] += 1


print("ready", flush=True)
while True:
    now = time.monotonic()
    while heap and heap[0][0] <= now:
        _, _, sock, frame = heapq.heappop(heap)
        try:
            sock.send(frame)
            stats["sent"] += 1
        except OSError:
            stats["dropped"] += 1
    timeout = max(0.0, heap[0][0] - now) if heap else None
    readable, _, _ = select.select([sys.stdin] + [s for _, s in ports], [], [], timeout)
    now = time.monotonic()
    for r in readable:
        if r is sys.stdin:
            line = sys.stdin.readline()
            if not line:
                sys.exit(0)
            words = line.split()
            if words == ["stats"]:
                print("stats " + " ".join(f"{k}={v}" for k, v in stats.items()), flush=True)
            elif words:
                mode[:] = words
                print("mode " + " ".join(words), flush=True)
            continue
        name = next(n for n, s in ports if s is r)
        while True:
            try:
                frame, addr = r.recvfrom(65535)
            except BlockingIOError:
                break
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            stats["frames"] += 1
            forward(name, frame, now)
