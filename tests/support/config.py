"""mkdocs.yml read as data, for tests that need a setting without a build."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["CONFIG", "site_config", "translation_prefixes"]

CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def site_config(config: Path = CONFIG) -> dict:
    """mkdocs.yml as plain data, without running it: its own tags (``!ENV``,
    ``!!python/name:``) read as None (the tests that use this do not need them)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)


def translation_prefixes(config: Path = CONFIG) -> tuple[str, ...]:
    """Where the other editions live in the built site, as mkdocs.yml's i18n
    plugin lists its languages: ``("zh/",)``, one prefix per language but the
    default one (which is built at the site's root)."""
    for plugin in site_config(config).get("plugins") or ():
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"].get("languages") or ()
            return tuple(f"{lang['locale']}/" for lang in languages if not lang.get("default"))
    return ()
