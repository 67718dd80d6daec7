"""Load benchmark of public certificate verification (bench/README.md).

    .venv/bin/python bench/verify.py [--reuse] [--duration 15] [--connections 32] [--profile]

1. (Re)creates the PostgreSQL database `ocop_bench`, migrates, loads units and rulebooks,
   collects static files and fills it with 8,000 producers, 50,000 products and 62,000
   certificates in every status (bench/fill.py); `--reuse` keeps a filled database.
2. Serves the app as the README's Production section says (DEBUG off, SECRET_KEY, DATABASE_URL,
   ALLOWED_HOSTS, collected static files, `gunicorn ocop.wsgi:application`, 2 sync workers, no
   access log), with bench/settings.py adding two reference views in front of the app's URLs.
3. Loads it from wrk (a second process, loopback, 32 connections, 2 threads, 15 s) on random
   real certificate numbers: the trivial JSON view (the ceiling), the verify API, the verify
   page, and two bare lookup views for reference; prints requests/s, p50 and p99, the ratios to
   the ceiling, and the CPU each request cost the app, PostgreSQL and wrk.
4. Checks that a revocation written to the database shows on the very next requests.
5. `--profile`: in-process, per request: queries, SQL time, and where the Python time goes.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
BIN = Path(sys.executable).parent

# The goal of the issue: the verify API at least as lean as a bare one-lookup view.
GOAL_RATIO = 0.25
GOAL_P99_MS = 50.0

TARGETS = [
    # (key, label, path prefix, takes a certificate number)
    ("ceiling", "trivial JSON view (ceiling)", "/bench/ping", False),
    ("api", "verify API", "/api/v1/verify/", True),
    ("page", "verify page", "/verify/", True),
    ("bare", "bare ORM lookup (reference)", "/bench/lookup/", True),
    ("sql", "bare SQL lookup (reference)", "/bench/sql/", True),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat the loads; each figure's median shown"
    )
    parser.add_argument(
        "--wait-idle",
        type=int,
        default=0,
        metavar="SECONDS",
        help="before each target, wait up to this long for the CPUs to be mostly idle",
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--keep-server", action="store_true", help="leave gunicorn running")
    parser.add_argument("--profile", action="store_true", help="profile requests in-process")
    parser.add_argument(
        "--profile-only", action="store_true", help="fill if needed, profile, no server or load"
    )
    parser.add_argument(
        "--only", default="ceiling,api,page,bare,sql", help="targets, comma-separated"
    )
    parser.add_argument("--database", default="ocop_bench")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--conn-max-age",
        default=None,
        help="CONN_MAX_AGE for the server (default: the environment's, else the app's default)",
    )
    parser.add_argument("--workdir", default="/tmp/ocop-bench", help="var dir: static, logs")
    return parser.parse_args(argv)


def say(text=""):
    print(text, flush=True)


# --- environment and database -------------------------------------------------------------


def environment(args) -> dict:
    """The production environment of the README, pointing at the benchmark database."""
    env = dict(os.environ)
    workdir = Path(args.workdir)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or "bench-" + secrets.token_urlsafe(32),
        DATABASE_URL=f"{args.server}/{args.database}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        OCOP_VAR_DIR=str(workdir),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
    )
    if args.conn_max_age is not None:
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
    return env


def admin_connection(args):
    import psycopg

    return psycopg.connect(f"{args.server}/postgres", autocommit=True)


def database_filled(args) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{args.server}/{args.database}") as conn:
            return conn.execute("SELECT count(*) FROM certification_certificate").fetchone()[0] > 0
    except psycopg.Error:
        return False


def recreate_database(args) -> None:
    with admin_connection(args) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')


def manage(env, *command) -> None:
    started = time.monotonic()
    subprocess.run([str(BIN / "python"), "-m", "ocop", *command], env=env, cwd=REPO, check=True)
    say(f"  {' '.join(command)}: {time.monotonic() - started:.1f} s")


def setup_django(env) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def status_counts() -> dict:
    from django.db.models import Count

    from ocop.certification.models import Certificate

    rows = Certificate.objects.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def sample_numbers(workdir: Path, count: int = 5000) -> Path:
    """Real certificate numbers of every status, URL-encoded, one a line."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number FROM certification_certificate ORDER BY random() LIMIT %s", [count]
        )
        numbers = [row[0] for row in cursor.fetchall()]
    path = workdir / "numbers.txt"
    path.write_text("".join(quote(number, safe="/") + "\n" for number in numbers))
    return path


# --- server ---------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args, env) -> subprocess.Popen:
    if not args.port:
        args.port = free_port()
    elif not port_free(args.port):
        raise SystemExit(f"port {args.port} is in use: pass --port")
    log = Path(args.workdir) / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "ocop.wsgi:application",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--pythonpath",
        str(REPO),
        "--error-logfile",
        str(log),
    ]
    say(f"$ DJANGO_SETTINGS_MODULE=bench.settings {' '.join(command[0:1])} {' '.join(command[1:])}")
    with open(log, "ab") as output:  # not this terminal: --keep-server must not hold it
        server = subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            fetch(args, "/bench/ping")
            return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def fetch(args, path: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{args.port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def smoke(args, numbers: list[str]) -> None:
    """Every target answers 200 on a real number before it is loaded."""
    for _key, label, prefix, numbered in TARGETS:
        path = prefix + (numbers[0] if numbered else "")
        status, content_type, body = fetch(args, path)
        if status != 200:
            raise SystemExit(f"{label}: GET {path} → {status}: {body[:300]!r}")
        say(f"  {label}: GET {path} → {status} {content_type}, {len(body)} bytes")


# --- revocation -----------------------------------------------------------------------------


def check_revocation(args, rounds: int = 10) -> bool:
    """Revoke a valid certificate in the database while the server runs: the very next requests
    (to both workers) say `revoked`. The certificate is restored afterwards."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT id, number FROM certification_certificate
                WHERE revoked_on IS NULL AND superseded_on IS NULL AND valid_until >= %s
                ORDER BY random() LIMIT 1""",
            [today],
        )
        pk, number = cursor.fetchone()
    path = "/api/v1/verify/" + quote(number, safe="/")

    def statuses():
        seen = []
        for _ in range(rounds):
            status, _type, body = fetch(args, path)
            seen.append(json.loads(body).get("status") if status == 200 else f"HTTP {status}")
        return seen

    before = statuses()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE certification_certificate SET revoked_on = %s, revocation_ground = 'e'"
                " WHERE id = %s",
                [today, pk],
            )
        after = statuses()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE certification_certificate SET revoked_on = NULL, revocation_ground = ''"
                " WHERE id = %s",
                [pk],
            )
    restored = statuses()
    ok = set(before) == {"valid"} and set(after) == {"revoked"} and set(restored) == {"valid"}
    say(
        f"  {number}: before {sorted(set(before))}, right after UPDATE revoked_on "
        f"{sorted(set(after))} ({len(after)} requests), after restoring {sorted(set(restored))}"
        f" → {'PASS' if ok else 'FAIL'}"
    )
    return ok


# --- load -----------------------------------------------------------------------------------


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def _cpu(fields: list[str], children: bool = False) -> float:
    """Seconds of CPU (utime + stime, and of reaped children when asked)."""
    used = int(fields[11]) + int(fields[12])
    if children:
        used += int(fields[13]) + int(fields[14])
    return used / TICK


def _processes() -> dict[int, list[str]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            found[int(entry.name)] = fields
    return found


def postmaster_pid() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        directory = cursor.fetchone()[0]
    try:
        return int((Path(directory) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None  # not readable here: PostgreSQL's CPU is not reported


def cpu_snapshot(server_pid: int, postmaster: int | None) -> dict:
    """CPU seconds used so far by the app (gunicorn master and workers), PostgreSQL (every
    backend, and the ones already gone through the postmaster's children total), wrk (this
    process's reaped children) and the whole machine (non-idle time of all CPUs)."""
    import resource

    processes = _processes()
    app = sum(
        _cpu(fields)
        for pid, fields in processes.items()
        if pid == server_pid or int(fields[1]) == server_pid
    )
    pg = 0.0
    if postmaster and postmaster in processes:
        pg = _cpu(processes[postmaster], children=True) + sum(
            _cpu(fields) for fields in processes.values() if int(fields[1]) == postmaster
        )
    with open("/proc/stat") as stat:
        jiffies = [int(x) for x in stat.readline().split()[1:]]
    busy = (sum(jiffies) - jiffies[3] - jiffies[4]) / TICK  # all but idle and iowait
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "app": app,
        "pg": pg,
        "wrk": children.ru_utime + children.ru_stime,
        "machine": busy,
    }


def wait_idle(limit: float, busy_below: float = 0.25) -> str:
    """Wait (at most `limit` seconds) until the machine's CPUs are mostly idle; returns how busy
    they were over the last second."""
    deadline = time.monotonic() + limit
    while True:
        before = _busy_fraction_sample()
        time.sleep(1)
        fraction = _busy_fraction_sample(before)
        if fraction < busy_below or time.monotonic() >= deadline:
            return f"{fraction * 100:.0f} % busy"


def _busy_fraction_sample(before=None):
    with open("/proc/stat") as stat:
        jiffies = [int(x) for x in stat.readline().split()[1:]]
    now = (sum(jiffies), sum(jiffies) - jiffies[3] - jiffies[4])
    if before is None:
        return now
    total, busy = now[0] - before[0], now[1] - before[1]
    return busy / total if total else 0.0


def run_wrk(args, prefix: str, numbers: Path | None, duration: int, cpu=None) -> dict:
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{duration}s",
        "--latency",
        "-s",
        str(BENCH / "verify.lua"),
        f"http://127.0.0.1:{args.port}",
        "--",
        prefix,
    ]
    if numbers:
        command.append(str(numbers))
    before = cpu() if cpu else None
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = cpu() if cpu else None
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if cpu:
        # CPU milliseconds per request, by process group; "others" is what the rest of the
        # machine used meanwhile, in CPUs (0 to os.cpu_count()).
        spent = {key: after[key] - before[key] for key in after}
        requests = max(result["requests"], 1)
        for key in ("app", "pg", "wrk"):
            result[f"cpu_{key}_ms"] = spent[key] / requests * 1000
        result["cpu_ms"] = sum(result[f"cpu_{key}_ms"] for key in ("app", "pg", "wrk"))
        ours = spent["app"] + spent["pg"] + spent["wrk"]
        result["others_cpus"] = max(spent["machine"] - ours, 0) / (result["duration_us"] / 1e6)
    result["p50_ms"] = result["p50_us"] / 1000
    result["p99_ms"] = result["p99_us"] / 1000
    result["failures"] = sum(result["errors"].values())
    return result


def load(args, numbers_file: Path, cpu) -> dict:
    wanted = args.only.split(",")
    results = {key: [] for key, *_ in TARGETS if key in wanted}
    for round_no in range(1, args.rounds + 1):
        for key, label, prefix, numbered in TARGETS:
            if key not in wanted:
                continue
            source = numbers_file if numbered else None
            idle = wait_idle(args.wait_idle) if args.wait_idle else ""
            if args.warmup:
                run_wrk(args, prefix, source, args.warmup)
            result = run_wrk(args, prefix, source, args.duration, cpu)
            results[key].append(result)
            say(
                f"  round {round_no} {label:30} {result['rps']:6.0f} req/s  p50 "
                f"{result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  errors "
                f"{result['failures']}  CPU/request: app {result['cpu_app_ms']:.2f} ms, "
                f"PostgreSQL {result['cpu_pg_ms']:.2f} ms, wrk {result['cpu_wrk_ms']:.2f} ms; "
                f"others used {result['others_cpus']:.2f} CPUs{'; before: ' + idle if idle else ''}"
            )
    return {key: median_result(runs) for key, runs in results.items()}


def median_result(runs: list[dict]) -> dict:
    """Each figure's median over the rounds (failures: their total)."""
    result = {
        key: statistics.median(run[key] for run in runs)
        for key, value in runs[0].items()
        if isinstance(value, int | float)
    }
    result["failures"] = sum(run["failures"] for run in runs)
    return result


def report(args, results: dict, revocation_ok: bool | None) -> bool:
    ceiling = results.get("ceiling")
    say()
    say(
        f"gunicorn {args.workers} sync workers; wrk {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s; {os.cpu_count()} CPUs"
    )
    say(
        f"{'target':32} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'÷ ceiling':>9} {'errors':>6}"
        f" | {'CPU ms/request: app':>19} {'PG':>5} {'wrk':>5} {'total':>6} {'÷ ceiling':>9}"
    )
    for key, label, *_ in TARGETS:
        if key not in results:
            continue
        r = results[key]
        ratio = f"{r['rps'] / ceiling['rps']:.3f}" if ceiling else "-"
        cpu_ratio = f"{ceiling['cpu_ms'] / r['cpu_ms']:.3f}" if ceiling else "-"
        say(
            f"{label:32} {r['rps']:7.0f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} {ratio:>9} "
            f"{r['failures']:6d} | {r['cpu_app_ms']:19.2f} {r['cpu_pg_ms']:5.2f} "
            f"{r['cpu_wrk_ms']:5.2f} {r['cpu_ms']:6.2f} {cpu_ratio:>9}"
        )
    others = max(r["others_cpus"] for r in results.values())
    say(
        f"Other processes used up to {others:.2f} of the {os.cpu_count()} CPUs during the runs"
        + (": the req/s and latencies above are depressed by them." if others > 0.2 else ".")
    )
    say(
        "CPU ÷ ceiling = CPU per ceiling request ÷ CPU per request: the throughput ratio on an"
        " otherwise idle machine, whatever else runs now."
    )
    ok = True
    api = results.get("api")
    if api and ceiling:
        ratio = api["rps"] / ceiling["rps"]
        cpu_ratio = ceiling["cpu_ms"] / api["cpu_ms"]
        checks = [
            (f"verify API ratio {ratio:.3f} ≥ {GOAL_RATIO}", ratio >= GOAL_RATIO),
            (f"verify API CPU ratio {cpu_ratio:.3f} ≥ {GOAL_RATIO}", cpu_ratio >= GOAL_RATIO),
            (f"verify API p99 {api['p99_ms']:.1f} ms ≤ {GOAL_P99_MS:.0f} ms", api["p99_ms"] <= 50),
            ("no failed requests", all(r["failures"] == 0 for r in results.values())),
        ]
        if revocation_ok is not None:
            checks.append(("revocation visible on the next request", revocation_ok))
        say()
        for text, passed in checks:
            say(f"  {'PASS' if passed else 'FAIL'}  {text}")
            ok = ok and passed
        say(f"GOAL: {'PASS' if ok else 'FAIL'}")
    return ok


# --- profile --------------------------------------------------------------------------------

AREAS = [
    # (area, substrings of a code file's path), first match wins
    ("database driver (psycopg) + socket", ("/psycopg/", "/psycopg_binary/", "socket")),
    ("Django ORM (query building, models)", ("/django/db/",)),
    ("DRF (views, serializers, renderers)", ("/rest_framework/",)),
    ("drf-spectacular", ("/drf_spectacular",)),
    ("templates", ("/django/template/", "/django/templatetags/")),
    (
        "middleware",
        (
            "/django/middleware/",
            "/whitenoise/",
            "/django_htmx/",
            "/contrib/sessions/",
            "/contrib/messages/",
            "/contrib/auth/middleware",
        ),
    ),
    ("translation / locale", ("/django/utils/translation/", "gettext")),
    ("URL resolving", ("/django/urls/",)),
    ("request/response handling", ("/django/core/handlers/", "/django/http/", "/django/test/")),
    ("app code (ocop/bench)", ("/src/ocop/", "/bench/")),
    ("other Django", ("/django/",)),
]


def profile(samples: int = 400) -> None:
    """Where a request's time goes, in-process (the same handler and middleware as gunicorn,
    no network): wall time per request, queries and their SQL time, PostgreSQL's own time for
    the lookup, and the Python time by area (cProfile, own time of each function)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM certification_certificate ORDER BY random() LIMIT 500")
        numbers = [quote(row[0], safe="/") for row in cursor.fetchall()]
    client = Client(HTTP_HOST="127.0.0.1")
    say()
    say(f"Profile (in-process, {samples} requests per target, random numbers)")
    say(f"{'target':32} {'ms/request':>10} {'queries':>8} {'SQL ms':>8}")
    captured_api = None
    for key, label, prefix, numbered in TARGETS:
        paths = [prefix + n for n in numbers] if numbered else [prefix]
        for path in paths[:50]:  # warm
            client.get(path)
        started = time.perf_counter()
        for i in range(samples):
            response = client.get(paths[i % len(paths)])
        elapsed = (time.perf_counter() - started) / samples * 1000
        assert response.status_code == 200, (paths[0], response.status_code)
        with CaptureQueriesContext(connection) as queries:
            for i in range(20):
                client.get(paths[i % len(paths)])
        per_request = len(queries.captured_queries) / 20
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) / 20 * 1000
        if key == "api":
            captured_api = queries.captured_queries
        say(f"{label:32} {elapsed:10.2f} {per_request:8.1f} {sql_ms:8.2f}")

    if captured_api:
        say()
        say("Queries of one verify API request:")
        first_request = captured_api[: max(1, len(captured_api) // 20)]
        for query in first_request:
            say(f"  [{float(query['time']) * 1000:.2f} ms] {query['sql'][:400]}")
        sql = first_request[0]["sql"]
        with connection.cursor() as cursor:
            plans = []
            for _ in range(9):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plans.append(plan[0] if isinstance(plan, list) else json.loads(plan)[0])
            planning = statistics.median(p["Planning Time"] for p in plans)
            execution = statistics.median(p["Execution Time"] for p in plans)
            say(
                f"  PostgreSQL's own time for the first query (median of 9): planning "
                f"{planning:.3f} ms, execution {execution:.3f} ms"
            )
            # The same statement sent as is (planned each time, as Django's client-side
            # binding does) and as a prepared statement (planned once per connection).
            timings = {"as sent by Django": [], "as a prepared statement": []}
            cursor.execute("PREPARE bench_lookup AS " + sql)
            try:
                for _ in range(200):
                    for label, statement in (
                        ("as sent by Django", sql),
                        ("as a prepared statement", "EXECUTE bench_lookup"),
                    ):
                        started = time.perf_counter()
                        cursor.execute(statement)
                        cursor.fetchall()
                        timings[label].append((time.perf_counter() - started) * 1000)
            finally:
                cursor.execute("DEALLOCATE bench_lookup")
            say(
                "  Round trip of that query, median of 200: "
                + ", ".join(f"{statistics.median(v):.3f} ms {k}" for k, v in timings.items())
            )

    for key, label, prefix, numbered in TARGETS:
        if key not in ("api", "page"):
            continue
        paths = [prefix + n for n in numbers] if numbered else [prefix]
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(samples):
            client.get(paths[i % len(paths)])
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = stats.total_tt
        areas = {}
        for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            area = next(
                (name for name, marks in AREAS if any(m in filename for m in marks)),
                "Python builtins / stdlib",
            )
            areas[area] = areas.get(area, 0) + tottime
        say()
        say(
            f"{label}: Python time by area (own time; {total / samples * 1000:.2f} ms/request "
            f"under cProfile)"
        )
        for area, seconds in sorted(areas.items(), key=lambda a: -a[1]):
            say(f"  {seconds / total * 100:5.1f} %  {seconds / samples * 1000:6.3f} ms  {area}")
        say(f"{label}: top functions by cumulative time")
        stats.sort_stats("cumulative")
        rows = []
        for func, (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            rows.append((ct, nc, func))
        rows.sort(reverse=True)
        for ct, nc, (filename, line, name) in rows[:40]:
            short = filename.split("site-packages/")[-1].replace(str(REPO) + "/", "")
            say(f"  {ct / samples * 1000:7.3f} ms  {nc / samples:6.1f}×  {short}:{line} {name}")


# --- main -----------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (args.profile_only or shutil.which("wrk")):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    say(f"Database {args.server}/{args.database}; var dir {workdir}")
    filled = args.reuse and database_filled(args)
    if filled:
        try:
            manage(env, "migrate", "--noinput", "-v0")
        except subprocess.CalledProcessError:
            say("  The migrations changed since the database was filled: filling it again.")
            filled = False
    if not filled:
        say("Creating the database …")
        recreate_database(args)
        manage(env, "migrate", "--noinput", "-v0")
    if not filled:
        manage(env, "load_units")
        manage(env, "load_rulebooks")
    if not (args.reuse and (workdir / "static" / "staticfiles.json").exists()):
        manage(env, "collectstatic", "--noinput", "-v0")
    setup_django(env)
    if not filled:
        from bench.fill import fill_database

        say("Filling …")
        say(f"  {fill_database(log=say)}")
    counts = status_counts()
    say(f"Certificates by status today: {counts} (total {sum(counts.values()):,})")
    numbers_file = sample_numbers(workdir)
    numbers = numbers_file.read_text().split()

    if args.profile_only:
        profile()
        return 0
    server = start_server(args, env)
    try:
        say("Smoke test:")
        smoke(args, numbers)
        say(f"Load (load avg now {loadavg()}):")
        postmaster = postmaster_pid()
        results = load(args, numbers_file, lambda: cpu_snapshot(server.pid, postmaster))
        say("Revocation visible on the next request:")
        revocation_ok = check_revocation(args)
        ok = report(args, results, revocation_ok)
    finally:
        if args.keep_server:
            say(f"gunicorn left running: pid {server.pid}, http://127.0.0.1:{args.port}/")
        else:
            stop_server(server)
    if args.profile:
        profile()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
