"""The Windows installer script gives the data and key folders to administrators, SYSTEM and
the counter's accounts only. (No Windows here: the script is read, not run.)"""

from __future__ import annotations

import re
from pathlib import Path

from loyalty.store.keys import WINDOWS_KEY_FOLDER

ISS = Path(__file__).resolve().parents[2] / "installer" / "windows" / "regulars.iss"
USERS, EVERYONE, AUTHENTICATED = "S-1-5-32-545", "S-1-1-0", "S-1-5-11"


def script() -> str:
    # Inno Setup comments: lines starting with ';' (sections) or '//' (code).
    return "\n".join(line for line in ISS.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith((";", "//")))


def defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'#define (\w+) "([^"]*)"', text))


def test_no_folder_is_given_to_the_pcs_users() -> None:
    text = script()
    assert not re.search(r"Permissions:.*(users|everyone|authusers)", text, re.I)
    assert USERS not in text and EVERYONE not in text and AUTHENTICATED not in text


def test_the_data_and_key_folders_are_locked_down_after_install() -> None:
    text = script()
    names = defines(text)
    assert names["DataDir"] == "{commonappdata}\\Regulars"
    assert names["KeyDir"] == "{commonappdata}\\" + WINDOWS_KEY_FOLDER  # where keys.py looks
    dirs = re.findall(r'^Name: "\{#(\w+)\}"', text.split("[Dirs]")[1].split("[")[0], re.M)
    assert sorted(dirs) == ["DataDir", "KeyDir"]
    post = text.split("procedure CurStepChanged")[1]
    assert "ssPostInstall" in post
    assert sorted(re.findall(r"LockDown\(ExpandConstant\('\{#(\w+)\}'\)\)", post)) == \
        ["DataDir", "KeyDir"]


def test_lockdown_drops_inherited_rights_and_grants_exactly_three_principals() -> None:
    body = script().split("procedure LockDown")[1].split("end;\n\nprocedure")[0]
    calls = re.findall(r"RunHidden\(Icacls, (.+?)\)(?: <> 0 then|;)", body, re.S)
    assert len(calls) == 2
    reset, lock = (re.sub(r"'\s*\+\s*'", "", c) for c in calls)
    assert "/reset /T" in reset  # files an older version left with Users-modify
    assert "/inheritance:r" in lock and "/grant:r" in lock
    grants = re.findall(r"([*\w{}#-]+):\(OI\)\(CI\)(\w)", lock)
    assert sorted(grants) == sorted([("*S-1-5-32-544", "F"), ("*S-1-5-18", "F"),
                                     ("{#CounterGroup}", "M")])
    assert "RaiseException" in body  # a failed lock-down stops the install, not silence


def test_the_counter_group_is_created_and_the_counter_account_added() -> None:
    text = script()
    assert defines(text)["CounterGroup"] == "RegularsCounter"
    post = text.split("procedure CurStepChanged")[1]
    assert "localgroup {#CounterGroup} /add" in post
    assert "{param:COUNTERUSER|{username}}" in post
