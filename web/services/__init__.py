"""The web app's one door into the library: every read and write the pages make goes through here.

Why a package of its own: nothing else in web/ touches the library's write path, so a change there is local
to it (a module per concern: writes, scores, assessing, registers, audit, over `base`). Operators' writes go
through the library's use-cases (schemes/actions.py: correct, retract, attach, import); assessors' acts
through schemes.audit and the appender, signed with the key the session unlocked. It holds no scoring or
storage logic: it picks the library function, passes the logged-in user as the actor, and shapes results for
templates.

Each worker thread opens its own Ledger (one SQLite connection per thread; a connection is never shared
between threads that may write at the same time).
"""

from web.services.assessing import Assessing
from web.services.audit import Audit
from web.services.base import FORM_NAMESPACE, OPERATOR_TYPES, Preview, TodayEvent, safe_name, today, type_name
from web.services.registers import Registers
from web.services.scores import Scores
from web.services.writes import Writes

__all__ = [
    "FORM_NAMESPACE",
    "OPERATOR_TYPES",
    "Preview",
    "Services",
    "TodayEvent",
    "safe_name",
    "today",
    "type_name",
]


class Services(Writes, Scores, Assessing, Registers, Audit):
    """The library, as the pages need it, for one ledger file: one part per concern (web/services/), each
    over the same per-thread ledger (`Base`)."""
