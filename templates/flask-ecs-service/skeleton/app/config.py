"""Runtime settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping


@dataclass(frozen=True)
class Settings:
    # The build writes the image tag (the commit) into APP_VERSION; see the Dockerfile.
    version: str = "dev"
    service_name: str = "${{ values.name }}"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, overrides: Mapping[str, Any] | None = None) -> "Settings":
        settings = cls(
            version=os.environ.get("APP_VERSION", cls.version),
            service_name=os.environ.get("SERVICE_NAME", cls.service_name),
            log_level=os.environ.get("LOG_LEVEL", cls.log_level).upper(),
        )
        if overrides:
            known = {f.name for f in fields(cls)}
            unknown = set(overrides) - known
            if unknown:
                raise ValueError(f"Unknown settings: {', '.join(sorted(unknown))}")
            settings = replace(settings, **dict(overrides))
        return settings
