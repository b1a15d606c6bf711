"""Where the committed sample files live (tests/fixtures/, licences beside them)."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
INTERCHANGE = FIXTURES / "interchange"
