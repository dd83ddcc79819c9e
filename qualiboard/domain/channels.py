"""The channels of a letter, as the indicators name them, and the spellings registers and mail
software use for each."""

from __future__ import annotations

# A letter's channel decides which engagement counts it (letters in 15 days, e-mails in 5):
# the spellings are brought to the three words the indicators name; any other is kept as typed
# and the import warns that no indicator counts it.
MAIL_CHANNELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Courrier",
        (
            "courrier", "courrier postal", "courrier papier", "par courrier", "lettre",
            "lettre simple", "lettre recommandée", "recommandé", "lrar", "postal",
            "voie postale", "papier", "poste",
        ),
    ),
    (
        "Courriel",
        (
            "courriel", "courrier électronique", "e-mail", "email", "mail", "mél", "mel",
            "message électronique", "par courriel", "par mail", "messagerie",
        ),
    ),
    (
        "Formulaire en ligne",
        (
            "formulaire en ligne", "formulaire web", "formulaire internet",
            "formulaire du site", "site internet", "en ligne", "téléservice",
            "téléprocédure", "démarche en ligne", "web",
        ),
    ),
)  # fmt: skip
