"""The layers stay as the principles say: core never imports a plugin, and plugins use the public API.

Principle 2: built-in features are plugins on the same public hooks as third-party ones, and `core/`
never imports `plugins/`. Both are easy to break with one convenient import inside a function, so every
import statement of every module is read (at any depth, not only at the top of the file).

A handful of built-in commands run whole assessments (portfolio, bundle, onboarding) through core's
private modules, which have no public form yet. They are listed below: the list can shrink, and a new
private import fails this test until it is either made public or added here on purpose.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: private core modules a built-in plugin still imports, and which plugin package does (see the docstring)
ALLOWED_PRIVATE = {
    "servex._assess": {"bundle", "onboarding", "portfolio"},  # a whole assessment per site, bundle or draft
    "servex._cli": {"bundle", "onboarding", "portfolio"},  # the shared command-line checks and options
    "servex._clock": {"onboarding"},
    "servex._criteria": {"bundle"},  # the registry, to pack the sets a bundle needs
    "servex._errors": {"bundle", "portfolio"},
    "servex._manifest": {"bundle", "onboarding"},
    "servex._plugins": {"portfolio"},  # one plugin manager per site, in worker processes
}


def _private(module: str) -> str | None:
    """`servex._x` for a module of core's private `_x` (not `servex.__version__`, which is public)."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "servex" and parts[1].startswith("_") and not parts[1].startswith("__"):
        return ".".join(parts[:2])
    return None


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in the file, resolving `from . import x` against its package."""
    package = "servex." + ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    package = package.replace("servex.core", "servex").rstrip(".")
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # `from servex import _assess` names a module too
                yield node.lineno, f"{module}.{alias.name}"


def _modules(folder: str) -> list[Path]:
    return sorted(p for p in (REPO / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_core_never_imports_a_plugin() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in _modules("core")
        for line, module in _imports(path)
        if module == "servex.plugins" or module.startswith("servex.plugins.")
    ]
    assert not found, "core/ must reach plugins only through hooks:\n" + "\n".join(found)


def test_plugins_import_core_only_through_its_public_api() -> None:
    found = []
    for path in _modules("plugins"):
        owner = path.relative_to(REPO / "plugins").parts[0].removesuffix(".py")
        for line, module in _imports(path):
            private = _private(module)
            if private is not None and owner not in ALLOWED_PRIVATE.get(private, set()):
                found.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not found, "plugins must use `from servex import ...` (or extend ALLOWED_PRIVATE on purpose):\n" + (
        "\n".join(found)
    )


def test_the_allowlist_names_only_imports_that_still_exist() -> None:
    """An entry nobody needs any more is removed, so the list only ever shrinks."""
    used: dict[str, set[str]] = {}
    for path in _modules("plugins"):
        owner = path.relative_to(REPO / "plugins").parts[0].removesuffix(".py")
        for _line, module in _imports(path):
            private = _private(module)
            if private is not None:
                used.setdefault(private, set()).add(owner)
    stale = {m: owners - used.get(m, set()) for m, owners in ALLOWED_PRIVATE.items() if owners - used.get(m, set())}
    assert not stale, f"no longer imported, remove from ALLOWED_PRIVATE: {stale}"
