"""The patient kernel client: a notebook runs through it, and a missed wake-up costs one slice."""

from __future__ import annotations

import asyncio
from queue import Empty

import nbformat
import pytest
from nbclient import NotebookClient

from crm_lessons import _kernel


def test_a_notebook_runs_with_the_patient_client():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7\nx")])
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            kernel_manager_class=_kernel.PatientKernelManager)
    client.execute()
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"


class _Socket:
    """A socket whose first polls report nothing although a message is waiting (a missed edge)."""

    def __init__(self, misses: int):
        self.misses, self.polls = misses, []

    async def poll(self, timeout_ms):
        self.polls.append(timeout_ms)
        return 0 if len(self.polls) <= self.misses else 1


def _channel(socket) -> _kernel.PatientChannel:
    channel = _kernel.PatientChannel.__new__(_kernel.PatientChannel)
    channel.socket = socket

    async def recv():
        return {"msg": "reply"}

    channel._recv = recv
    return channel


def test_get_msg_looks_again_until_the_message_shows():
    socket = _Socket(misses=3)
    assert asyncio.run(_channel(socket).get_msg(timeout=None)) == {"msg": "reply"}
    assert socket.polls == [250, 250, 250, 250]  # slices, never one long wait


def test_get_msg_still_times_out():
    socket = _Socket(misses=10**6)
    with pytest.raises(Empty):
        asyncio.run(_channel(socket).get_msg(timeout=0.3))
    assert max(socket.polls) <= 250
