"""Category: a channel is rated at its lowest part; the site's design category; the interfaces' speed."""
from __future__ import annotations

from .. import standards
from .catalogue import rule
from .context import CATEGORY_RANK, category_rank

FAMILY = "category"

_ORDER = standards.COPPER_CATEGORY_ORDER


def _weakest(cables):
    """(lowest-rated copper cable, its rank) among ``cables``; (None, None) without copper categories."""
    low, rank = None, None
    for c in cables:
        r = category_rank(c.type)
        if r is not None and (rank is None or r < rank):
            low, rank = c, r
    return low, rank


@rule("C101", "channel of mixed categories: rated at its lowest part", severity="info",
      source=standards.COPPER_CATEGORIES_SOURCE,
      explanation="""
      The cables of a channel are of different categories: the channel performs only as well as its
      lowest part. Listed so that a Cat6A design is not believed of a channel with a Cat5e cord.
      """,
      fails="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat5e, length: 2}
      """,
      passes="""
      devices:
        - {id: 1A-002, model: cabling-outlet-1, room: OFFICE}
        - {id: PH2, model: cabling-ip-phone, room: OFFICE}
      cables:
        - {id: H-1A-A02, a: '1A-002:R1', b: 'PP-1A-A:R2', type: cat6, length: 30, label: 1A-A02}
        - {id: P-1A-A02, a: 'PP-1A-A:2', b: 'SW1:Gi1/0/2', type: cat6, length: 1}
        - {id: W-1A-002, a: '1A-002:1', b: 'PH2:LAN', type: cat6, length: 2}
      """)
def mixed(ctx):
    for ch in ctx.network_channels:
        types = {t for c in ch.cables if (t := c.type) in CATEGORY_RANK}  # the copper categories on it
        if len(types) > 1:
            low, _ = _weakest(ch.cables)
            others = ", ".join(sorted(types - {low.type}))
            yield ctx.channel_finding("C101", ch, f"is rated {low.type}: cable {low.id} is {low.type}, the rest {others}",
                                      hint=f"replace {low.id} to rate the channel higher")


@rule("C102", "cable below the site's design category", severity="error", source=standards.COPPER_CATEGORY_ORDER_SOURCE,
      explanation="""
      The site declares the category it is designed to (`rules: {design_category: cat6a}`); a copper
      cable of a lower category is below the design (a channel is rated at its lowest part). Voice
      cables punched pair by pair on a block (`telephony: cables:`) carry no data channel and are not
      held to it.
      """,
      fails="""
      rules:
        design_category: cat6a
      """,
      passes="""
      rules:
        design_category: cat6
      """)
def below_design(ctx):
    for site in ctx.inventory.sites.values():
        design = ctx.settings(site).design_category
        need = category_rank(design)
        if need is None:
            continue
        tel = ctx.inventory.telephony
        voice = tel.cable_landings if tel is not None else {}
        for c in site.cables.values():
            r = category_rank(c.type)
            if r is not None and r < need and c.status != "decommissioned" and id(c) not in voice:
                yield ctx.finding("C102", f"cable {c.id} is {c.type}, below the site's design category {design}",
                                  c.mark, site=site, ports=list(c.a + c.b), cables=[c],
                                  hint=f"replace {c.id} with {design} cable (or correct its type)")


def _need(port) -> tuple[int | None, str | None]:
    t = port.template.type
    need = standards.INTERFACE_MIN_CATEGORY.get(t or "")
    return (category_rank(need), need) if need else (None, None)


@rule("C103", "channel category too low for the interfaces' speed", severity="error",
      source=standards.INTERFACE_MIN_CATEGORY_SOURCE,
      explanation="""
      The interfaces at the two ends of a channel run at the slower one's speed, given by the model's
      interface type (`10gbase-t`, `1000base-t`, ...). That speed needs a minimum category over a
      100 m channel: 10GBASE-T Cat6A, 5GBASE-T Cat6, 2.5GBASE-T and 1000BASE-T Cat5e, 100BASE-TX Cat5.
      The channel's lowest copper cable must meet it.
      """,
      fails="""
      devices:
        - {id: PC2, model: cabling-pc, room: OFFICE}
      cables:
        - {id: X-1, a: 'PC2:NIC', b: 'SW1:Gi1/0/9', type: cat5, length: 20}
      """,
      passes="""
      devices:
        - {id: PC2, model: cabling-pc, room: OFFICE}
      cables:
        - {id: X-1, a: 'PC2:NIC', b: 'SW1:Gi1/0/9', type: cat5e, length: 20}
      """)
def too_slow(ctx):
    needs: dict[int, tuple] = {}  # id(port template) -> _need of its ports

    def need_of(port):
        found = needs.get(id(port.template))
        if found is None:
            found = needs[id(port.template)] = _need(port)
        return found

    for ch in ctx.channels:
        if ch.end is None:
            continue
        (ra, na), (rb, nb) = need_of(ch.port), need_of(ch.end)
        if ra is None or rb is None:
            continue
        need, what, port = (ra, na, ch.port) if ra <= rb else (rb, nb, ch.end)
        low, rank = _weakest(ch.cables)
        if rank is not None and rank < need:
            yield ctx.channel_finding("C103", ch, f"runs {port.template.type.upper()}, which needs {what}, but cable "
                                                  f"{low.id} is {low.type}",
                                      cables=[low], hint=f"replace {low.id} with {what} or better")
