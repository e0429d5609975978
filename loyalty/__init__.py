"""Regulars' loyalty domain: members, phone identity, points ledger, rules, reports.

Qt-free and network-free; used by the counter app, the sync engine and the central service.
The terminal's local store lives in :mod:`loyalty.store`.
"""
