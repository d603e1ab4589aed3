"""`perfreg-xlsx status` and its reminder drafts (issue 14 item 6)."""

from __future__ import annotations

import email
import email.message
import json
import shutil
from email import policy
from pathlib import Path

from click.testing import CliRunner
from conftest import MakeForm, valid_answers

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


def test_warnings_only_get_no_reminder_and_drafts_are_addressed(
    tmp_path: Path, make_form: MakeForm
) -> None:
    """Issue 14 item 6: an answer with warnings only got a "must correct" reminder, and the
    drafts had no sender and no recipient."""
    lines = (ROOT / "templates" / "networks.csv").read_text(encoding="utf-8").splitlines()
    reg = tmp_path / "networks.csv"
    reg.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    names = [line.split(",")[0] for line in lines[1:4]]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    warned = valid_answers("Offshoreenergy.dk (tidl. Innovationsnetværket Offshore Center Danmark)")
    warned["firms_conferences"] = 0  # yes-but-none: a warning
    make_form("offshoreenergy_2012.xlsx", warned, folder=inputs)
    wrong = valid_answers(names[1])
    wrong["firms_new_ideas"] = "ca. 50"  # an error
    wrong["contact_email"] = "kontakt@ve-net.example"
    make_form("ve-net_2012.xlsx", wrong, folder=inputs)
    secretariat = tmp_path / "secretariat.csv"
    secretariat.write_text("name,email,phone\nSekretariatet,sek@example.dk,12345678\n")
    args = ["status", str(inputs), "--register", str(reg), "--year", "2012"]
    out = CliRunner().invoke(
        cli, [*args, "--reminders", str(tmp_path / "rem"), "--secretariat", str(secretariat)]
    )
    assert out.exit_code == 0, out.output
    assert "1 accepted with warnings only: no reminder" in out.output
    drafts = sorted(p.name for p in (tmp_path / "rem").iterdir())
    assert drafts == ["biomasse_2012_paamindelse.eml", "ve-net_2012_paamindelse.eml"]

    def read(name: str) -> email.message.EmailMessage:
        raw = (tmp_path / "rem" / name).read_bytes()
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(msg, email.message.EmailMessage)
        return msg

    fixed = read("ve-net_2012_paamindelse.eml")
    assert fixed["From"].addresses[0].addr_spec == "sek@example.dk"
    assert fixed["From"].addresses[0].display_name == "Sekretariatet"
    assert [a.addr_spec for a in fixed["To"].addresses] == ["kontakt@ve-net.example"]
    assert "Til afsenderen" not in fixed.get_body(("plain",)).get_content()
    unknown = read("biomasse_2012_paamindelse.eml")  # no answer: no address known
    assert unknown["From"].addresses[0].addr_spec == "sek@example.dk"
    assert str(unknown["To"]) == ""
    assert "Skriv modtageren i feltet Til" in unknown.get_body(("plain",)).get_content()
    # Without the secretariat's file the drafts cannot say who sends them: a usage error.
    missing = CliRunner().invoke(
        cli, [*args, "--reminders", str(tmp_path / "r2"), "--secretariat", str(tmp_path / "no")]
    )
    assert missing.exit_code == 2 and "secretariat" in missing.output
