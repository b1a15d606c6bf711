"""Dependency audit for CI: pip-audit over the project's virtualenv, reported honestly.

Fails on any known vulnerability. When the live vulnerability data cannot be reached (pip-audit
then skips every package), the packages are matched against the offline snapshot of the PyPA
advisory database in ../shared/vulns (OSV files, read with `packaging`), and the snapshot's
date is printed: it is older than many installed versions, so the line never claims more
than it checked.

    python .ci/audit.py SITE_PACKAGES PIP_AUDIT [SNAPSHOT.tgz]
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


def installed(site: str) -> dict[str, str]:
    """Every distribution in the virtualenv: normalised name → version."""
    return {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions(path=[site])
        if d.metadata["Name"]
    }


def affected(entry: dict, name: str, version: str) -> bool:
    """Whether one OSV advisory covers this version of this package (explicit versions, or
    ECOSYSTEM ranges: introduced ≤ v < fixed, or ≤ last_affected); a withdrawn one never."""
    if entry.get("withdrawn"):
        return False
    try:
        v = Version(version)
    except InvalidVersion:
        return False
    for item in entry.get("affected", []):
        if canonicalize_name(item.get("package", {}).get("name", "")) != name:
            continue
        if version in (item.get("versions") or []):
            return True
        for r in item.get("ranges", []):
            if r.get("type") != "ECOSYSTEM":
                continue
            start = None
            for event in r.get("events", []):
                if "introduced" in event:
                    start = (
                        Version("0") if event["introduced"] == "0" else Version(event["introduced"])
                    )
                elif start is not None and "fixed" in event:
                    if start <= v < Version(event["fixed"]):
                        return True
                    start = None
                elif start is not None and "last_affected" in event:
                    if start <= v <= Version(event["last_affected"]):
                        return True
                    start = None
            if start is not None and v >= start:
                return True
    return False


def fixed_in(entry: dict) -> str:
    fixes = [
        e["fixed"]
        for item in entry.get("affected", [])
        for r in item.get("ranges", [])
        for e in r.get("events", [])
        if "fixed" in e
    ]
    return ", ".join(fixes) or "no fix yet"


def offline_audit(site: str, snapshot: Path) -> int:
    """Match the virtualenv against the snapshot; 1 when anything is vulnerable."""
    readme = (snapshot.parent / "README.md").read_text(encoding="utf-8")
    dated = re.search(r"dated (\d{4}-\d{2}-\d{2})", readme)
    date = dated.group(1) if dated else "unknown date"
    packages = installed(site)
    found = []
    with tarfile.open(snapshot) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if (
                not member.isfile()
                or len(parts) < 3
                or canonicalize_name(parts[-2]) not in packages
            ):
                continue
            entry = yaml.safe_load(io.TextIOWrapper(archive.extractfile(member), "utf-8"))
            name = canonicalize_name(parts[-2])
            if affected(entry, name, packages[name]):
                found.append((name, packages[name], entry["id"], fixed_in(entry)))
    for name, version, vuln, fixed in sorted(found):
        print(f"VULNERABLE {name} {version}: {vuln} (fixed in {fixed})")
    print(
        f"dependency audit (offline): {len(packages)} installed packages matched against the PyPA "
        f"advisory database snapshot of {date} (PYSEC entries only; releases and advisories "
        f"after that date are not covered): {len(found)} known vulnerabilities"
    )
    return 1 if found else 0


def live_audit(site: str, audit: str) -> tuple[int, bool]:
    """pip-audit against the live service: (exit code, whether anything was audited)."""
    try:
        run = subprocess.run(  # noqa: S603 - fixed arguments
            [audit, "--path", site, "--format", "json", "--progress-spinner", "off"],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        report = json.loads(run.stdout)
    except (OSError, subprocess.TimeoutExpired) as err:
        print(f"dependency audit: pip-audit did not run ({err})")
        return 0, False
    except json.JSONDecodeError:
        print("dependency audit: pip-audit gave no report:", run.stderr.strip()[-300:])
        return 0, False
    deps = report["dependencies"]
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {d['name']} {d.get('version')}: {v['id']} (fixed in {fixed})")
    audited = len(deps) - len(skipped)
    if audited:
        print(f"dependency audit: {audited} packages audited, {len(skipped)} skipped")
    return (1 if vulnerable else 0), audited > 0


def main(argv: list[str]) -> int:
    site, audit = argv[1], argv[2]
    code, done = live_audit(site, audit)
    if done:
        return code
    snapshot = Path(argv[3]) if len(argv) > 3 else None
    if snapshot is None or not snapshot.exists():
        print("dependency audit: NOT DONE - no live vulnerability data and no offline snapshot.")
        return 0
    print("dependency audit: the live vulnerability data could not be reached; using the snapshot")
    return offline_audit(site, snapshot)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
