"""All settings in one place, from options or the environment (prefix ``POLICYKG_``).

>>> Settings(backend="networkx").backend
'networkx'
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from policykg.graph.credentials import split_credentials
from policykg.loaders.datafiles import DEFAULT_CORPUS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    corpus: Path = DEFAULT_CORPUS
    backend: Literal["networkx", "neo4j"] = "networkx"
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    #: when set, POST /api/admin/reload is on and needs "Authorization: Bearer <token>"
    reload_token: SecretStr | None = None
    #: origins allowed by CORS; none by default
    cors_origins: list[str] = []
    #: log level of the server; at "debug" the Neo4j driver logs its traffic too (credentials masked)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    #: load the corpus when the server starts; default: yes on networkx, no on Neo4j
    #: (Neo4j keeps the graph that `policykg load --backend neo4j` wrote)
    load_on_start: bool | None = None
    #: refuse the whole corpus when one document cannot be used (default: set it aside, load the rest)
    strict: bool = False
    #: answers computed at once (default: the cores on networkx, 16 on Neo4j)
    worker_threads: int | None = None

    @field_validator("reload_token")
    @classmethod
    def _a_token_is_not_blank(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            raise ValueError("POLICYKG_RELOAD_TOKEN is blank: unset it to keep reload off, or set a real token")
        return value

    @model_validator(mode="after")
    def _credentials_out_of_the_uri(self) -> "Settings":
        """``neo4j://user:pass@host`` works, but the URI kept (and shown) is ``neo4j://host``."""
        if self.neo4j_uri:
            uri, user, password = split_credentials(self.neo4j_uri)
            self.neo4j_uri = uri
            if user and self.neo4j_user == "neo4j":
                self.neo4j_user = user
            if password and self.neo4j_password is None:
                self.neo4j_password = SecretStr(password)
        return self

    @property
    def loads_on_start(self) -> bool:
        return self.backend == "networkx" if self.load_on_start is None else self.load_on_start
