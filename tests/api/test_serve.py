"""`strife serve` helpers: token file, host guard, tile URL in the CSP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from strife.api import ApiConfig, create_app
from strife.api.app import content_security_policy
from strife.cli.serve import allowed_hosts, read_token


def test_read_token(tmp_path):
    f = tmp_path / "token"
    f.write_text("s3cret-token-with-enough-chars\n")
    f.chmod(0o600)
    assert read_token(f) == "s3cret-token-with-enough-chars"
    for bad in ("short", "has space in the middle of it", ""):
        f.write_text(bad)
        with pytest.raises(ValueError):
            read_token(f)
    with pytest.raises(ValueError):
        read_token(tmp_path / "missing")


def test_loopback_bind_guards_host_header(store_path):
    assert allowed_hosts("0.0.0.0", 8000) is None
    hosts = allowed_hosts("127.0.0.1", 8000)
    with TestClient(create_app(ApiConfig(db=str(store_path), allowed_hosts=hosts)),
                    base_url="http://127.0.0.1:8000") as c:
        assert c.get("/stats").status_code == 200
        assert c.get("/stats", headers={"Host": "attacker.example"}).status_code == 400


def test_tile_url_option():
    assert "img-src 'self' data:;" in content_security_policy(None)
    assert "img-src 'self' data: https://tiles.example.org:8443;" in content_security_policy(
        "https://tiles.example.org:8443/{z}/{x}/{y}.png")
    for bad in ("javascript:alert(1)//{z}", "ftp://x/{z}", "https://x/{z}; script-src *"):
        with pytest.raises(ValueError):
            content_security_policy(bad)


def test_config_endpoint(client):
    assert client.get("/config.json").json() == {"tile_url": None, "write": False}


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from strife.cli.main import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "serve"])
    assert result.exit_code == 2
