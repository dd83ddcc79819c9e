"""argparse in French: « utilisation : », « options : », « affiche cette aide et quitte », and
its error messages.

argparse looks its words up with `gettext` through its module-level `_` and `ngettext`; a French
catalogue is not shipped with Python, so the parser swaps those two names for the time of its
own calls (building, help, parsing) and puts them back after: another parser in the same process
keeps its English. Every message of argparse has its French here (a test reads argparse's source
to keep it so); values typed by the user are shown between « », never as Python's 'repr'."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Iterator

FRENCH: dict[str, str] = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "affiche cette aide et quitte",
    "subcommands": "commandes",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : « %(value)s » (valeurs possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : « %(value)s »",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "not allowed with argument %s": "incompatible avec %s",
    "ignored explicit argument %r": "valeur ignorée : « %s »",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue « %(parser_name)s » (commandes : %(choices)s)"
    ),
    'argument "-" with mode %r': "argument « - » avec le mode « %s »",
    # Mistakes in the building of a parser: said to a developer, in French all the same.
    ".__call__() not defined": ".__call__() non définie",
    "conflicting subparser: %s": "commande en double : %s",
    "conflicting subparser alias: %s": "alias de commande en double : %s",
    "cannot merge actions - two groups are named %r": (
        "fusion impossible : deux groupes s'appellent « %s »"
    ),
    "'required' is an invalid argument for positionals": (
        "« required » ne s'applique pas à un argument positionnel"
    ),
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "option invalide « %(option)s » : elle doit commencer par l'un des caractères "
        "« %(prefix_chars)s »"
    ),
    "dest= is required for options like %r": "dest= est obligatoire pour une option comme « %s »",
    "invalid conflict_resolution value: %r": "valeur de conflict_resolution invalide : « %s »",
    "mutually exclusive arguments must be optional": (
        "des arguments mutuellement exclusifs doivent être facultatifs"
    ),
    "cannot have multiple subparser arguments": "un seul groupe de commandes est possible",
    "%r is not callable": "« %s » n'est pas appelable",
}
# argparse's `ngettext` messages, singular and plural.
PLURALS: dict[str, str] = {
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "conflicting option string: %s": "option en double : %s",
    "conflicting option strings: %s": "options en double : %s",
}
# Type names that argparse puts in « invalid int value ».
TYPE_NAMES = {"int": "nombre entier", "float": "nombre", "Path": "chemin"}
_REQUIRED = FRENCH["the following arguments are required: %s"].split("%")[0]
_UNRECOGNIZED_ATTR = getattr(argparse, "_UNRECOGNIZED_ARGS_ATTR", "_unrecognized_args")


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def _french_plural(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


@contextlib.contextmanager
def in_french() -> Iterator[None]:
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _french, _french_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def unrecognized(extras: list[str]) -> str:
    """« argument non reconnu : --inconnu », « arguments non reconnus : -x --y »."""
    if len(extras) == 1:
        return f"argument non reconnu : {extras[0]}"
    return FRENCH["unrecognized arguments: %s"] % " ".join(extras)


def argument_error(error: argparse.ArgumentError) -> str:
    """« option --from : … » for an option, « argument COMMANDE : … » for a positional."""
    name = error.argument_name
    if name is None:
        return error.message
    word = "option" if name.startswith("-") else "argument"
    return f"{word} {name} : {error.message}"


class FrenchHelpFormatter(argparse.HelpFormatter):
    """Help laid out as argparse does, with French words and a default value said in French
    (never an empty one: « (défaut : ) » says nothing)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            text
            and "défaut" not in text
            and default not in (None, False, "", argparse.SUPPRESS)
            and action.option_strings
            and not isinstance(default, list)
        ):
            text += " (défaut : %(default)s)"
        return text


class FrenchSubParsersAction(argparse._SubParsersAction):
    """Arguments that a command does not know are refused by that command, with its own usage
    line (argparse leaves them to the top-level parser, whose usage says nothing of them)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        super().__call__(parser, namespace, values, option_string)
        extras = vars(namespace).pop(_UNRECOGNIZED_ATTR, None)
        if extras:
            self._name_parser_map[values[0]].error(unrecognized(extras))


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks French in its help, usage and errors."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        # argparse's own catching of its errors would word them itself: this parser does it.
        self._exits_on_error = kwargs.pop("exit_on_error", True)
        self._unknown_options: list[str] = []
        with in_french():
            super().__init__(*args, exit_on_error=False, **kwargs)
        self.register("action", "parsers", FrenchSubParsersAction)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", type(self))
        kwargs.setdefault("title", "commandes")
        with in_french():
            return super().add_subparsers(**kwargs)

    def format_usage(self) -> str:
        with in_french():
            return super().format_usage()

    def format_help(self) -> str:
        with in_french():
            return super().format_help()

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error(unrecognized(extras))
        return parsed

    def parse_known_args(self, args=None, namespace=None):
        self._unknown_options = []
        with in_french():
            try:
                return super().parse_known_args(args, namespace)
            except argparse.ArgumentError as error:
                if not self._exits_on_error:
                    raise
                self.error(argument_error(error))

    def _parse_optional(self, arg_string):
        """argparse's reading of one word, noting the options this parser does not know: an
        error about a missing argument names them too (« -x » was perhaps the command)."""
        found = super()._parse_optional(arg_string)
        tuples = found if isinstance(found, list) else [found] if found else []
        if tuples and all(each[0] is None for each in tuples):
            self._unknown_options.append(arg_string)
        return found

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(f"« {choice} »" for choice in action.choices)
            message = _french("invalid choice: %(value)r (choose from %(choices)s)")
            raise argparse.ArgumentError(action, message % {"value": value, "choices": choices})

    def error(self, message: str) -> None:
        with in_french():
            message = re.sub(
                r"\((\w+) attendu\)",
                lambda m: f"({TYPE_NAMES.get(m.group(1), m.group(1))} attendu)",
                message,
            )
            if message.startswith(_REQUIRED):
                if ", " not in message:  # « argument obligatoire manquant : COMMANDE »
                    message = "argument obligatoire manquant : " + message[len(_REQUIRED) :]
                if self._unknown_options:
                    message += f" ; {unrecognized(self._unknown_options)}"
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog} : erreur : {message}\n")
