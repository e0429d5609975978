"""The issue's text cases as cashiers and customers type them: one table, used through every
door (the enroll form, the till's store, the wire, central, a second till, the slip's bytes
and the report's CSV)."""

from __future__ import annotations

ACCEPTED = [  # (case, phone as typed, name as typed, name as stored everywhere)
    ("en-dash phone", "0912–345–678", "王小明", "王小明"),
    ("decomposed Zoé", "0912 000 001", "Zoe\u0301 Chen", "Zoé Chen"),
    ("script tag", "0912\u00a0000\u00a0002", "<script>alert(1)</script>",
     "<script>alert(1)</script>"),
    ("𠮷 × 40", "０９１２０００００３", "𠮷" * 40, "𠮷" * 40),
    ("emoji", "+852 9123 4567", "Amy 🎉😀", "Amy 🎉😀"),
]
REFUSED = [  # (case, phone, name, code)
    ("BEL", "0912000011", "Ann\x07", "name_bad_character"),
    ("ESC", "0912000012", "\x1b[31mAnn", "name_bad_character"),
    ("zero-width only", "0912000013", "\u200b\u200b", "name_bad_character"),
    ("right-to-left override", "0912000014", "王小明\u202ecba", "name_bidi_control"),
    ("41 characters", "0912000015", "好" * 41, "name_too_long"),
    ("mainland China", "+86 138 1234 5678", "李雷", "phone_region"),
    ("United States", "+1 415 555 2671", "Bob", "phone_region"),
    ("extension", "0912000016 ext. 3", "Ann", "phone_extension"),
]
