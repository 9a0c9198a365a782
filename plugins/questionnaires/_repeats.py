"""Responses met again in a later answers file of the same run are counted once.

What was observed: two staff interviewed, three needed, left a requirement insufficient; the answers file
copied under another name, its respondents renumbered, made four respondents and the requirement
satisfied, without a word. Within one file a respondent id that answers twice was already caught; across
files nothing was.

Two keys say that a response was met before, in an earlier file (files are read in a fixed order, so the
first one keeps it):

- the person: a respondent with a name besides the id (an interview file names who was interviewed) is
  one person whatever the id, the answers or the date: "Mechanic A" interviewed in two files counts once;
- the response: the same role, name (or id, when there is no name), date and answers, which is an export
  of the same responses saved twice.

Respondents known only by a tool's id or a row number (two waves of a survey export each have a "row 2")
are different people in two files unless their responses are the same in every respect.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["Repeats"]


class Repeats:
    """What earlier answers files of the run held, to find the responses a later file repeats."""

    def __init__(self) -> None:
        self._where: dict[tuple[str, ...], str] = {}  #: key -> the file it was first met in

    @staticmethod
    def _keys(rid: str, who: Mapping[str, Any], answered_at: Any, answers: Any) -> list[tuple[str, ...]]:
        name = str(who.get("name") or "").strip()
        role = str(who.get("role"))
        said = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
        keys: list[tuple[str, ...]] = [("response", role, (name or rid).casefold(), str(answered_at), said)]
        if name and name != rid:
            keys.append(("person", role, " ".join(name.casefold().split())))
        return keys

    def earlier(self, rel: str, rid: str, who: Mapping[str, Any], answered_at: Any, answers: Any) -> str | None:
        """The earlier file that holds this response or this person, else None (and the response is
        remembered as `rel`'s)."""
        keys = self._keys(rid, who, answered_at, answers)
        for key in keys:
            found = self._where.get(key)
            if found is not None and found != rel:
                return found
        for key in keys:
            self._where.setdefault(key, rel)
        return None
