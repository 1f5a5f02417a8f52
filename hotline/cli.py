"""The `hotline` command.

Every subcommand validates the HOTLINE_* settings first; a wrong value, a bad argument or a
domain error is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from hotline.settings import SettingsError, get_settings


class CliError(Exception):
    pass


def _run(coro_fn: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    return asyncio.run(coro_fn())


async def _quiet_migrate() -> None:
    import contextlib
    import io

    from hotline.db.migrate import migrate

    # Piccolo prints a table per app; keep the CLI's output to what a person needs.
    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()


def cmd_db_migrate(args: argparse.Namespace) -> None:
    _run(_quiet_migrate)
    print("database migrated:", _describe_db())


def _describe_db() -> str:
    db = get_settings().database
    if db.engine == "sqlite":
        return f"SQLite {db.path}"
    return "PostgreSQL " + db.dsn.rsplit("@", 1)[-1]


def _print_demo_summary(summary: Any) -> None:
    print(
        f"demo data: {summary.tickets} tickets, {summary.agencies} agencies, "
        f"{summary.categories} categories"
    )
    print("demo accounts (password for all: " + summary.accounts[0].password + "):")
    for acc in summary.accounts:
        print(f"  {acc.username:<22} {acc.role:<12} {acc.agency or ''}")
    if summary.api_key:
        print(f"demo Open311 API key: {summary.api_key}")


async def _seed_if_empty(tickets: int, months: int, force_message: bool) -> Any:
    from hotline.demo.seed import is_empty, seed

    if not await is_empty():
        if force_message:
            raise CliError("the database already has data; demo seed only fills an empty one")
        return None
    return await seed(tickets=tickets, months=months, progress=lambda m: print(" ", m, flush=True))


def cmd_demo_seed(args: argparse.Namespace) -> None:
    async def go() -> Any:
        await _quiet_migrate()
        return await _seed_if_empty(args.tickets, args.months, force_message=True)

    _print_demo_summary(_run(go))


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    if args.demo and settings.workers > 1:
        raise CliError(
            "--demo runs the worker inside the one server process: set HOTLINE_WORKERS=1"
        )
    if args.demo:
        from hotline.web.demo import mark_demo_server

        mark_demo_server()  # every page says the data is invented

        async def prepare() -> Any:
            await _quiet_migrate()
            return await _seed_if_empty(args.tickets, 6, force_message=False)

        print("preparing the demo database:", _describe_db(), flush=True)
        summary = _run(prepare)
        if summary is not None:
            _print_demo_summary(summary)
        else:
            print("demo data already present; demo accounts use the password demo-hotline-2026")
    print(f"Hotline serving on http://{host}:{port}/  (health: /health, API: /schema)", flush=True)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "log_level": "info",
        "proxy_headers": True,
    }
    if settings.workers > 1:
        # Several processes on the one port, each with its own pool; uvicorn's supervisor
        # restarts one that dies.
        uvicorn.run("hotline.app:create_app", workers=settings.workers, **options)
        return
    config = uvicorn.Config("hotline.app:create_app", **options)
    server = uvicorn.Server(config)

    async def serve_with_worker() -> None:
        from hotline.worker.loop import run_forever

        stop = asyncio.Event()
        # The demo runs the worker in the same process so one command gives a working system.
        worker = asyncio.create_task(run_forever(settings, stop)) if args.demo else None
        try:
            await server.serve()
        finally:
            stop.set()
            if worker:
                await worker

    # The event loop uvicorn would choose itself (uvloop where installed, as in `uvicorn.run`):
    # asyncio.run() here would silently serve on the slower default loop.
    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        runner.run(serve_with_worker())


def cmd_worker(args: argparse.Namespace) -> None:
    from hotline.worker.loop import build_senders, run_forever, run_once_pooled

    settings = get_settings()
    if args.once:
        stats = _run(lambda: run_once_pooled(build_senders(settings)))
        print(
            f"warnings={stats.sweep.warnings} escalations={stats.sweep.escalations} "
            f"auto_closed={stats.sweep.auto_closed} sent={stats.delivery.sent} "
            f"retried={stats.delivery.retried} dead={stats.delivery.dead}"
        )
        return

    async def forever() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_forever(settings, stop)

    print("hotline worker running; Ctrl-C stops it", flush=True)
    asyncio.run(forever())


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hotline", description="Complaint hotline")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the web app, IVR webhooks and API")
    s.add_argument(
        "--demo",
        action="store_true",
        help="migrate, seed demo data if empty, run the worker in-process",
    )
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--tickets", type=int, default=3000, help=argparse.SUPPRESS)
    s.set_defaults(fn=cmd_serve)

    w = sub.add_parser("worker", help="SLA warnings/escalations, auto-close, outbox delivery")
    w.add_argument("--once", action="store_true", help="one round, then exit")
    w.set_defaults(fn=cmd_worker)

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("migrate", help="create or update the schema").set_defaults(fn=cmd_db_migrate)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(
        dest="demo_command", required=True
    )
    ds = demo.add_parser("seed", help="fill an empty database with the Wonosobo demo")
    ds.add_argument("--tickets", type=int, default=3000)
    ds.add_argument("--months", type=int, default=6)
    ds.set_defaults(fn=cmd_demo_seed)

    # The entry points are here; each area adds its own subcommands (user create, routing
    # import, ivr check|graph|call, report publish, ...: its `commands` in hotline/areas.py).
    from hotline.areas import areas, resolve

    for area in areas():
        if area.commands:
            resolve(area.commands)(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from hotline.errors import HotlineError, ValidationFailed

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Piccolo announces the SQLite version on every connection; operators need none of it.
    logging.getLogger("piccolo").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        get_settings()
        import hotline.db  # noqa: F401

        args.fn(args)
    except ValidationFailed as exc:
        from hotline.i18n import t

        locale = get_settings().default_locale
        for e in exc.errors:
            print(f"hotline: {e.field}: {t(locale, e.message, **e.params)}", file=sys.stderr)
        return 2
    except HotlineError as exc:
        print(f"hotline: {exc.localized(get_settings().default_locale)}", file=sys.stderr)
        return 2
    except (SettingsError, CliError, ValueError, OSError) as exc:
        print(f"hotline: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
