"""Registry and contract events: which sites exist, under which contract and buyer, who may write what."""

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ledger.events.base import PayloadModel
from ledger.events.vocab import Role, SiteKind, Text, Yuan


class SiteRegistered(PayloadModel):
    """A site (park, market, centre or alliance unit) joins the ledger."""

    type: Literal["site_registered"] = "site_registered"
    label_zh: ClassVar[str] = "登记站点"
    name: Text
    kind: SiteKind | None = None


class ContractSigned(PayloadModel):
    """The buyer's contract: which scheme scores the site, from when, and for what fee."""

    type: Literal["contract_signed"] = "contract_signed"
    label_zh: ClassVar[str] = "签订合同"
    scheme: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    start: date
    end: date | None = None
    fee_yuan: Yuan
    network_fee_yuan: Yuan = Decimal(0)  # Shaxian pays "中标价扣除网络建设费"
    # The buyer's Ed25519 public key: the site's root of trust (ledger/trust.py). The event is signed by it.
    buyer_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class ActorRoleGranted(PayloadModel):
    """An actor becomes an operator or an assessor for the envelope's site."""

    type: Literal["actor_role_granted"] = "actor_role_granted"
    label_zh: ClassVar[str] = "授予角色"
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    role: Role
    # An assessor's delegated Ed25519 public key: the buyer signs the grant, the assessor signs acts with it.
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class AssessorKeyRegistered(PayloadModel):
    """Schema 1 only (keys registered first come): read in migrated ledgers, no longer accepted (ledger/trust.py)."""

    type: Literal["assessor_key_registered"] = "assessor_key_registered"
    label_zh: ClassVar[str] = "登记评估公钥"
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
