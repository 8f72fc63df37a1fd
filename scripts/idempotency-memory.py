#!/usr/bin/env python3
"""Host memory under a stream of new Idempotency-Keys (docs/idempotency.md).

Sends RATE commands a second for SECONDS seconds, each with a new Idempotency-Key, to a running host in Development
(it takes tokens from POST /dev/tokens), spread over CALLERS token subjects, and prints the host's resident memory
(VmRSS of PID) before, every 5 seconds, and SETTLE seconds after the load, with the answers by status.

  scripts/idempotency-memory.py --url http://127.0.0.1:5391 --pid 12345 [--rate 1000] [--seconds 60] [--callers 1]

The command is POST /api/families/{unknown}/payments: the family grain answers 404 at once, so what grows is what the
host keeps per key (the answer, ~400 bytes of problem details, and whatever holds it).
"""
import argparse
import collections
import http.client
import json
import threading
import time
import urllib.parse
import uuid


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def token(url, subject):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    c.request("POST", "/dev/tokens", json.dumps({"role": "admin", "subject": subject}), {"Content-Type": "application/json"})
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"POST /dev/tokens: {r.status} {body[:200]!r}")
    return json.loads(body)["token"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--callers", type=int, default=1)
    p.add_argument("--threads", type=int, default=48)
    p.add_argument("--settle", type=int, default=10)
    a = p.parse_args()

    u = urllib.parse.urlparse(a.url)
    tokens = [token(a.url, f"idem-load-{i}") for i in range(a.callers)]
    body = json.dumps({"year": 2026, "amount": 300.00, "paidOn": "2025-12-20"})
    path = "/api/families/F-IDEM-UNKNOWN/payments"
    total = a.rate * a.seconds
    statuses = collections.Counter()
    lock = threading.Lock()
    start = time.monotonic() + 1.0

    def worker(t):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        local = collections.Counter()
        for i in range(t, total, a.threads):
            due = start + i / a.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            headers = {"Content-Type": "application/json", "Authorization": "Bearer " + tokens[i % len(tokens)],
                       "Idempotency-Key": uuid.uuid4().hex}
            try:
                conn.request("POST", path, body, headers)
                r = conn.getresponse()
                r.read()
                local[r.status] += 1
            except Exception as e:  # noqa: BLE001 - counted and reported
                local[type(e).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        with lock:
            statuses.update(local)

    before = rss_mb(a.pid)
    print(f"rss before: {before:.0f} MB; {total} new keys at {a.rate}/s over {a.callers} caller(s)", flush=True)
    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(a.threads)]
    for th in threads:
        th.start()
    peak = before
    while any(th.is_alive() for th in threads):
        time.sleep(5)
        now = rss_mb(a.pid)
        peak = max(peak, now)
        print(f"  t={time.monotonic() - start:5.1f} s rss {now:.0f} MB", flush=True)
    elapsed = time.monotonic() - start
    time.sleep(a.settle)
    after = rss_mb(a.pid)
    print(f"sent {sum(statuses.values())} in {elapsed:.1f} s ({sum(statuses.values()) / elapsed:.0f}/s); answers {dict(statuses)}")
    print(f"rss before {before:.0f} MB, peak {peak:.0f} MB, {a.settle} s after {after:.0f} MB: grew {after - before:.0f} MB")


if __name__ == "__main__":
    main()
