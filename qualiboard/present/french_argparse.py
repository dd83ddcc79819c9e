"""argparse in French: « utilisation : », « options : », « affiche cette aide et quitte », and
its error messages.

argparse looks its words up with `gettext` through its module-level `_` and `ngettext`; a French
catalogue is not shipped with Python, so the parser swaps those two names for the time of its
own calls (building, help, parsing) and puts them back after: another parser in the same process
keeps its English."""

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
    "argument %(argument_name)s: %(message)s": "option %(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "not allowed with argument %s": "incompatible avec l'option %s",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "one of the arguments %s is required": "l'une de ces options est obligatoire : %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue %(parser_name)r (commandes : %(choices)s)"
    ),
}
# Type names that argparse puts in « invalid int value ».
TYPE_NAMES = {"int": "nombre entier", "float": "nombre", "Path": "chemin"}


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def _french_plural(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return {
        "expected %s argument": "%s valeur attendue",
        "expected %s arguments": "%s valeurs attendues",
        "conflicting option string: %s": "option en double : %s",
        "conflicting option strings: %s": "options en double : %s",
    }.get(chosen, chosen)


@contextlib.contextmanager
def in_french() -> Iterator[None]:
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _french, _french_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class FrenchHelpFormatter(argparse.HelpFormatter):
    """Help laid out as argparse does, with French words and a default value said in French."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            text
            and "défaut" not in text
            and default not in (None, False, argparse.SUPPRESS)
            and action.option_strings
            and not isinstance(default, list)
        ):
            text += " (défaut : %(default)s)"
        return text


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks French in its help, usage and errors."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        with in_french():
            super().__init__(*args, **kwargs)

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

    def parse_known_args(self, args=None, namespace=None):
        with in_french():
            return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:
        with in_french():
            message = re.sub(
                r"\((\w+) attendu\)",
                lambda m: f"({TYPE_NAMES.get(m.group(1), m.group(1))} attendu)",
                message,
            )
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog} : erreur : {message}\n")
