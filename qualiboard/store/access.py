"""Who may do what. Every write of the core calls `require` with the signed-in identity, so that
a hidden button, a forged request or a command line cannot write what the role does not allow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Roles from the least to the most trusted; each role holds the rights of the ones before it.
LECTEUR = "lecteur"
PILOTE = "pilote"
QUALITE = "responsable qualité"
ADMIN = "administrateur"
ROLES: tuple[str, ...] = (LECTEUR, PILOTE, QUALITE, ADMIN)

# Permissions (identifiers in English, their French wording for messages).
READ = "read"
DOWNLOAD = "download"
WRITE_NOTES = "write_notes"  # analyses, decisions, actions (a pilote: for their services only)
IMPORT = "import"  # imports, undo, mapping profiles
HOLD_REVIEW = "hold_review"
READ_JOURNAL = "read_journal"
MANAGE_ACCOUNTS = "manage_accounts"
SETTINGS = "settings"

PERMISSIONS: dict[str, tuple[str, str]] = {
    # permission: (least role holding it, what it allows, in French)
    READ: (LECTEUR, "consulter le tableau de bord"),
    DOWNLOAD: (LECTEUR, "télécharger les tableaux"),
    WRITE_NOTES: (PILOTE, "écrire les analyses, décisions et actions"),
    IMPORT: (QUALITE, "importer des données ou annuler un import"),
    HOLD_REVIEW: (QUALITE, "enregistrer une revue comme tenue"),
    READ_JOURNAL: (QUALITE, "consulter le journal"),
    MANAGE_ACCOUNTS: (ADMIN, "gérer les comptes"),
    SETTINGS: (ADMIN, "modifier les réglages"),
}


class AccessDenied(PermissionError):
    """Raised in French when an identity may not do something."""


@dataclass(frozen=True)
class Identity:
    """The person behind a write. `services` limits a pilote's writes; empty for other roles."""

    login: str
    name: str
    role: str
    services: tuple[str, ...] = field(default=())
    via: str = "compte local"  # compte local | fournisseur d'identité | anonyme | système

    @property
    def label(self) -> str:
        """How the journal and the history name this person: « Mme Durand (durand) »."""
        if self.name and self.name != self.login:
            return f"{self.name} ({self.login})"
        return self.login

    @property
    def anonymous(self) -> bool:
        return self.via == "anonyme"


ANONYMOUS = Identity("anonyme", "Visiteur anonyme", LECTEUR, via="anonyme")
# The installer: demo loading and the command line of a database that has no account yet.
SYSTEM = Identity("système", "Qualiboard", ADMIN, via="système")


def role_rank(role: str) -> int:
    try:
        return ROLES.index(role)
    except ValueError:
        raise AccessDenied(f"rôle inconnu « {role} »") from None


def can(identity: Identity | None, permission: str, service: str | None = None) -> bool:
    """Whether `identity` may do `permission` (for `service`, when the write concerns one)."""
    if identity is None:
        return False
    least, _ = PERMISSIONS[permission]
    if identity.anonymous and permission not in (READ, DOWNLOAD):
        return False
    if role_rank(identity.role) < role_rank(least):
        return False
    # A pilote writes for the services they own; from responsable qualité up, for all.
    if permission == WRITE_NOTES and identity.role == PILOTE:
        return service is not None and service in identity.services
    return True


def require(identity: Identity | None, permission: str, service: str | None = None) -> Identity:
    """Return the identity when it may do `permission`; otherwise raise AccessDenied in French."""
    if can(identity, permission, service):
        assert identity is not None
        return identity
    what = PERMISSIONS[permission][1]
    if identity is None or identity.anonymous:
        raise AccessDenied(f"connectez-vous pour {what}")
    least = PERMISSIONS[permission][0]
    if permission == WRITE_NOTES and identity.role == PILOTE:
        owned = ", ".join(identity.services) or "aucun"
        target = f"le service « {service} »" if service else "tous les services à la fois"
        raise AccessDenied(
            f"{identity.label} est pilote des services : {owned} ; "
            f"il ne peut pas {what} pour {target}"
        )
    raise AccessDenied(
        f"le rôle « {identity.role} » de {identity.label} ne permet pas de {what} "
        f"(rôle nécessaire : {least}{'' if least == ROLES[-1] else ' ou plus'})"
    )


def services_text(services: Iterable[str]) -> str:
    return ", ".join(services) or "—"
