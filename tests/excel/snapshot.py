"""A database's whole content as text, to prove that a refused or previewed import wrote nothing."""

from __future__ import annotations


def snapshot(ws) -> list[str]:
    with ws.engine.connect() as connection:
        return list(connection.connection.driver_connection.iterdump())
