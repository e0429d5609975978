"""Slips of instruments on their own: one used at the counter (or a pass's cups refunded),
and the prepaid pass's 禮券 (pure: same input, same document).

The 禮券 carries what Taiwan's mandatory terms for goods vouchers ask: the issuer's name,
address, tax id (統一編號) and representative, the item and count, the serial, how to use it,
the consumer hotline and the performance guarantee — and no expiry date. It is refused
(:class:`loyalty.vouchers.VoucherIssuerIncomplete`) while the chain has not set them.
"""

from __future__ import annotations

from loyalty.money import format_money
from loyalty.phone import mask_phone
from printing.document import Align, Barcode, Block, Document, Feed, Pair, Rule, Text
from printing.instrument_lines import count, instrument_blocks
from printing.slip_data import InstrumentUseSlip, PrepaidPassSlip
from printing.slips import _footer, _header, _member, _sale

NO_EXPIRY = "本禮券無使用期限。"


def build_instrument_use(slip: InstrumentUseSlip) -> Document:
    """A coupon, gift or cups used (or a pass's rest refunded): what, how many, what is left."""
    line = slip.instrument
    refund = slip.refund is not None
    title = "寄杯退費明細" if refund else "優惠使用明細"
    blocks = _header(slip.store, title) + _sale(slip.sale, slip.store) + _member(slip.member)
    if refund:
        assert slip.refund is not None
        blocks += [Pair(line.name, "-" + count(line.used, line.kind), bold=True),
                   Pair("退費金額", format_money(slip.refund), bold=True)]
    else:
        blocks += instrument_blocks((line,))[1:]  # its own rule is the member's
        if line.left and line.kind != "prepaid_pass":
            blocks.append(Pair("剩餘", count(line.left, line.kind)))
    if line.serial:
        blocks.append(Pair("禮券序號", line.serial))
    if slip.offline:
        blocks.append(Text("（離線使用，連線後確認）", Align.RIGHT))
    if slip.approved_by:
        blocks.append(Pair("主管核准", slip.approved_by))
    blocks += [Feed(), Text("顧客簽名：", Align.LEFT), Feed(2), Rule(".")]
    kind = "instrument_refund" if refund else "instrument"
    return Document(kind, f"{title[:4]} {slip.sale.receipt_no}",
                    tuple(blocks + _footer(slip.store)), slip.copy)


def how_to_use(slip: PrepaidPassSlip) -> str:
    """The chain's words, else: where, how many at a time, and who may use it."""
    if slip.issuer.how_to_use.strip():
        return slip.issuer.how_to_use.strip()
    return (f"憑會員條碼或手機號碼，至本公司各門市櫃檯兌換{slip.item}，"
            "每次 1 杯，可分次使用；"
            "兌換後由收據列出剩餘杯數。")


def build_prepaid_pass(slip: PrepaidPassSlip) -> Document:
    """The 禮券 of a prepaid pass sold at the counter.

    Raises:
        VoucherIssuerIncomplete: a required issuer field is empty (nothing is printed).
    """
    slip.issuer.check()
    issuer = slip.issuer
    blocks: list[Block] = [
        *_header(slip.store, "商品禮券（寄杯）"),
        Text(slip.name, Align.CENTER, bold=True, double=True),
        Feed(),
        Pair("商品名稱", slip.item, bold=True),
        Pair("數量", count(slip.count, "prepaid_pass"), bold=True),
        Pair("售價", format_money(slip.price)),
        Pair("禮券序號", slip.serial, bold=True),
        Barcode(slip.serial),
        Pair("持券會員", f"{slip.member.name} {mask_phone(slip.member.phone_e164)}"),
        Pair("會員編號", slip.member.code),
        Rule(),
        Text("使用方式", bold=True),
        Text(how_to_use(slip)),
        Text(NO_EXPIRY, bold=True),
        Rule(),
        Text("發行人", bold=True),
        Text(f"名稱：{issuer.name}"),
        Text(f"地址：{issuer.address}"),
        Pair("統一編號", issuer.tax_id),
        Pair("負責人", issuer.representative),
        Pair("消費者服務專線", issuer.hotline),
        Rule(),
        Text("履約保證", bold=True),
        Text(issuer.guarantee),
        Rule(),
        *_sale(slip.sale, slip.store)[:-1],
    ]
    return Document("prepaid_pass", f"禮券 {slip.serial}",
                    tuple(blocks + _footer(slip.store)), slip.copy)
