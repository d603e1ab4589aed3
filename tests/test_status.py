"""`perfreg-xlsx status` and its reminder drafts (issue 14 item 6)."""

from __future__ import annotations

import email
import json
import shutil
from email import policy
from pathlib import Path

from click.testing import CliRunner

from perfreg_xlsx.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


def test_status_rows_and_reminders(tmp_path: Path) -> None:
    lines = (ROOT / "templates" / "networks.csv").read_text(encoding="utf-8").splitlines()
    reg = tmp_path / "networks.csv"
    reg.write_text(
        "\n".join(lines[:4]) + "\n", encoding="utf-8"
    )  # offshoreenergy, ve-net, biomasse
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(ROOT / "inputs" / "offshoreenergy_2012.xlsx", inputs)
    (inputs / "ve-net_2012.xls").write_bytes(b"\xd0\xcf\x11\xe0not really")
    args = ["status", str(inputs), "--register", str(reg), "--year", "2012", "--json"]
    out = CliRunner().invoke(cli, [*args, "--reminders", str(tmp_path / "rem")])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    rows = {r["short_name"]: r for r in doc["networks"]}
    assert rows["offshoreenergy"]["status"] == "accepted"
    assert rows["offshoreenergy"]["needs"] is None and len(rows["offshoreenergy"]["sha256"]) == 64
    assert rows["ve-net"]["status"] == "refused" and rows["ve-net"]["needs"] == "correct"
    assert rows["biomasse"]["status"] == "no answer" and rows["biomasse"]["needs"] == "answer"
    drafts = sorted(p.name for p in (tmp_path / "rem").iterdir())
    assert drafts == ["biomasse_2012_paamindelse.eml", "ve-net_2012_paamindelse.eml"]
    raw = (tmp_path / "rem" / "biomasse_2012_paamindelse.eml").read_bytes()
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert "2012" in msg["Subject"]
    files = [(a.get_filename(), a.get_content()) for a in msg.iter_attachments()]
    assert files[0][0] == "biomasse_2012.xlsx" and files[0][1][:2] == b"PK"
    assert "besvarelse" in msg.get_body(("plain",)).get_content()
