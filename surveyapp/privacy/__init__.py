"""Personal data under control (AVG): the admin's requests and processing record (`bp`, under
/admin/privacy), the public privacy notice of each wave (`notice_bp`, /privacy/<slug>), the
retention purge (`retention.py`, run by the mail worker and `flask privacy purge`) and the
notice text (`notice.py`). The coordinator edits a wave's notice and period on its own page."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("privacy", __name__)
bp.before_request(require_roles(StaffRole.ADMIN))
notice_bp = Blueprint("privacy_notice", __name__)

from surveyapp.privacy import routes  # noqa: E402, F401
