"""DRF token authentication under the standard `Bearer` keyword (DRF's default keyword is `Token`)."""

from rest_framework.authentication import TokenAuthentication


class BearerToken(TokenAuthentication):
    keyword = "Bearer"
