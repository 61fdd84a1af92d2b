"""Album names Meta creates itself, in the UI languages we know of.

Album names inside exports follow the account's UI language (unverified beyond English,
FORMATS.md section 2), so matching is case-insensitive and goes through these tables.
"""

from __future__ import annotations

PROFILE_PICTURES = frozenset({
    "profile pictures", "profile photos", "profilbilder", "photos de profil", "photos du profil",
    "fotos del perfil", "fotos de perfil", "fotos do perfil", "immagini del profilo", "foto del profilo",
    "profielfoto's", "zdjęcia profilowe", "profilképek", "profilové fotky", "profilbilleder",
    "profiilikuvat", "фото профиля", "profil fotoğrafları",
})
COVER_PHOTOS = frozenset({
    "cover photos", "titelbilder", "photos de couverture", "fotos de portada", "fotos da capa",
    "immagini di copertina", "foto di copertina", "omslagfoto's", "zdjęcia w tle", "borítóképek",
    "titulní fotky", "coverbilleder", "kansikuvat", "обложки", "kapak fotoğrafları",
})
# Albums that say nothing personal by their name; they keep it when charts are redacted.
SYSTEM_ALBUMS = frozenset({
    "mobile uploads", "timeline photos", "instagram photos", "videos", "stories", "reels",
    "uncategorized photos", "untitled album", "posts", "profile photos", "archived",
    "recently deleted", "igtv", "profile updates", "archived posts", "photos",
    "handy-uploads", "chronikfotos", "téléchargements mobiles", "photos du journal",
    "subidas desde el móvil", "fotos de la biografía",
}) | PROFILE_PICTURES | COVER_PHOTOS


def album_role(name: str) -> str:
    """``profile``, ``cover``, ``system`` or ``user`` for an album name."""
    key = name.strip().casefold()
    if key in PROFILE_PICTURES:
        return "profile"
    if key in COVER_PHOTOS:
        return "cover"
    if key in SYSTEM_ALBUMS:
        return "system"
    return "user"


def is_system_album(name: str) -> bool:
    return album_role(name) != "user"
