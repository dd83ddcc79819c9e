"""Headers that say a column holds a citizen's personal data: such columns are never stored."""

from __future__ import annotations

from qualiboard.domain.text import fold

# Columns whose header says they hold a citizen's personal data: never stored (GDPR minimisation).
PERSONAL_HEADERS: frozenset[str] = frozenset(
    fold(h)
    for h in (
        "nom",
        "prénom",
        "prenom",
        "nom prénom",
        "nom et prénom",
        "prénom nom",
        "nom du demandeur",
        "demandeur",
        "usager",
        "nom de l'usager",
        "nom usager",
        "expéditeur",
        "expediteur",
        "nom de l'expéditeur",
        "correspondant",
        "name",
        "user name",
        "username",
        "full name",
        "first name",
        "last name",
        "e-mail",
        "email",
        "mail",
        "courriel",
        "adresse mail",
        "adresse e-mail",
        "adresse email",
        "adresse électronique",
        "mél",
        "téléphone",
        "telephone",
        "tél",
        "tel",
        "n° de téléphone",
        "numéro de téléphone",
        "portable",
        "mobile",
        "phone",
        "adresse",
        "address",
        "adresse postale",
        "rue",
        "voie",
        "ipaddr",
        "adresse ip",
        "ip address",
        "token",
        "jeton",
        "latitude",
        "longitude",
        "lat",
        "lon",
        "lieu",
        "coordonnées",
        "contact",
        "domicile",
        "civilité",
        "date de naissance",
        "né le",
        "née le",
        "né(e) le",
        "n° sécurité sociale",
        "numéro de sécurité sociale",
        "n° de sécurité sociale",
        "nir",
        "n° ss",
        "signataire",
        "requérant",
        "plaignant",
        "réclamant",
        "déclarant",
        "auteur",
        "nom de naissance",
        "nom d'usage",
        "code postal du demandeur",
        "respondent email",
        "respondent name",
        "pétitionnaire",
        "nom du pétitionnaire",
        "titulaire",
        "titulaire de l'acte",
        "nom du titulaire",
        "votre nom",
        "votre prénom",
        "votre nom et prénom",
        "votre adresse",
        "votre e-mail",
        "votre courriel",
        "votre téléphone",
        "administré",
        "nom de l'administré",
        "bénéficiaire",
        "nom du bénéficiaire",
        "interlocuteur",
        "identité",
        "identité du demandeur",
        "identité de l'usager",
        "habitant",
        "citoyen",
        "administré concerné",
    )
)
_PERSONAL_PREFIXES = ("nom ", "prenom", "adresse ", "e mail", "email", "telephone", "numero de tel")
# A word that makes the header personal wherever it stands (« Mail usager », « Tél. portable »,
# « Courriel de contact », « Coordonnées du demandeur », « N° sécurité sociale »).
_PERSONAL_WORDS = frozenset(
    {
        "prenom",
        "email",
        "mail",
        "courriel",
        "mel",
        "telephone",
        "tel",
        "portable",
        "mobile",
        "phone",
        "domicile",
        "coordonnee",
        "contact",
        "naissance",
        "nir",
        "securite",
        "civilite",
        "ipaddr",
    }
)
# ... unless the header is about something else that merely mentions it: « Canal de contact »,
# « Appels tél. reçus », « Date du mail », « Nombre de courriels ».
_NOT_PERSONAL_WORDS = frozenset(
    {
        "date",
        "canal",
        "mode",
        "type",
        "motif",
        "nombre",
        "nb",
        "appel",
        "delai",
        "duree",
        "taux",
        "service",
        "commune",
        "site",
        "agent",
        "origine",
        "source",
        "objet",
        "premier",
        "moyen",
        "indicateur",
        "structure",
        "equipement",
        "etablissement",
        "dossier",
        "fichier",
        "projet",
        "action",
        "question",
        "enquete",
        "formulaire",
        "demarche",
    }
)


def _plain_words(key: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith(("s", "x")) else w for w in key.split()}


def is_personal_header(header: str) -> bool:
    key = fold(header)
    if key in PERSONAL_HEADERS:
        return True
    words = _plain_words(key)
    if words & _NOT_PERSONAL_WORDS:
        # « Date de naissance » is personal although it is a date.
        return "naissance" in words
    if words & _PERSONAL_WORDS:
        return True
    return key.startswith(_PERSONAL_PREFIXES)
