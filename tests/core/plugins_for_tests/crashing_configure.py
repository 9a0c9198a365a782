"""A plugin whose `servex_configure` has a bug."""

from servex import hookimpl


@hookimpl
def servex_configure(config):  # type: ignore[no-untyped-def]
    return config.settings_for("crashing_configure")["y"]
