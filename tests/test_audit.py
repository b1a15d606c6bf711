"""The offline dependency audit (.ci/audit.py) matches OSV advisories as pip-audit would."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def advisory(events=(), versions=(), withdrawn=None):
    entry = {
        "id": "PYSEC-0000-1",
        "affected": [
            {
                "package": {"name": "Some_Package", "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
                "versions": list(versions),
            }
        ],
    }
    if withdrawn:
        entry["withdrawn"] = withdrawn
    return entry


@pytest.mark.parametrize(
    ("version", "expected"),
    [("65.5.0", True), ("65.5.1", False), ("1.0", True), ("0.9", False), ("70.0", True)],
)
def test_ranges_between_introduced_and_fixed_and_open_ended(version, expected):
    entry = advisory([{"introduced": "1.0"}, {"fixed": "65.5.1"}, {"introduced": "70.0"}])
    assert audit.affected(entry, "some-package", version) is expected


def test_listed_versions_last_affected_and_withdrawn():
    assert audit.affected(advisory(versions=["2.0b1"]), "some-package", "2.0b1")
    last = advisory([{"introduced": "0"}, {"last_affected": "3.1"}])
    assert audit.affected(last, "some-package", "3.1")
    assert not audit.affected(last, "some-package", "3.2")
    gone = advisory([{"introduced": "0"}], withdrawn="2023-06-06T10:37:00Z")
    assert not audit.affected(gone, "some-package", "7.4.1")  # as PYSEC-2023-73 for redis
    assert not audit.affected(advisory([{"introduced": "0"}]), "other", "1.0")


def test_the_snapshot_finds_the_old_setuptools(tmp_path):
    snapshot = ROOT.parent / "shared" / "vulns" / "pypa-advisory-database.tgz"
    if not snapshot.exists():
        pytest.skip("no advisory snapshot beside the repository (../shared/vulns)")
    site = tmp_path / "site"
    dist = site / "setuptools-65.5.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: setuptools\nVersion: 65.5.0\n")
    assert audit.offline_audit(str(site), snapshot) == 1
