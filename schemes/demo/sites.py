"""Who is in the demo: one site per scheme, twelve Wujiang alliance units, the buyer and its assessor.

Every site is registered, contracted (with its fee) and opened to the assessor in the last days of the year
before the demo's year, as a buyer would before the service starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.keys import KeySigner

BUYER = "buyer-office"  # signs every contract and delegates the assessor's key (its key is each site's root)
ASSESSOR = "assessor-li"  # the buyer's assessor: judgements, inspection findings, period closes, all signed


def demo_keys(seed: int) -> tuple[KeySigner, KeySigner]:
    """The buyer's and the assessor's keys, derived from the seed: the same seed gives the same signatures.
    (Demo keys only: real keys are random, made by `opsledger keys new` on their holder's machine.)"""
    return (
        KeySigner.from_seed(f"opsledger demo buyer {seed}".encode(), BUYER),
        KeySigner.from_seed(f"opsledger demo assessor {seed}".encode(), ASSESSOR),
    )


@dataclass(frozen=True)
class DemoSite:
    id: str
    name: str
    kind: str
    scheme: str
    fee_yuan: str
    operator: str
    network_fee_yuan: str = "0"


CHIFENG = DemoSite(
    "chifeng-hr-park", "赤峰人力资源服务产业园", "park", "chifeng-park", "3600000", "op-chifeng"
)
DONGSHENG = DemoSite("dongsheng-talent-center", "东胜区人才服务中心", "talent_center", "dongsheng-talent",
                     "2400000", "op-dongsheng")  # fmt: skip
PINGXIANG = DemoSite("pingxiang-hr-market", "萍乡市湘赣边人力资源市场", "employment_market", "pingxiang-market",
                     "4800000", "op-pingxiang")  # fmt: skip
SHAXIAN = DemoSite("shaxian-gig-market", "沙县区零工市场", "gig_market", "shaxian-gig", "1200000", "op-shaxian",
                   "200000")  # fmt: skip

# Where each Wujiang alliance unit recruits from (its labour bases are there), in unit order.
REGIONS = ("贵州铜仁", "云南昭通", "四川广安", "河南周口", "安徽阜阳", "甘肃定西", "江西赣州", "湖南怀化",
           "广西河池", "山西吕梁", "陕西安康", "重庆万州")  # fmt: skip
WUJIANG_FEE = "300000"


def wujiang_unit(n: int) -> DemoSite:
    """Unit n (1-based) of the alliance."""
    return DemoSite(f"wujiang-u{n:02d}", f"乐业吴江联盟运营单位（{REGIONS[n - 1]}）", "alliance_unit",
                    "wujiang-alliance", WUJIANG_FEE, f"op-wj{n:02d}")  # fmt: skip


WUJIANG_UNITS = tuple(wujiang_unit(n) for n in range(1, len(REGIONS) + 1))


def demo_sites() -> list[DemoSite]:
    """In registration order."""
    return [DONGSHENG, SHAXIAN, PINGXIANG, CHIFENG, *WUJIANG_UNITS]
