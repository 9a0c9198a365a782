"""`servex assess` with a manifest pointing at an API: evidence with provenance, offline re-grading,
a dead API failing only its own source, and no secret anywhere servex writes."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fake_zendesk import EMAIL, TOKEN, Faults, make_tickets, serve

DATA = Path(__file__).parent / "data"


def _manifest(folder: Path, url: str, dead: str | None = None) -> None:
    text = (
        'format_version: "1"\n'
        "organisation: {name: API Org}\n"
        "criteria: api-set.yaml\n"
        'period: {start: "2026-01-01", end: "2026-03-31"}\n'
        "sources:\n"
        "  - name: zendesk\n"
        "    collector: zendesk\n"
        "    config:\n"
        f"      base_url: {url}\n"
        f"      email: {EMAIL}\n"
        "      token_env: ZD_TOKEN\n"
        "      page_size: 40\n"
        "      backoff: 0.005\n"
        "      max_backoff: 0.05\n"
        "      retries: 10\n"
    )
    if dead:
        text += (
            "  - name: old-crm\n"
            "    collector: http-json\n"
            "    required: false\n"
            "    config:\n"
            f"      base_url: {dead}\n"
            "      auth: {type: bearer, token_env: ZD_TOKEN}\n"
            "      retries: 1\n"
            "      backoff: 0.01\n"
            "      endpoints:\n"
            "        - {path: /calls, dataset: calls, fields: {started_at: start}}\n"
        )
    (folder / "servex.yaml").write_text(text)
    shutil.copy(DATA / "api-set.yaml", folder / "api-set.yaml")  # a manifest names only files inside its folder


def _assess(folder: Path, out: Path, cache: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    from servex._cli.main import main

    try:
        main(["assess", str(folder), "-o", f"json:{out}", "--fail-on", "never", "--cache-dir", str(cache), *extra])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text())


def test_api_evidence_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    folder, cache = tmp_path / "org", tmp_path / "cache"
    folder.mkdir()
    api = make_tickets(400, seed=4)
    api.faults = Faults(seed=9, error_5xx=0.1, rate_429=0.1, reset=0.05)
    api.__post_init__()
    with serve(api) as url:
        _manifest(folder, url)
        code, online = _assess(folder, tmp_path / "online.json", cache)
    assert code == 0
    finding = {f["criterion_id"]: f for f in online["findings"]}["API-L1-01"]
    assert finding["status"] == "met"
    [evidence] = [e for e in online["evidence"] if e["kind"] == "dataset"]
    assert evidence["attributes"]["rows"] == 400
    assert evidence["provenance"]["collector"] == "zendesk" and evidence["provenance"]["source"] == url
    assert len(evidence["provenance"]["sha256"]) == 64

    # Re-graded with no network and no credentials: the same result, byte for byte.
    monkeypatch.delenv("ZD_TOKEN")
    code, _offline = _assess(folder, tmp_path / "offline.json", cache, "--offline")
    assert code == 0
    assert (tmp_path / "offline.json").read_bytes() == (tmp_path / "online.json").read_bytes()

    # A second, dead API fails its own source with the reason; the run still completes.
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    with serve(api) as url:
        _manifest(folder, url, dead="http://127.0.0.1:9")
        code, mixed = _assess(folder, tmp_path / "mixed.json", cache)
    assert code == 0
    log = json.dumps(mixed["log"])
    assert "old-crm" in log and "gave up after 2 attempts" in log
    assert [e["attributes"]["rows"] for e in mixed["evidence"] if e["kind"] == "dataset"] == [400]
    assert {f["criterion_id"]: f for f in mixed["findings"]}["API-L1-01"]["status"] == "error"
    sources = {s["name"]: s for s in mixed["sources"]}
    assert (sources["zendesk"]["status"], sources["old-crm"]["status"]) == ("ok", "failed")
    assert sources["old-crm"]["error"] == "http://127.0.0.1:9/calls: gave up after 2 attempts (ConnectError)"

    captured = capsys.readouterr()
    secrets = [TOKEN, base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len([p for p in written if p.suffix == ".body"]) > 20
    for path in written:
        data = path.read_bytes()
        assert not any(s.encode() in data for s in secrets), path
    assert not any(s in captured.out + captured.err for s in secrets)
