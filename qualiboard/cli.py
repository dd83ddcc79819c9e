"""Command line: python -m qualiboard demo|check|import|imports|undo|compute|export|users|
sauvegarde|restauration."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from qualiboard.cli_base import (
    _SESSIONS,
    EXIT_BUSY,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandStopped,
    _config,
    _first_line,
    _open,
    _read_password,
    _unexpected,
    build_parser,
    cli_identity,
    one_line,
    ordered_months,
    refusable,
    today,
    visible_output,
)
from qualiboard.cli_text import mapping_help, pilot_services, recognised, results_in_french
from qualiboard.domain.config import ConfigError
from qualiboard.domain.labels import kind_label
from qualiboard.domain.periods import last_complete_month
from qualiboard.domain.text import count_of
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.replacement import newer_export_text
from qualiboard.present.formatting import date_fr, number
from qualiboard.store.access import AccessDenied
from qualiboard.store.db import Connection, total_records
from qualiboard.store.gate import DatabaseBusy, occupant
from qualiboard.store.working_calendar import ensure_working_calendar

if TYPE_CHECKING:
    pass


def cmd_check(args: argparse.Namespace) -> int:
    config = _config(args.config)
    print(
        f"{args.config} : {len(config.indicators)} indicateurs valides "
        f"(modules {', '.join(map(str, config.modules))}), organisation « "
        f"{config.organisation.name} »."
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from qualiboard.demo.generators import GENERATORS, generate
    from qualiboard.demo.town import Town
    from qualiboard.ingest.batches import import_file
    from qualiboard.store.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo

    config = _config(args.config)
    con = _open(args)
    try:
        if args.if_empty and total_records(con) > 0:
            print("La base contient déjà des données : démonstration non rechargée.")
            return EXIT_OK
        end_month = args.end_month or last_complete_month(dt.date.today())
        started = time.perf_counter()
        if not args.no_generate:
            counts = generate(args.samples, end_month, args.seed)
            print(
                f"Fichiers de démonstration écrits dans {args.samples} : "
                + ", ".join(f"{name} ({rows} lignes)" for name, rows in counts.items())
            )
        today = max(dt.date.today(), Town(end_month).export_day)
        archive = args.db.parent / "archive"
        batch_ids = []
        for name, _ in GENERATORS:
            path = args.samples / name
            if not path.exists():
                print(f"Fichier de démonstration absent : {path}", file=sys.stderr)
                return EXIT_REFUSED
            result = import_file(con, path, config.organisation, archive_dir=archive, today=today)
            print(result.summary())
            batch_ids.append(result.batch_id)
        seed_demo(con, batch_ids)
        print(
            "Comptes de démonstration (un par rôle) : "
            + ", ".join(login for login, *_ in DEMO_ACCOUNTS)
            + f" ; mot de passe « {DEMO_PASSWORD} »."
        )
        print(
            f"Démonstration chargée en {number(time.perf_counter() - started, 1)} s dans {args.db}."
        )
    finally:
        con.close()
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from qualiboard.ingest.asof import AsOf
    from qualiboard.ingest.batches import commit_import
    from qualiboard.ingest.mapping_files import load_mapping_file
    from qualiboard.ingest.prepare import prepare_import
    from qualiboard.ingest.propose import UnrecognisedFile
    from qualiboard.ingest.replacement import rows_from_newer_exports

    config = _config(args.config)
    con = _open(args)
    status = EXIT_OK
    try:
        identity = cli_identity(con, args)
        for path in args.files:
            try:
                mapping = load_mapping_file(args.mapping, args.kind) if args.mapping else None
                plan = prepare_import(
                    con,
                    path,
                    config.organisation,
                    kind=args.kind,
                    mapping=mapping,
                    sheet=args.sheet,
                    profile=args.profile,
                )
                if len(plan.sheets) > 1 and args.sheet is None:
                    print(
                        f"« {path.name} » : plusieurs feuilles ({', '.join(plan.sheets)}) ; "
                        f"feuille lue : « {plan.sheet} » (choisir avec --sheet)."
                    )
                print(f"« {path.name} » : {recognised(plan, args.kind)}")
                if plan.doubtful and not (args.kind or args.mapping or args.profile):
                    raise ImportRefused(
                        path.name,
                        f"reconnaissance incertaine (confiance {number(plan.confidence, 2)}) : "
                        f"type proposé « {kind_label(plan.kind)} » ; vérifiez les colonnes "
                        f"ci-dessus, puis relancez avec --kind {plan.kind} pour confirmer (ou "
                        "--mapping)",
                        plan.sheet,
                    )
                if args.as_of is not None:
                    plan.as_of = AsOf(args.as_of, "saisie")
                    if plan.mode in ("reference", "reference_year"):  # judged on that date
                        plan.rows_from_newer_export = rows_from_newer_exports(con, plan)
                print(f"« {path.name} » : données au {plan.as_of.text}.")
                for note in plan.notes:
                    print(f"« {path.name} » : {note}")
                for header, reason in plan.personal_reasons.items():
                    print(
                        f"« {path.name} » : colonne « {header} » non conservée (données "
                        f"personnelles : {reason})"
                    )
                if plan.ignored_columns:  # as the import page names them
                    print(
                        f"« {path.name} » : colonnes non utilisées (non conservées) : "
                        + ", ".join(f"« {h} »" for h in plan.ignored_columns)
                    )
                if plan.missing:
                    mapping_help(path, plan.headers, plan.mapping, plan.missing)
                if plan.rows_from_newer_export and not args.older_export:
                    # The page asks for a confirmation; here, the command says it explicitly.
                    raise ImportRefused(
                        path.name,
                        f"{newer_export_text(plan.rows_from_newer_export)} ; relancez avec "
                        "--older-export si c'est voulu",
                        plan.sheet,
                    )
                result = commit_import(
                    con,
                    plan,
                    valid_rows_only=args.valid_rows_only,
                    archive_dir=args.db.parent / "archive",
                    save_profile_as=args.save_profile,
                    identity=identity,
                )
                print(result.summary())
                if result.archive_note:
                    print(f"« {path.name} » : {result.archive_note}")
                for problem in plan.problems[:50]:
                    print("  " + problem.describe(plan.file_name, plan.sheet))
            except ImportRefused as refused:
                status = EXIT_REFUSED
                print(f"REFUSÉ — {refused}", file=sys.stderr)
                if isinstance(refused, UnrecognisedFile):
                    mapping_help(path, refused.headers, refused.mapping, refused.missing)
                for problem in refused.problems[:200]:
                    print(
                        "  " + problem.describe(refused.file_name, refused.sheet), file=sys.stderr
                    )
                if refused.total_problems > 200:
                    others = refused.total_problems - min(len(refused.problems), 200)
                    print(f"  … et {count_of(others, 'autre', 'autres')}", file=sys.stderr)
    finally:
        con.close()
    return status


def cmd_imports(args: argparse.Namespace) -> int:
    from qualiboard.ingest.accounting import counted
    from qualiboard.ingest.undo import list_batches

    con = _open(args, read_only=True, existing=True)
    try:
        batches = list_batches(con)
    finally:
        con.close()
    if batches.empty:
        print("Aucun import.")
        return EXIT_OK
    # A column as wide as the longest kind shown, so that no kind runs into its file's name.
    width = max(len(kind_label(kind)) for kind in batches["kind"])
    for row in batches.itertuples():
        print(
            f"n° {row.batch_id:>4}  {row.imported_at:%d/%m/%Y %H:%M}  {row.status:<8} "
            f"{kind_label(row.kind):<{width}}  {one_line(row.file_name)}  (données au {date_fr(row.as_of)} ; "
            f"{count_of(row.rows_read, 'ligne lue', 'lignes lues')} : "
            f"{counted(row.rows_inserted, 'added')}, {counted(row.rows_updated, 'updated')}, "
            f"{counted(row.rows_unchanged, 'unchanged')}, "
            f"{count_of(row.rows_rejected, 'écartée', 'écartées')} ; "
            f"{count_of(row.warnings or 0, 'avertissement', 'avertissements')}) — par "
            f"{row.imported_by or 'inconnu'}"
        )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from qualiboard.ingest.undo import undo_import

    con = _open(args, existing=True)
    return refusable(
        con,
        lambda: print(
            undo_import(
                con,
                args.batch_id,
                identity=cli_identity(con, args),
                archive_dir=args.db.parent / "archive",
            )
        ),
    )


def cmd_compute(args: argparse.Namespace) -> int:
    from qualiboard.engine.indicators import compute_all
    from qualiboard.present.formatting import period_label, status_badge, value_with_unit

    config = _config(args.config)
    day = today(args)
    end = args.end or last_complete_month(day)
    start = args.start or end.replace(year=end.year - 1)
    ordered_months(start, end, end_given=args.end is not None)
    for indicator_id in args.indicator or []:
        try:
            config.indicator(indicator_id)
        except KeyError:
            print(f"erreur : indicateur inconnu « {indicator_id} »", file=sys.stderr)
            return EXIT_USAGE
    con = _open(args, existing=True)
    ensure_working_calendar(con, config.organisation.territory)  # the engine only reads it
    try:
        results = compute_all(
            con,
            config,
            start=start,
            end=end,
            frequency=args.frequency,
            by=args.by,
            today=day,
            indicator_ids=args.indicator,
        )
    finally:
        con.close()
    if args.format == "csv":
        from qualiboard.present.export import french_csv

        sys.stdout.write(french_csv(results_in_french(results, config)))
    elif args.format == "json":
        records = json.loads(
            results.to_json(orient="records", date_format="iso", force_ascii=False)
        )
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        for row in results.itertuples():
            indicator = config.indicator(row.indicator_id)
            service = f" [{row.service}]" if isinstance(row.service, str) else ""
            count = (
                "" if row.denominator != row.denominator else f" (n = {number(row.denominator)})"
            )
            print(
                f"{row.indicator_id:<28} {period_label(row.period, row.frequency):<12}{service} "
                f"{value_with_unit(row.value, indicator):>14}{count}  {status_badge(row.status)}"
                + ("  (provisoire)" if row.provisional else "")
            )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from qualiboard.views.annual import annual_csv_bytes, annual_review, annual_xlsx_bytes

    if args.year is not None and (args.start or args.end):
        print("erreur : --year ou bien --from/--to, pas les deux", file=sys.stderr)
        return EXIT_USAGE
    if args.year is not None:
        start, end = dt.date(args.year, 1, 1), dt.date(args.year, 12, 1)
    elif args.start and args.end:
        start, end = args.start, args.end
    else:
        print("erreur : précisez --year AAAA ou --from AAAA-MM --to AAAA-MM", file=sys.stderr)
        return EXIT_USAGE
    ordered_months(start, end)
    config = _config(args.config)
    con = _open(args, existing=True)
    ensure_working_calendar(con, config.organisation.territory)
    try:
        review = annual_review(con, config, start, end, today(args))
    finally:
        con.close()
    data = annual_csv_bytes(review) if args.format == "csv" else annual_xlsx_bytes(review)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Bilan ({review.title}) écrit dans {args.out} ({len(review.synthesis)} indicateurs).")
    return EXIT_OK


def cmd_users(args: argparse.Namespace) -> int:
    con = _open(args)
    return refusable(con, lambda: _users(con, args))


def _users(con: Connection, args: argparse.Namespace) -> None:
    from qualiboard.store import accounts

    if args.action == "list":
        frame = accounts.list_accounts(con)
        if frame.empty:
            print("Aucun compte.")
        for row in frame.itertuples(index=False):
            print(
                f"{row[0]:<28} {row[2]:<20} {row[4]:<22} désactivé : {row[5]:<4} "
                f"verrouillé : {row[6]:<4} {row[1]}" + (f" — services : {row[3]}" if row[3] else "")
            )
        return
    by = cli_identity(con, args)
    services = pilot_services(con, getattr(args, "services", None), args.config)
    owned = " ; services : " + ", ".join(f"« {s} »" for s in services) if services else ""
    if args.action == "add":
        password = None if args.oidc else _read_password(args)
        accounts.add_account(
            con,
            by,
            args.login,
            name=args.name,
            role=args.role,
            password=password,
            services=services or (),
        )
        print(f"Compte « {args.login.strip().lower()} » créé ({args.role}{owned}).")
    elif args.action in ("disable", "enable"):
        accounts.set_disabled(con, by, args.login, args.action == "disable")
        state = "désactivé" if args.action == "disable" else "réactivé"
        print(f"Compte « {args.login} » {state}.")
    elif args.action == "role":
        accounts.set_role(con, by, args.login, args.role, services)
        print(f"Compte « {args.login} » : rôle {args.role}{owned}.")
    elif args.action == "password":
        accounts.set_password(con, by, args.login, _read_password(args))
        print(f"Mot de passe du compte « {args.login} » changé.")


def cmd_backup(args: argparse.Namespace) -> int:
    from qualiboard.store.backup import BackupError, backup

    if not Path(args.db).exists():
        print(f"Impossible : base « {args.db} » introuvable.", file=sys.stderr)
        return EXIT_REFUSED
    con = _open(args, existing=True)
    try:
        count = backup(con, Path(args.db), args.destination)
    except BackupError as exc:
        print(f"Impossible : {exc}.", file=sys.stderr)
        return EXIT_REFUSED
    print(f"Sauvegarde écrite dans {args.destination} ({number(count)} imports), vérifiée.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    import duckdb

    from qualiboard.store.backup import BackupError, restore

    db = Path(args.db)
    if db.exists():
        # Replacing the file under a running dashboard would lose its next writes: refuse.
        try:
            duckdb.connect(str(db)).close()
        except duckdb.IOException:
            print(
                f"Impossible : la base « {db} » est ouverte par {occupant(db)} ; arrêtez d'abord "
                "le tableau de bord (sudo systemctl stop qualiboard), puis relancez.",
                file=sys.stderr,
            )
            return EXIT_BUSY
    try:
        count, kept = restore(args.sauvegarde, db)
    except BackupError as exc:
        print(f"Impossible : {exc} ; la base n'a pas été modifiée.", file=sys.stderr)
        return EXIT_REFUSED
    print(f"Base « {db} » restaurée depuis {args.sauvegarde} ({number(count)} imports).")
    if kept:
        print(f"La base remplacée est conservée dans {kept}.")
    return EXIT_OK


COMMANDS = {
    "sauvegarde": cmd_backup,
    "restauration": cmd_restore,
    "demo": cmd_demo,
    "check": cmd_check,
    "import": cmd_import,
    "imports": cmd_imports,
    "undo": cmd_undo,
    "compute": cmd_compute,
    "export": cmd_export,
    "users": cmd_users,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with visible_output(), _SESSIONS:
            return _run(args)
    except Exception as exc:  # closing the database failed: still French, still no traceback
        return _unexpected(exc)


def _run(args: argparse.Namespace) -> int:
    """The command, every failure said in French with a non-zero exit, never a traceback."""
    import duckdb

    try:
        return COMMANDS[args.command](args)
    except CommandStopped as stopped:
        return stopped.code
    except DatabaseBusy as busy:
        print(f"Base occupée : {busy}.", file=sys.stderr)
        return EXIT_BUSY
    except duckdb.TransactionException:
        print(
            "Écriture refusée : une autre écriture a modifié les mêmes données au même moment ; "
            "rien n'a été enregistré, relancez la commande.",
            file=sys.stderr,
        )
        return EXIT_BUSY
    except duckdb.IOException as exc:
        print(
            f"Base « {args.db} » illisible ou inaccessible (droits, disque plein, fichier "
            f"abîmé) : {_first_line(exc)}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été enregistré par l'opération en cours.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        return EXIT_OK
    # Before OSError: a refused right is a PermissionError too.
    except AccessDenied as exc:
        print(f"Accès refusé : {exc}.", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        print(f"Fichier inaccessible : {exc.filename or ''} ({exc.strerror}).", file=sys.stderr)
        return EXIT_REFUSED
    except ConfigError as exc:
        print(f"Erreur dans {exc.path or 'indicators.yaml'} :", file=sys.stderr)
        for message in exc.messages:
            print(f"  - {message}", file=sys.stderr)
        return EXIT_REFUSED
    except ImportRefused as exc:
        print(f"REFUSÉ — {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        return _unexpected(exc)


if __name__ == "__main__":  # « python -m qualiboard.cli » as well as « python -m qualiboard »
    sys.exit(main())
