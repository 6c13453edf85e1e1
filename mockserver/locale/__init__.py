"""Django's internationalisation for the APIs whose deployment speaks several languages.

An API declares its languages through its module (`ApiModule.languages`, e.g. the conversations shop's
`fa` and `en` from fixtures/conversations.yaml). For its requests the locale layer (`layer`) chooses the
language as Django's LocaleMiddleware does (`languages`) and activates it (`translation`), so every DRF or
Django message is translated where it is made, with the framework's own catalogue (`fa.json`); the layer
then stamps `Content-Language` and `Vary: Accept-Language` on the answer. An API that declares no languages
is never activated, and its messages stay the English msgids they are written as.
"""

from mockserver.locale.languages import Languages
from mockserver.locale.translation import activated, active_language, gettext

__all__ = ["Languages", "activated", "active_language", "gettext"]
