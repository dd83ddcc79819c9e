"""What every command of `python -m qualiboard` shares: exit codes, the database session taken
beside a running dashboard, the identity of the caller, French argument types and the parser."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from qualiboard.domain.config import DEFAULT_CONFIG_PATH, Config, load_config
from qualiboard.domain.kind_names import FRENCH_KIND_NAMES, kind_from_name
from qualiboard.domain.periods import FREQUENCY_TYPED, parse_month, typed_frequency
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.present.formatting import month_label
from qualiboard.present.french_argparse import FrenchParser
from qualiboard.store.access import ROLES, AccessDenied, Identity
from qualiboard.store.db import DEFAULT_DB_PATH, Connection
from qualiboard.store.environment import (
    CONFIG_VARIABLE,
    DB_VARIABLE,
    catalogue_path,
    database_path,
    pinned_today,
)
from qualiboard.store.gate import gate

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


# The database sessions of the running command, closed when it ends (see `main`).
_SESSIONS = contextlib.ExitStack()


class CommandStopped(Exception):
    """The command stops here with this exit code, its French message already printed."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# Characters from data that a terminal would obey (escape sequences clear the screen or change
# colours) are printed as their visible pictures (␛); tabs and line ends stay.
_CONTROL_PICTURES = {
    **{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)},
    0x7F: 0x2421,
    **{c: 0xFFFD for c in range(0x80, 0xA0)},
}
_ONE_LINE = {**_CONTROL_PICTURES, 0x0A: 0x2424, 0x0D: 0x240D}


def one_line(text: object) -> str:
    """A value from data (a file name…) on one line, its control characters made visible."""
    return str(text).translate(_ONE_LINE)


class _Visible:
    """A text stream that shows control characters instead of passing them to the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_CONTROL_PICTURES))

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """stdout and stderr of one command, control characters made visible."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(sys.stdout), _Visible(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _open(args: argparse.Namespace, read_only: bool = False, existing: bool = False) -> Connection:
    """The database for this command, shared with a running dashboard: opened now (waiting its
    turn, and saying so, while the dashboard uses it) and closed when the command ends. Reads
    open it read-only, so several reading commands run side by side. A command that reads
    (`existing`) stops on a base that does not exist rather than creating an empty one."""
    if existing and not Path(args.db).exists():
        where = f"--db ou la variable {DB_VARIABLE}" if os.environ.get(DB_VARIABLE) else "--db"
        print(
            f"erreur : base introuvable « {args.db} » (vérifiez {where} ; une base se crée par "
            "« python -m qualiboard import » ou « python -m qualiboard demo »)",
            file=sys.stderr,
        )
        raise CommandStopped(EXIT_USAGE)
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


def _frequency_arg(text: str) -> str:
    """A frequency by its French word or its internal name (monthly, quarterly…)."""
    try:
        return typed_frequency(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


_TYPED = list(FREQUENCY_TYPED)


def _date_arg(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        # A slip of the keyboard (1900, 2099) would pin every figure to a meaningless day.
        if not 2000 <= day.year <= 2100:
            raise argparse.ArgumentTypeError(
                f"date invraisemblable « {text} » (attendue entre 2000 et 2100)"
            )
        return day
    raise argparse.ArgumentTypeError(f"date illisible « {text} » (AAAA-MM-JJ)")


def _from_environment(variable: str, fallback: Path, in_force: Path) -> tuple[Path, str]:
    """The dashboard's path (`store.environment`), and the words of the help saying where it
    comes from (the value in force shown when it is the variable's)."""
    if not os.environ.get(variable):
        return in_force, f"défaut : variable {variable}, sinon {fallback}"
    shown = str(in_force).replace("%", "%%")  # argparse formats help texts with %
    return in_force, f"défaut : variable {variable}, ici {shown} ; sans elle, {fallback}"


def _common(parser: argparse.ArgumentParser) -> None:
    db, db_words = _from_environment(DB_VARIABLE, DEFAULT_DB_PATH, database_path())
    parser.add_argument(
        "--db", metavar="BASE", type=Path, default=db, help=f"base DuckDB ({db_words})"
    )
    config, config_words = _from_environment(CONFIG_VARIABLE, DEFAULT_CONFIG_PATH, catalogue_path())
    parser.add_argument(
        "--config",
        metavar="CATALOGUE",
        type=Path,
        default=config,
        help=f"catalogue des indicateurs ({config_words})",
    )


def today(args: argparse.Namespace) -> dt.date:
    """The day of the figures: --today, else the day pinned by QUALIBOARD_TODAY (as on the
    dashboard, to replay a past review), else today."""
    if args.today is not None:
        return args.today
    try:
        return pinned_today() or dt.date.today()
    except ValueError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        raise CommandStopped(EXIT_USAGE) from exc


def ordered_months(start: dt.date, end: dt.date, end_given: bool = True) -> None:
    """Stop a command whose first month comes after its last one (it would print nothing)."""
    if start > end:
        last = "--to" if end_given else "le dernier mois complet"
        print(
            f"erreur : --from ({month_label(start, long=True)}) est après {last} "
            f"({month_label(end, long=True)})" + ("" if end_given else " ; précisez --to"),
            file=sys.stderr,
        )
        raise CommandStopped(EXIT_USAGE)


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


# A service name may hold a comma (« Direction de l'Aménagement, de l'Urbanisme… »): one service
# per --services, repeated for several.
_SERVICES: dict = {
    "action": "append",
    "metavar": "SERVICE",
    "help": "service d'un pilote, tel que le nomme le catalogue ; répétez l'option pour "
    'plusieurs services : --services CCAS --services "État civil"',
}


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
        "--older-export",
        action="store_true",
        help="importer quand même un export plus ancien que celui qui a donné l'état actuel de "
        "certains enregistrements (ils reviennent à leur état plus ancien)",
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
    add.add_argument("--services", **_SERVICES)
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
    role.add_argument("--services", **_SERVICES)
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
        help=f"{', '.join(_TYPED[:-1])} ou {_TYPED[-1]} (12 mois) ; défaut : celle de "
        "chaque indicateur",
    )
    compute.add_argument(
        "--today",
        metavar="DATE",
        type=_date_arg,
        help="date du calcul (AAAA-MM-JJ ; défaut : variable QUALIBOARD_TODAY, sinon aujourd'hui)",
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
        help="date du bilan (AAAA-MM-JJ ; défaut : variable QUALIBOARD_TODAY, sinon aujourd'hui)",
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


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Mot de passe (encore) : ") != first:
        raise ValueError("les deux mots de passe diffèrent")
    return first


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:300]


def _unexpected(exc: BaseException) -> int:
    print(
        f"Erreur inattendue ({type(exc).__name__} : {_first_line(exc)}) ; rien n'a été enregistré "
        "par l'opération en cours. Signalez-la à l'équipe Qualiboard avec la commande lancée.",
        file=sys.stderr,
    )
    return EXIT_REFUSED


def refusable(con: Connection, write: Callable[[], object]) -> int:
    """Run a write of the core on `con`, then close it: a refusal (ValueError, in French) goes
    to stderr with EXIT_REFUSED."""
    try:
        write()
    except ValueError as exc:
        print(f"Impossible : {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()
    return EXIT_OK
