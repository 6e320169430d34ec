"""The web app under 20 concurrent clients: each logs events and opens dashboards; p50/p95 per route.

    python bench/web.py                      # a fresh demo ledger (bench/out/web/), 20 clients x 10 rounds
    python bench/web.py --db LEDGER --clients 20 --rounds 10 --site SITE --json

The server is the real `opsledger serve` in its own process on a loopback port. Each client is a thread with
its own session: it logs in once (not timed), then per round opens the Log page, POSTs one job fair, and opens
the site dashboard. The floor, measured in the same run against the same server, is the static stylesheet
(`/static/app.css`): what the server, HTTP and the client loop cost with no library call; each route's ratio
to it says how much the library work adds. Targets (issue 13): log POST p95 < 100 ms, dashboard p95 < 300 ms.
Bounded: clients x rounds requests per route, a 120 s timeout per request, the server stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2  # noqa: E402

from ledger.ledger import Ledger  # noqa: E402
from web.accounts import Accounts  # noqa: E402

PASSWORD = "bench-pass-123"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def prepare(db: Path | None) -> Path:
    if db is not None:
        return db
    out = ROOT / "bench" / "out" / "web"
    out.mkdir(parents=True, exist_ok=True)
    path = out / "demo.db"
    subprocess.run([sys.executable, "-m", "cli", "--db", str(path), "demo", "--force"], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    return path


def client(
    base: str, user: str, site: str, rounds: int, times: dict[str, list[float]], errors: list[str]
) -> None:
    with httpx2.Client(base_url=base, timeout=120, follow_redirects=False) as http:
        page = http.get("/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        r = http.post("/login", data={"csrf": csrf, "name": user, "password": PASSWORD, "next": "/"})
        if r.status_code != 303:
            errors.append(f"login {user}: {r.status_code}")
            return
        for n in range(rounds):
            fair = {"_type": "job_fair_held", "_on": "2026-11-26", "title": f"bench {user} {n}", "format": "offline",
                    "kind": "daily", "companies": "40", "jobs": "950", "visitors": "230"}  # fmt: skip
            calls = (
                ("GET /static/app.css (floor)", "GET", "/static/app.css", None),
                ("GET log page", "GET", f"/s/{site}/log?type=job_fair_held", None),
                ("POST log (job fair)", "POST", f"/s/{site}/log",
                 {**fair, "csrf": csrf_of(http, site), "_key": uuid.uuid4().hex}),
                ("GET dashboard", "GET", f"/s/{site}/dashboard", None),
            )  # fmt: skip
            for name, method, url, data in calls:
                start = time.perf_counter()
                resp = http.request(method, url, data=data)
                took = time.perf_counter() - start
                if resp.status_code not in (200, 303):
                    errors.append(f"{name}: {resp.status_code}")
                times.setdefault(name, []).append(took * 1000)


_CSRF: dict[int, str] = {}


def csrf_of(http: httpx2.Client, site: str) -> str:
    """The session's CSRF token (fetched once per client, outside the timed POST when possible)."""
    key = id(http)
    if key not in _CSRF:
        _CSRF[key] = re.search(r'name="csrf" value="([^"]+)"', http.get(f"/s/{site}/log").text).group(1)  # type: ignore[union-attr]
    return _CSRF[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--site", default="pingxiang-hr-market")
    parser.add_argument("--workers", type=int, default=1, help="opsledger serve --workers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = prepare(args.db)
    ledger = Ledger(db)
    accounts = Accounts(lambda: ledger.store)
    users = [f"bench{n}" for n in range(args.clients)]
    for user in users:
        if accounts.get(user) is None:
            accounts.add(user, PASSWORD, [("operator", args.site)])
    ledger.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db), "serve", "--port", str(port),
                               "--workers", str(args.workers)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx2.get(f"{base}/login", timeout=5)
                break
            except httpx2.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        times: dict[str, list[float]] = {}
        errors: list[str] = []
        # Warm-up (not counted): the first dashboard folds the site into the projection cache.
        client(base, users[0], args.site, 1, {}, errors)
        started = time.perf_counter()
        threads = [
            threading.Thread(target=client, args=(base, u, args.site, args.rounds, times, errors))
            for u in users
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    floor = statistics.median(times["GET /static/app.css (floor)"])
    rows = []
    for name, values in times.items():
        rows.append({"route": name, "n": len(values), "p50_ms": round(pct(values, 50), 1),
                     "p95_ms": round(pct(values, 95), 1), "p50_x_floor": round(pct(values, 50) / floor, 1)})  # fmt: skip
    result = {"db": str(db), "clients": args.clients, "rounds": args.rounds, "workers": args.workers,
              "wall_s": round(wall, 1), "errors": errors[:10], "error_count": len(errors), "routes": rows}  # fmt: skip
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(
            f"{args.clients} clients x {args.rounds} rounds, {args.workers} worker(s), on {db.name} in {wall:.1f} s, "
            f"{len(errors)} errors"
        )
        print(f"{'route':32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10}")
        for r in rows:
            print(f"{r['route']:32} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p50_x_floor']:>10}")


if __name__ == "__main__":
    main()
