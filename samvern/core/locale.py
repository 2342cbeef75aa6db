from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageLocaleMiddleware(LocaleMiddleware):
    """Bokmål unless the person chose another language with the language switch.

    Django's own middleware follows the browser's Accept-Language header, which would show
    most visitors on an English-language browser the English pages; Samvern serves
    Norwegian public services, so pages do not consult it. API clients state the language
    they want explicitly, so the API keeps honouring the header.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
