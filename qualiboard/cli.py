"""Command line: python -m qualiboard demo|check|import|imports|undo|compute|export|users|
sauvegarde|restauration."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import json
import os
import sys
import time
from pathlib import Path

from qualiboard.domain.config import DEFAULT_CONFIG_PATH, Config, ConfigError, load_config
from qualiboard.domain.kind_names import FRENCH_KIND_NAMES, kind_from_name
from qualiboard.domain.labels import kind_label
from qualiboard.domain.periods import last_complete_month, parse_month
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.ingest.errors import ImportRefused
from qualiboard.present.formatting import date_fr, number
from qualiboard.present.french_argparse import FrenchParser
from qualiboard.store.access import ROLES, AccessDenied, Identity
from qualiboard.store.db import DEFAULT_DB_PATH, Connection, total_records
from qualiboard.store.gate import DatabaseBusy, gate, occupant

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
# The database sessions of the running command, closed when it ends (see `main`).
_SESSIONS = contextlib.ExitStack()


def _open(args: argparse.Namespace, read_only: bool = False) -> Connection:
    """The database for this command, shared with a running dashboard: opened now (waiting its
    turn, and saying so, while the dashboard uses it) and closed when the command ends. Reads
    open it read-only, so several reading commands run side by side."""
    holder = f"la commande « {args.command} »"
    door = gate(args.db, holder, read_only=read_only and Path(args.db).exists())
    return _SESSIONS.enter_context(
        door.session(on_wait=lambda message: print(message, file=sys.stderr, flush=True))
    )


def _kind_arg(text: str) -> str:
    """A source kind by its French name (« réclamations ») or its internal one (`complaints`)."""
    kind = kind_from_name(text, frozenset(SOURCE_KINDS))
    if kind is None:
        raise argparse.ArgumentTypeError(
            f"type de données inconnu « {text} » (possibles : {', '.join(FRENCH_KIND_NAMES)})"
        )
    return kind


def _month_arg(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


_FREQUENCIES = {
    "mensuelle": "monthly",
    "trimestrielle": "quarterly",
    "annuelle": "yearly",
    "glissante": "rolling12",
}


def _frequency_arg(text: str) -> str:
    """A frequency by its French word or its internal name (monthly, quarterly…)."""
    wanted = text.strip().lower()
    if wanted in _FREQUENCIES.values():
        return wanted
    if wanted in _FREQUENCIES:
        return _FREQUENCIES[wanted]
    raise argparse.ArgumentTypeError(
        f"périodicité inconnue « {text} » (possibles : {', '.join(_FREQUENCIES)})"
    )


def _date_arg(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"date illisible « {text} » (AAAA-MM-JJ)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="BASE",
        type=Path,
        default=DEFAULT_DB_PATH,
        help=f"base DuckDB (défaut : {DEFAULT_DB_PATH})",
    )
    parser.add_argument(
        "--config",
        metavar="CATALOGUE",
        type=Path,
        default=DEFAULT_CONFIG_PATH,
        help=f"catalogue des indicateurs (défaut : {DEFAULT_CONFIG_PATH})",
    )


def _as_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="IDENTIFIANT",
        help="identifiant du compte qui écrit (défaut : variable QUALIBOARD_USER) ; "
        "facultatif tant que la base n'a aucun compte",
    )


def cli_identity(con, args: argparse.Namespace) -> Identity:
    """Who writes from the command line. Someone with a shell on the server can open the file
    anyway, so no password is asked; but the named account must exist, be active and hold the
    role, and its name goes to the journal. A database with no account yet (installation, nightly
    jobs set up before any account) writes as the installer."""
    from qualiboard.store.accounts import has_real_accounts, identity_for

    login = args.user or os.environ.get("QUALIBOARD_USER")
    if login:
        identity = identity_for(con, login, "ligne de commande")
        if identity is None:
            raise AccessDenied(f"compte « {login} » inconnu ou désactivé")
        return identity
    if has_real_accounts(con):
        raise AccessDenied(
            "la base a des comptes : indiquez le vôtre avec --user IDENTIFIANT "
            "(ou la variable QUALIBOARD_USER)"
        )
    try:
        who = getpass.getuser()
    except Exception:  # no user name in some containers
        who = "inconnu"
    return Identity(f"installation ({who})", "Installation", "administrateur", via="système")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="python -m qualiboard", description="Qualiboard : indicateurs Qualivilles"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    demo = sub.add_parser("demo", help="génère la ville de démonstration et l'importe")
    _common(demo)
    demo.add_argument(
        "--samples",
        metavar="DOSSIER",
        type=Path,
        default=Path("data/samples"),
        help="dossier des fichiers de démo",
    )
    demo.add_argument("--end-month", metavar="MOIS", type=_month_arg, help="dernier mois (AAAA-MM)")
    demo.add_argument(
        "--seed",
        metavar="NOMBRE",
        type=int,
        default=2026,
        help="graine du tirage (même graine, mêmes fichiers)",
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="ne rien faire si la base contient déjà des données"
    )
    demo.add_argument(
        "--no-generate",
        action="store_true",
        help="importer les fichiers déjà présents sans les régénérer",
    )

    check = sub.add_parser("check", help="vérifie indicators.yaml")
    _common(check)

    imp = sub.add_parser("import", help="importe un ou plusieurs fichiers")
    _common(imp)
    imp.add_argument("files", nargs="+", type=Path, metavar="FICHIER", help="fichiers à importer")
    imp.add_argument(
        "--kind",
        type=_kind_arg,
        metavar="TYPE",
        help="type de données, si la reconnaissance automatique se trompe ou hésite : "
        + ", ".join(FRENCH_KIND_NAMES),
    )
    imp.add_argument(
        "--mapping", metavar="FICHIER", type=Path, help="correspondance des colonnes (YAML)"
    )
    imp.add_argument("--profile", metavar="NOM", help="profil de correspondance enregistré")
    imp.add_argument("--sheet", metavar="FEUILLE", help="feuille à lire")
    imp.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="importer les lignes valides et écarter les autres",
    )
    imp.add_argument(
        "--save-profile", metavar="NOM", help="enregistrer la correspondance sous ce nom"
    )
    imp.add_argument(
        "--as-of",
        metavar="DATE",
        type=_date_arg,
        help="date des données (AAAA-MM-JJ) si le fichier ne la donne pas ou la donne mal",
    )
    _as_user(imp)

    imports = sub.add_parser("imports", help="historique des imports")
    _common(imports)

    undo = sub.add_parser("undo", help="annule un import")
    _common(undo)
    undo.add_argument("batch_id", type=int, metavar="NUMÉRO", help="numéro de l'import (imports)")
    _as_user(undo)

    users = sub.add_parser("users", help="comptes : add, list, disable, enable, role, password")
    users_sub = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="crée un compte")
    add.add_argument("login", metavar="IDENTIFIANT", help="identifiant du compte")
    add.add_argument("--name", metavar="NOM", default="", help="nom affiché (ex. : Mme Durand)")
    add.add_argument("--role", choices=ROLES, required=True, help="rôle du compte")
    add.add_argument(
        "--services",
        metavar="SERVICES",
        default="",
        help="services d'un pilote, séparés par des virgules",
    )
    add.add_argument(
        "--oidc",
        action="store_true",
        help="sans mot de passe : connexion par le fournisseur d'identité (identifiant = courriel)",
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="lire le mot de passe sur l'entrée standard"
    )
    listing = users_sub.add_parser("list", help="liste les comptes")
    disable = users_sub.add_parser("disable", help="désactive un compte")
    disable.add_argument("login", metavar="IDENTIFIANT", help="identifiant du compte")
    enable = users_sub.add_parser("enable", help="réactive un compte (et le déverrouille)")
    enable.add_argument("login", metavar="IDENTIFIANT", help="identifiant du compte")
    role = users_sub.add_parser("role", help="change le rôle (et les services) d'un compte")
    role.add_argument("login", metavar="IDENTIFIANT", help="identifiant du compte")
    role.add_argument(
        "role", choices=ROLES, metavar="RÔLE", help="nouveau rôle : " + ", ".join(ROLES)
    )
    role.add_argument(
        "--services", metavar="SERVICES", help="services d'un pilote, séparés par des virgules"
    )
    password = users_sub.add_parser("password", help="change le mot de passe d'un compte")
    password.add_argument("login", metavar="IDENTIFIANT", help="identifiant du compte")
    password.add_argument(
        "--password-stdin", action="store_true", help="lire le mot de passe sur l'entrée standard"
    )
    for each in (add, listing, disable, enable, role, password):
        _common(each)
        _as_user(each)

    compute = sub.add_parser("compute", help="calcule les indicateurs")
    _common(compute)
    compute.add_argument(
        "--indicator",
        action="append",
        metavar="CODE",
        help="indicateur (répétable ; défaut : tous)",
    )
    compute.add_argument(
        "--from", metavar="MOIS", dest="start", type=_month_arg, help="premier mois (AAAA-MM)"
    )
    compute.add_argument(
        "--to", metavar="MOIS", dest="end", type=_month_arg, help="dernier mois (AAAA-MM)"
    )
    compute.add_argument("--by", choices=["service"], action="append", help="ventiler par service")
    compute.add_argument(
        "--frequency",
        type=_frequency_arg,
        metavar="PÉRIODICITÉ",
        help="mensuelle, trimestrielle, annuelle ou glissante (12 mois) ; défaut : celle de "
        "chaque indicateur",
    )
    compute.add_argument(
        "--today",
        metavar="DATE",
        type=_date_arg,
        help="date du calcul (AAAA-MM-JJ ; défaut : aujourd'hui)",
    )
    compute.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="format de sortie"
    )

    export = sub.add_parser("export", help="exporte le bilan annuel (CSV ou XLSX)")
    _common(export)
    export.add_argument("--year", type=int, metavar="ANNÉE", help="année civile du bilan")
    export.add_argument(
        "--from",
        metavar="MOIS",
        dest="start",
        type=_month_arg,
        help="premier mois d'une période (AAAA-MM)",
    )
    export.add_argument(
        "--to",
        metavar="MOIS",
        dest="end",
        type=_month_arg,
        help="dernier mois d'une période (AAAA-MM)",
    )
    export.add_argument(
        "--format", choices=["csv", "xlsx"], default="xlsx", help="format du fichier"
    )
    export.add_argument(
        "--today",
        metavar="DATE",
        type=_date_arg,
        help="date du bilan (AAAA-MM-JJ ; défaut : aujourd'hui)",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FICHIER", help="fichier écrit")

    save = sub.add_parser(
        "sauvegarde", help="copie cohérente de la base, même pendant que le tableau de bord tourne"
    )
    _common(save)
    save.add_argument("destination", type=Path, help="fichier de sauvegarde à écrire (.duckdb)")

    back = sub.add_parser(
        "restauration", help="remet une sauvegarde en place (tableau de bord arrêté)"
    )
    _common(back)
    back.add_argument("sauvegarde", type=Path, help="fichier écrit par « sauvegarde »")
    return parser


def _config(path: Path) -> Config:
    return load_config(path)


def cmd_check(args: argparse.Namespace) -> int:
    config = _config(args.config)
    print(
        f"{args.config} : {len(config.indicators)} indicateurs valides "
        f"(modules {', '.join(map(str, config.modules))}), organisation « "
        f"{config.organisation.name} »."
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from qualiboard.demo import GENERATORS, Town, generate
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
        print(f"Démonstration chargée en {time.perf_counter() - started:.1f} s dans {args.db}.")
    finally:
        con.close()
    return EXIT_OK


def _mapping_help(
    path: Path, headers: list[str], mapping: object, missing: dict, already: bool = False
) -> None:
    """Headers found, the best candidates per missing field, a mapping file to edit."""
    from qualiboard.ingest.suggest import help_lines, write_suggestion

    for line in help_lines(path.name, headers, mapping, missing):  # type: ignore[arg-type]
        print(line, file=sys.stderr)
    if mapping is None:
        return
    written, text = write_suggestion(path, mapping, missing)  # type: ignore[arg-type]
    if written:
        print(
            f"Correspondance proposée écrite dans {written} : vérifiez-la, puis relancez avec "
            f"--mapping {written}",
            file=sys.stderr,
        )
    else:
        print("Correspondance proposée (à enregistrer dans un fichier .yaml) :", file=sys.stderr)
        print(text, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from qualiboard.ingest.asof import AsOf
    from qualiboard.ingest.batches import commit_import, prepare_import
    from qualiboard.ingest.mapping import UnrecognisedFile, load_mapping_file

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
                origin = f"profil « {plan.profile_name} »" if plan.profile_name else plan.origin
                print(
                    f"« {path.name} » : type {plan.kind} ({origin}, confiance "
                    f"{plan.confidence:.2f}) ; colonnes : "
                    + ", ".join(f"{f} ← « {h} »" for f, h in plan.mapping.columns.items())
                )
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
                print(f"« {path.name} » : données au {plan.as_of.text}.")
                for note in plan.notes:
                    print(f"« {path.name} » : {note}")
                for header, reason in plan.personal_reasons.items():
                    print(
                        f"« {path.name} » : colonne « {header} » non conservée (données "
                        f"personnelles : {reason})"
                    )
                if plan.missing:
                    _mapping_help(path, plan.headers, plan.mapping, plan.missing)
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
                    _mapping_help(path, refused.headers, refused.mapping, refused.missing)
                for problem in refused.problems[:200]:
                    print(
                        "  " + problem.describe(refused.file_name, refused.sheet), file=sys.stderr
                    )
                if refused.total_problems > 200:
                    others = refused.total_problems - min(len(refused.problems), 200)
                    print(f"  … et {number(others)} autres", file=sys.stderr)
    finally:
        con.close()
    return status


def cmd_imports(args: argparse.Namespace) -> int:
    from qualiboard.ingest.batches import list_batches

    con = _open(args, read_only=True)
    try:
        batches = list_batches(con)
    finally:
        con.close()
    if batches.empty:
        print("Aucun import.")
        return EXIT_OK
    for row in batches.itertuples():
        print(
            f"n° {row.batch_id:>4}  {row.imported_at:%d/%m/%Y %H:%M}  {row.status:<8} "
            f"{row.kind:<15} {row.file_name}  (données au {date_fr(row.as_of)} ; "
            f"{row.rows_read} lues : {row.rows_inserted} "
            f"ajoutées, {row.rows_updated} mises à jour, {row.rows_unchanged} inchangées, "
            f"{row.rows_rejected} écartées) — par {row.imported_by or 'inconnu'}"
        )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from qualiboard.ingest.batches import undo_import

    con = _open(args)
    try:
        print(
            undo_import(
                con,
                args.batch_id,
                identity=cli_identity(con, args),
                archive_dir=args.db.parent / "archive",
            )
        )
    except ValueError as exc:
        print(f"Impossible : {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()
    return EXIT_OK


def cmd_compute(args: argparse.Namespace) -> int:
    from qualiboard.engine.indicators import compute_all
    from qualiboard.present.formatting import period_label, status_badge, value_with_unit

    config = _config(args.config)
    today = args.today or dt.date.today()
    end = args.end or last_complete_month(today)
    start = args.start or end.replace(year=end.year - 1)
    for indicator_id in args.indicator or []:
        try:
            config.indicator(indicator_id)
        except KeyError:
            print(f"erreur : indicateur inconnu « {indicator_id} »", file=sys.stderr)
            return EXIT_USAGE
    con = _open(args)  # the engine refreshes its working-day calendar
    try:
        results = compute_all(
            con,
            config,
            start=start,
            end=end,
            frequency=args.frequency,
            by=args.by,
            today=today,
            indicator_ids=args.indicator,
        )
    finally:
        con.close()
    if args.format == "csv":
        from qualiboard.present.export import french_csv

        sys.stdout.write(french_csv(results))
    elif args.format == "json":
        records = json.loads(
            results.to_json(orient="records", date_format="iso", force_ascii=False)
        )
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        for row in results.itertuples():
            indicator = config.indicator(row.indicator_id)
            service = f" [{row.service}]" if isinstance(row.service, str) else ""
            count = "" if row.denominator != row.denominator else f" (n = {int(row.denominator)})"
            print(
                f"{row.indicator_id:<28} {period_label(row.period, row.frequency):<12}{service} "
                f"{value_with_unit(row.value, indicator):>14}{count}  {status_badge(row.status)}"
                + ("  (provisoire)" if row.provisional else "")
            )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from qualiboard.steering.annual import annual_csv_bytes, annual_review, annual_xlsx_bytes

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
    if end < start:
        print("erreur : la fin de la période précède son début", file=sys.stderr)
        return EXIT_USAGE
    config = _config(args.config)
    con = _open(args)  # idem
    try:
        review = annual_review(con, config, start, end, args.today or dt.date.today())
    finally:
        con.close()
    data = annual_csv_bytes(review) if args.format == "csv" else annual_xlsx_bytes(review)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Bilan ({review.title}) écrit dans {args.out} ({len(review.synthesis)} indicateurs).")
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Mot de passe (encore) : ") != first:
        raise ValueError("les deux mots de passe diffèrent")
    return first


def _services(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(s.strip() for s in text.split(",") if s.strip())


def cmd_users(args: argparse.Namespace) -> int:
    from qualiboard.store import accounts

    con = _open(args)
    try:
        if args.action == "list":
            frame = accounts.list_accounts(con)
            if frame.empty:
                print("Aucun compte.")
            for row in frame.itertuples(index=False):
                print(
                    f"{row[0]:<28} {row[2]:<20} {row[4]:<22} désactivé : {row[5]:<4} "
                    f"verrouillé : {row[6]:<4} {row[1]}"
                    + (f" — services : {row[3]}" if row[3] else "")
                )
            return EXIT_OK
        by = cli_identity(con, args)
        if args.action == "add":
            password = None if args.oidc else _read_password(args)
            accounts.add_account(
                con,
                by,
                args.login,
                name=args.name,
                role=args.role,
                password=password,
                services=_services(args.services) or (),
            )
            print(f"Compte « {args.login.strip().lower()} » créé ({args.role}).")
        elif args.action in ("disable", "enable"):
            accounts.set_disabled(con, by, args.login, args.action == "disable")
            state = "désactivé" if args.action == "disable" else "réactivé"
            print(f"Compte « {args.login} » {state}.")
        elif args.action == "role":
            accounts.set_role(con, by, args.login, args.role, _services(args.services))
            print(f"Compte « {args.login} » : rôle {args.role}.")
        elif args.action == "password":
            accounts.set_password(con, by, args.login, _read_password(args))
            print(f"Mot de passe du compte « {args.login} » changé.")
    except ValueError as exc:
        print(f"Impossible : {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from qualiboard.store.backup import BackupError, backup

    if not Path(args.db).exists():
        print(f"Impossible : base « {args.db} » introuvable.", file=sys.stderr)
        return EXIT_REFUSED
    con = _open(args)
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
        with _SESSIONS:
            return _run(args)
    except Exception as exc:  # closing the database failed: still French, still no traceback
        return _unexpected(exc)


def _run(args: argparse.Namespace) -> int:
    """The command, every failure said in French with a non-zero exit, never a traceback."""
    import duckdb

    try:
        return COMMANDS[args.command](args)
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


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:300]


def _unexpected(exc: BaseException) -> int:
    print(
        f"Erreur inattendue ({type(exc).__name__} : {_first_line(exc)}) ; rien n'a été enregistré "
        "par l'opération en cours. Signalez-la à l'équipe Qualiboard avec la commande lancée.",
        file=sys.stderr,
    )
    return EXIT_REFUSED
